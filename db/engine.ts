/**
 * One data layer, two engines. A repository is written once, against drizzle's query builder typed as
 * PostgreSQL's, and runs on whichever engine the configuration chose: `DATABASE_URL=postgres://…` for a
 * shared PostgreSQL (several app processes), or the embedded SQLite file. The two schema modules have the
 * same tables and columns (a test compares them), so a query built from one engine's tables is valid on it.
 *
 * Transactions are asynchronous on both. On PostgreSQL a transaction holds a pooled connection and may
 * lock rows (`forUpdate`). On SQLite there is one connection: transactions take turns (a queue), begin
 * IMMEDIATE (the write lock at once), and must await nothing but the database, whose answers better-sqlite3
 * gives at once; the whole transaction then runs before any other request is handled.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { DatabaseHandle } from './client.ts';
import type * as PgSchema from './schema.postgres.ts';
import * as sqliteSchema from './schema.ts';

export type Tables = typeof PgSchema;
/** The query builder of a database or of one transaction on it. */
export type Executor = PgDatabase<NodePgQueryResultHKT, Tables>;
export type EngineKind = 'sqlite' | 'postgres';
/** The change notices processes send each other. */
export type ChangeChannel = 'offers_changed' | 'sessions_revoked' | 'organisations_changed';

export interface Engine {
  readonly kind: EngineKind;
  readonly db: Executor;
  /** This engine's tables (typed as PostgreSQL's: the same names and columns). */
  readonly tables: Tables;
  /**
   * Runs `work` in one transaction: all of it commits, or none of it. Called inside another transaction
   * (in the same async context) it joins that one: a command's unit of work holds the services' writes.
   */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
  /** Where a query runs now: the current transaction, or the database. */
  executor(): Executor;
  /** The current transaction's executor, if this async context is inside one. */
  transactionExecutor(): Executor | undefined;
  /** The select, locking the rows it reads until the transaction ends (PostgreSQL; SQLite's writer holds the database). */
  forUpdate<Q extends { for(strength: 'update'): unknown }>(query: Q): Q;
  /**
   * Tells every process on this database that something changed (PostgreSQL NOTIFY; one SQLite process
   * has no one else to tell). Listeners in this process hear it too.
   */
  notify(channel: ChangeChannel, payload: string): Promise<void>;
  /** Hears `notify` from every process (PostgreSQL LISTEN, reconnecting after a lost connection). */
  listen(channel: ChangeChannel, listener: (payload: string) => void): () => void;
  /** Plain SQL with `?` placeholders, for tests and maintenance (the app itself builds its queries with drizzle). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Answers when the database does (`/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const POSTGRES_MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations-postgres');
/** How long a pooled PostgreSQL connection may sit idle before it is closed. */
const POOL_IDLE_MS = 5 * 60_000;
/** The advisory lock key under which one process at a time migrates a PostgreSQL database. */
const MIGRATION_LOCK = 7_261_001;

/** The transaction the current async context runs in: a nested `transaction` joins it. */
const current = new AsyncLocalStorage<Executor>();

/**
 * Notices sent inside a transaction wait here for its commit (and are dropped if it rolls back): another
 * process, or this one, told of a change before the commit would read the old rows and keep them.
 */
const afterCommit = new AsyncLocalStorage<(() => void)[]>();

/** Sends at once outside a transaction; inside one, after its commit. */
function whenCommitted(send: () => Promise<void>): Promise<void> {
  const pending = afterCommit.getStore();
  if (!pending) return send();
  pending.push(() => { send().catch(() => {}); });
  return Promise.resolve();
}

/** Enough to amortise the fsync; small enough that one batch never holds the event loop for long. */
const MAX_BATCH = 256;

interface QueuedWork { work: (tx: Executor) => Promise<unknown>; resolve(value: unknown): void; reject(reason: unknown): void }

/**
 * The async engine over the server's SQLite connection (opened and migrated by db/client.ts).
 *
 * Group commit: the transactions that arrive in the same turn of the event loop share one IMMEDIATE
 * transaction, so one fsync makes them all durable. Each runs in its own savepoint: one that throws rolls
 * back alone and its caller gets the error. Every caller is answered only after the shared commit, and
 * they run one after another in arrival order (seat checks see each other's results).
 */
export function sqliteEngine(handle: DatabaseHandle): Engine {
  const { sqlite } = handle;
  const db = handle.db as unknown as Executor;
  const queue: QueuedWork[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    // After the I/O phase: every request parsed in this turn has queued its work by then.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length) {
      const batch = queue.splice(0, MAX_BATCH);
      // Set when the event loop moved on before the transaction ended: a work awaited something besides the database.
      let crossedTurn = false;
      const watch = setImmediate(() => { crossedTurn = true; });
      const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
      const notices: (() => void)[] = [];
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        for (const queued of batch) {
          sqlite.exec('SAVEPOINT work');
          const own: (() => void)[] = [];
          try {
            const value = await afterCommit.run(own, () => current.run(db, () => queued.work(db)));
            sqlite.exec('RELEASE work');
            notices.push(...own);
            outcomes.push({ ok: true, value });
          } catch (error) {
            sqlite.exec('ROLLBACK TO work');
            sqlite.exec('RELEASE work');
            outcomes.push({ ok: false, error });
          }
        }
        sqlite.exec('COMMIT');
      } catch (error) {
        // The shared commit failed (disk full, say): nothing of the batch is written, and every caller hears so.
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        clearImmediate(watch);
        for (const queued of batch) queued.reject(error);
        continue;
      }
      clearImmediate(watch);
      if (crossedTurn && process.env.NODE_ENV !== 'production') {
        const error = new Error('A SQLite transaction awaited something besides the database; other requests could see its uncommitted rows');
        for (const queued of batch) queued.reject(error);
        continue;
      }
      for (const notice of notices) notice();
      outcomes.forEach((outcome, i) => (outcome.ok ? batch[i]!.resolve(outcome.value) : batch[i]!.reject(outcome.error)));
    }
    draining = false;
  }

  return {
    kind: 'sqlite',
    db,
    executor: () => db,
    transactionExecutor: () => current.getStore(),
    tables: sqliteSchema as unknown as Tables,
    transaction: <T>(work: (tx: Executor) => Promise<T>) => {
      if (current.getStore()) return work(db);
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!draining) { draining = true; void drain(); }
      });
    },
    forUpdate: (query) => query,
    // The one process on the file is the only one to tell.
    ...localNotices(),
    query: async <T>(text: string, params: unknown[] = []) => {
      const statement = sqlite.prepare(text);
      return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
    },
    ping: async () => { sqlite.prepare('select 1').get(); },
    close: async () => handle.close(),
  };
}

