/**
 * The referral benchmark's floors: how many durable writes per second better-sqlite3 manages on this
 * machine's disk with the portal's own pragmas (WAL + synchronous=FULL, via `applyPragmas`), on a fresh file,
 * one single-row INSERT per write. Two ways, run as a child process on the server's core:
 *
 * - `single`: one BEGIN IMMEDIATE … COMMIT per write, in a loop (what a server without batching could reach);
 * - `batched`: the same work as the server's referral creation, on raw better-sqlite3: the portal's schema
 *   (its migrations), and per write the statements a direct-intake referral runs (the open-referral check,
 *   the seat count — continuous seats or the first cohort with room, alternately, as the load alternates its
 *   two offers — then the insert in the final status and its two events, sent and placed), through the server's own
 *   batching (the SQLite engine's transactions, db/engine.ts, the very code): `writers` concurrent writers (the load's connection
 *   count), each waiting for its write to commit before it sends the next, so the writes of one event-loop
 *   turn share one IMMEDIATE transaction (up to 256, each in a savepoint, one fsync). What the server does
 *   beyond this is HTTP, the framework, validation and drizzle.
 *
 * `node bench/api-sqlite-baseline.ts <file> <seconds> [single|batched] [writers]` prints one JSON line:
 * `{"mode":…,"commits":…,"writes":…,"seconds":…,"writesPerSecond":…}` (commits = transactions committed).
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { applyPragmas, openDatabase } from '../db/client.ts';
import { sqliteEngine } from '../db/engine.ts';

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

/** The SQL of a direct-intake referral creation (server/services/referrals.ts create), as prepared statements. */
function referralWork(sqlite: Database.Database): (n: number) => void {
  const now = () => new Date().toISOString();
  const today = now().slice(0, 10);
  sqlite.exec(`
    insert into organisations (id, name, kind, sector) values ('jc', 'Jobcenter', 'jobcentre', 'employment'), ('org', 'Udbyder', 'provider', 'health');
    insert into units (id, organisation_id, name) values ('unit', 'jc', 'Enhed');
    insert into users (email, name, role, organisation_id, unit_id, password_hash) values ('cw@example.dk', 'Sagsbehandler', 'caseworker', 'jc', 'unit', 'x');
    insert into cohorts (offer_slug, starts_on, ends_on, seats, updated_at) values
      ('hold', date('now', '-7 days'), date('now', '+60 days'), 12, '${now()}'), ('hold', date('now', '+30 days'), date('now', '+90 days'), 12, '${now()}');
  `);
  const open = sqlite.prepare(`select id, status from referrals where citizen_ref = ? and offer_slug = ?
    and status in ('sent', 'received', 'waitlisted', 'accepted', 'started') limit 1`);
  const insert = sqlite.prepare(`insert into referrals (offer_slug, provider_organisation_id, cohort_id, unit_id, caseworker_id, citizen_ref,
    purpose, note, consent_scope, consent_recorded_by, consent_recorded_at, status, status_reason, waitlisted_at, created_at, updated_at)
    values (?, 'org', ?, 'unit', 1, ?, ?, null, ?, 1, ?, ?, ?, ?, ?, ?) returning *`);
  const event = sqlite.prepare(`insert into referral_events (referral_id, actor_id, from_status, to_status, reason, at) values (?, ?, ?, ?, ?, ?) returning id`);
  const seats = sqlite.prepare(`select seats from offer_seats where offer_slug = ?`);
  const takenContinuous = sqlite.prepare(`select count(*) as n from referrals where offer_slug = ? and status in ('accepted', 'started') and cohort_id is null`);
  const openCohorts = sqlite.prepare(`select * from cohorts where offer_slug = ? and ends_on >= ? order by starts_on, id`);
  const takenInCohort = sqlite.prepare(`select count(*) as n from referrals where offer_slug = ? and status in ('accepted', 'started') and cohort_id = ?`);
  return (n) => {
    const offer = n % 2 === 0 ? 'plads' : 'hold';
    const citizenRef = `BENCH-${n}`;
    const at = now();
    open.get(citizenRef, offer);
    // The seat is decided before the row is written, which is then written once, in its final status.
    let cohortId: number | null = null;
    let free: number;
    if (offer === 'plads') {
      free = ((seats.get(offer) as { seats: number } | undefined)?.seats ?? 15) - (takenContinuous.get(offer) as { n: number }).n;
    } else {
      free = 0;
      for (const c of openCohorts.all(offer, today) as { id: number; seats: number }[]) {
        free = c.seats - (takenInCohort.get(offer, c.id) as { n: number }).n;
        if (free > 0) { cohortId = c.id; break; }
      }
    }
    const to = free > 0 ? 'accepted' : 'waitlisted';
    const referral = insert.get(offer, cohortId, citizenRef, 'Afklaring af helbred og arbejdsevne (benchmark)', 'Udveksling af oplysninger', at,
      to, 'Direkte optag (benchmark)', to === 'waitlisted' ? at : null, at, at) as { id: number };
    event.get(referral.id, 1, null, 'sent', null, at);
    event.get(referral.id, null, 'sent', to, 'Direkte optag (benchmark)', at);
  };
}

async function batched(file: string, seconds: number, writers: number): Promise<BaselineResult> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const database = openDatabase(file); // the portal's pragmas and migrations
  const write = referralWork(database.sqlite);
  // The server's own transactions: the engine's group commit (db/engine.ts), savepoint per write.
  const engine = sqliteEngine(database);
  const group = { run: (work: () => void) => engine.transaction(async () => work()) };
  for (let i = 0; i < 50; i++) await group.run(() => write(-1 - i)); // warm-up
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
  database.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
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
