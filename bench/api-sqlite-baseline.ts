/**
 * The referral benchmark's floors: how many durable writes per second better-sqlite3 manages on this
 * machine's disk with the portal's own pragmas (WAL + synchronous=FULL, via `applyPragmas`), on a fresh file,
 * one single-row INSERT per write. Two ways, run as a child process on the server's core:
 *
 * - `single`: one BEGIN IMMEDIATE … COMMIT per write, in a loop (what a server without batching could reach);
 * - `batched`: the server's own batching (db/group-commit.ts, the very class): `writers` concurrent writers
 *   (the load's connection count), each waiting for its write to commit before it sends the next, so the
 *   writes of one event-loop turn share one IMMEDIATE transaction (up to 256, each in a savepoint, one fsync).
 *
 * `node bench/api-sqlite-baseline.ts <file> <seconds> [single|batched] [writers]` prints one JSON line:
 * `{"mode":…,"commits":…,"writes":…,"seconds":…,"writesPerSecond":…}` (commits = transactions committed).
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { applyPragmas } from '../db/client.ts';
import { GroupCommit } from '../db/group-commit.ts';

export interface BaselineResult {
  mode: 'single' | 'batched';
  /** Transactions committed (one fsync each). */
  commits: number;
  /** Rows written. */
  writes: number;
  seconds: number;
  writesPerSecond: number;
}

function open(file: string): { sqlite: Database.Database; write: (n: number) => void; close: () => void } {
  const remove = () => { for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true }); };
  remove();
  const sqlite = new Database(file);
  applyPragmas(sqlite);
  sqlite.exec(`create table commits (
    id integer primary key autoincrement,
    citizen_ref text not null,
    purpose text not null,
    created_at text not null
  )`);
  const insert = sqlite.prepare('insert into commits (citizen_ref, purpose, created_at) values (?, ?, ?)');
  return {
    sqlite,
    write: (n) => { insert.run(`BENCH-${n}`, 'Afklaring af helbred og arbejdsevne (benchmark)', new Date().toISOString()); },
    close: () => { sqlite.close(); remove(); },
  };
}

function single(file: string, seconds: number): BaselineResult {
  const { sqlite, write, close } = open(file);
  const commitOne = sqlite.transaction(write);
  for (let i = 0; i < 50; i++) commitOne.immediate(-i); // warm-up: file growth, page cache
  let writes = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < until) {
    commitOne.immediate(writes);
    writes += 1;
    now = process.hrtime.bigint();
  }
  const elapsed = Number(now - start) / 1e9;
  close();
  return { mode: 'single', commits: writes, writes, seconds: elapsed, writesPerSecond: writes / elapsed };
}

async function batched(file: string, seconds: number, writers: number): Promise<BaselineResult> {
  const { sqlite, write, close } = open(file);
  const group = new GroupCommit(sqlite);
  for (let i = 0; i < 50; i++) await group.run(() => write(-i)); // warm-up
  let writes = 0;
  let commits = 0;
  // The writes of one shared commit run back to back before any of them is answered: a write that runs
  // while no answer has come since the previous write opens a new commit.
  let answeredSinceLastWrite = true;
  const start = performance.now();
  const until = start + seconds * 1000;
  let end = start;
  const writer = async () => {
    while (performance.now() < until) {
      await group.run(() => {
        if (answeredSinceLastWrite) { commits += 1; answeredSinceLastWrite = false; }
        write(writes);
      });
      answeredSinceLastWrite = true;
      writes += 1;
      end = performance.now();
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const elapsed = (end - start) / 1000;
  close();
  return { mode: 'batched', commits, writes, seconds: elapsed, writesPerSecond: writes / elapsed };
}

if (import.meta.main) {
  const [file, secondsArg, mode = 'single', writersArg = '100'] = process.argv.slice(2);
  if (!file || (mode !== 'single' && mode !== 'batched')) {
    throw new Error('usage: node bench/api-sqlite-baseline.ts <database file> [seconds] [single|batched] [writers]');
  }
  const seconds = Number(secondsArg ?? 3);
  const result = mode === 'single' ? single(file, seconds) : await batched(file, seconds, Number(writersArg));
  console.log(JSON.stringify(result));
}