/** Connects to PostgreSQL, migrates it, and checks that it answers; throws one line naming the database if not. */
export async function openPostgres(url: string, options: { poolSize?: number } = {}): Promise<Engine> {
  const require = createRequire(import.meta.url);
  const { Pool } = require('pg') as typeof import('pg');
  const { drizzle } = require('drizzle-orm/node-postgres') as typeof import('drizzle-orm/node-postgres');
  const { migrate } = require('drizzle-orm/node-postgres/migrator') as typeof import('drizzle-orm/node-postgres/migrator');
  const tables: Tables = await import('./schema.postgres.ts');
  // Idle connections are kept for minutes, not pg's default 10 s: after a quiet spell the next requests would
  // otherwise each wait for a new connection (a server process forked and authenticated) before their query.
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: POOL_IDLE_MS });
  // A connection lost while idle must not crash the process: the next query reports it (503) instead.
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema: tables });
  try {
    // Processes started together migrate one after another (the others then find nothing to do).
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrate(drizzle({ client }), { migrationsFolder: POSTGRES_MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`DATABASE_URL: PostgreSQL at ${redact(url)} did not answer or could not be migrated: ${(error as Error).message}`, { cause: error });
  }
  const notices = new PostgresNotices(url);
  // A query builder per pooled connection, made once: a transaction runs all its queries on one connection.
  const builders = new WeakMap<import('pg').PoolClient, Executor>();
  const onClient = (client: import('pg').PoolClient) => {
    let builder = builders.get(client);
    if (!builder) builders.set(client, (builder = drizzle({ client: oneQueryAtATime(client), schema: tables }) as unknown as Executor));
    return builder;
  };
  return {
    kind: 'postgres',
    db: db as unknown as Executor,
    tables,
    executor: () => current.getStore() ?? (db as unknown as Executor),
    transactionExecutor: () => current.getStore(),
    transaction: <T>(work: (tx: Executor) => Promise<T>) => {
      const joined = current.getStore();
      if (joined) return work(joined);
      return retryOnConflict(() => inPostgresTransaction(pool, onClient, work));
    },
    forUpdate: <Q extends { for(strength: 'update'): unknown }>(query: Q) => query.for('update') as Q,
    notify: (channel, payload) => whenCommitted(() => notices.notify(pool, channel, payload)),
    listen: (channel, listener) => notices.listen(channel, listener),
    query: async <T>(text: string, params: unknown[] = []) => (await pool.query(numberedPlaceholders(text), params)).rows as T[],
    ping: async () => { await pool.query('select 1'); },
    close: async () => { await notices.close(); await pool.end(); },
  };
}

/**
 * The connection with its queries queued: reads a transaction starts together (`Promise.all`) each wait
 * for the one before. pg queues them too, but calling `query` on a busy client is deprecated (pg 9 drops it).
 */
function oneQueryAtATime(client: import('pg').PoolClient): import('pg').PoolClient {
  let last: Promise<unknown> = Promise.resolve();
  const query = (...args: unknown[]) => {
    const run = last.then(() => (client.query as (...a: unknown[]) => Promise<unknown>)(...args));
    last = run.catch(() => undefined);
    return run;
  };
  return new Proxy(client, { get: (target, key) => (key === 'query' ? query : Reflect.get(target, key, target)) });
}

