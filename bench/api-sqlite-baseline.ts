/**
 * The referral benchmark's floor: how many durable commits per second better-sqlite3 manages on this
 * machine's disk with the portal's own pragmas (WAL + synchronous=FULL, via `applyPragmas`). A fresh file,
 * one single-row INSERT per BEGIN IMMEDIATE … COMMIT, in a loop for the given time. Run as a child process
 * (`node bench/api-sqlite-baseline.ts <file> <seconds>`); prints one JSON line:
 * `{"commits":…,"seconds":…,"commitsPerSecond":…}`.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { applyPragmas } from '../db/client.ts';

const [file, secondsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/api-sqlite-baseline.ts <database file> [seconds]');
const seconds = Number(secondsArg ?? 3);

for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
const sqlite = new Database(file);
applyPragmas(sqlite);
sqlite.exec(`create table commits (
  id integer primary key autoincrement,
  citizen_ref text not null,
  purpose text not null,
  created_at text not null
)`);
const insert = sqlite.prepare('insert into commits (citizen_ref, purpose, created_at) values (?, ?, ?)');
const commitOne = sqlite.transaction((n: number) => {
  insert.run(`BENCH-${n}`, 'Afklaring af helbred og arbejdsevne (benchmark)', new Date().toISOString());
});

// A short warm-up (file growth, page cache), then the measured loop.
for (let i = 0; i < 50; i++) commitOne.immediate(-i);
let commits = 0;
const start = process.hrtime.bigint();
const until = start + BigInt(Math.round(seconds * 1e9));
let now = start;
while (now < until) {
  commitOne.immediate(commits);
  commits += 1;
  now = process.hrtime.bigint();
}
const elapsed = Number(now - start) / 1e9;
sqlite.close();
for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
console.log(JSON.stringify({ commits, seconds: elapsed, commitsPerSecond: commits / elapsed }));