/**
 * One transaction on one pooled connection. Written out rather than drizzle's `db.transaction` because of
 * a lost connection: its error event must not go unheard while the connection is out of the pool, and a
 * connection that could not even roll back is destroyed instead of going back to the pool broken.
 */
async function inPostgresTransaction<T>(pool: import('pg').Pool, onClient: (client: import('pg').PoolClient) => Executor,
  work: (tx: Executor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const lost = () => {}; // the query that needed the connection reports it
  client.on('error', lost);
  let broken: Error | undefined;
  const notices: (() => void)[] = [];
  try {
    await client.query('begin');
    const tx = onClient(client);
    const result = await afterCommit.run(notices, () => current.run(tx, () => work(tx)));
    await client.query('commit');
    for (const notice of notices) notice();
    return result;
  } catch (error) {
    await client.query('rollback').catch((rollbackError: Error) => { broken = rollbackError; });
    throw error;
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}

/** A transaction PostgreSQL broke off to keep others consistent (deadlock, serialization): run it again. */
async function retryOnConflict<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40001' && code !== '40P01')) throw error;
    }
  }
}

function localNotices(): Pick<Engine, 'notify' | 'listen'> {
  const listeners = new Map<string, Set<(payload: string) => void>>();
  return {
    notify: (channel, payload) => whenCommitted(async () => { for (const listener of listeners.get(channel) ?? []) listener(payload); }),
    listen: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set.add(listener));
      return () => { set.delete(listener); };
    },
  };
}

/**
 * One connection per process that LISTENs on the channels someone listens to. A lost connection is
 * replaced after a second; a notice sent meanwhile is lost, so listeners treat "reconnected" as "changed".
 */
class PostgresNotices {
  readonly #url: string;
  readonly #listeners = new Map<string, Set<(payload: string) => void>>();
  /** Marks this process's own notices: it hears them at once, not again through the database. */
  readonly #origin = randomUUID();
  #client?: import('pg').Client;
  #connecting?: Promise<void>;
  #closed = false;
  #retry?: NodeJS.Timeout;

  constructor(url: string) { this.#url = url; }

  async notify(pool: import('pg').Pool, channel: ChangeChannel, payload: string): Promise<void> {
    this.#tell(channel, payload);
    await pool.query('select pg_notify($1, $2)', [channel, `${this.#origin}|${payload}`]);
  }

  #tell(channel: string, payload: string): void {
    for (const listener of this.#listeners.get(channel) ?? []) listener(payload);
  }

  listen(channel: ChangeChannel, listener: (payload: string) => void): () => void {
    let set = this.#listeners.get(channel);
    if (!set) {
      this.#listeners.set(channel, (set = new Set()));
      if (this.#client) this.#client.query(`LISTEN ${channel}`).catch(() => this.#lost());
    }
    set.add(listener);
    void this.#connect();
    return () => { set.delete(listener); };
  }

  #connect(): Promise<void> {
    if (this.#client || this.#closed) return Promise.resolve();
    this.#connecting ??= (async () => {
      const require = createRequire(import.meta.url);
      const { Client } = require('pg') as typeof import('pg');
      const client = new Client({ connectionString: this.#url, connectionTimeoutMillis: 5_000 });
      client.on('notification', (n) => {
        const text = n.payload ?? '';
        const bar = text.indexOf('|');
        if (text.slice(0, bar) !== this.#origin) this.#tell(n.channel, text.slice(bar + 1));
      });
      client.on('error', () => this.#lost());
      try {
        await client.connect();
        for (const channel of this.#listeners.keys()) await client.query(`LISTEN ${channel}`);
        if (this.#closed) { await client.end(); return; }
        const reconnected = this.#client === undefined && this.#everConnected;
        this.#client = client;
        this.#everConnected = true;
        // Whatever was announced while we were away: tell every listener to read again.
        if (reconnected) for (const set of this.#listeners.values()) for (const l of set) l('');
      } catch {
        await client.end().catch(() => {});
        this.#lost();
      } finally {
        this.#connecting = undefined;
      }
    })();
    return this.#connecting;
  }

  #everConnected = false;

  #lost(): void {
    const client = this.#client;
    this.#client = undefined;
    client?.end().catch(() => {});
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => { this.#retry = undefined; void this.#connect(); }, 1_000);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#connecting;
    await this.#client?.end().catch(() => {});
    this.#client = undefined;
  }
}

/** Codes of a database that is not there (connection refused or lost, server shutting down or starting). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'SQLITE_BUSY', 'SQLITE_IOERR']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/;

/** Whether an error means the database did not answer (a 503 to retry later), not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

/** SQL written with `?` placeholders in PostgreSQL's `$1, $2 …` (for plain SQL only: a `?` inside a string literal would be taken too). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}
