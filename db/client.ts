/**
 * Opens the SQLite database with the settings every connection needs, and migrates it to the schema.
 * WAL lets readers run beside the one writer; synchronous=FULL makes every committed referral durable
 * (fsync per commit); busy_timeout waits for another writer instead of failing at once.
 */
import Database from 'better-sqlite3';
import { drizzle, migrate, type BaseSQLiteDatabase, type BetterSQLite3Database } from './orm.ts';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema.ts';
import { LruCache } from '../core/lru-cache.ts';

export type Db = BetterSQLite3Database<typeof schema>;
export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
  /**
   * A cheap version of the data for caches: it moves with every commit, by this connection (SQLite's
   * total_changes()) or by any other connection or process on the same file (PRAGMA data_version).
   */
  dataVersion(): string;
  close(): void;
}

export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

/** The pragmas of every connection, also used by the benchmark's raw commit-rate baseline. */
export function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
}

/** Statements kept compiled per connection: the app's queries are a few hundred distinct texts. */
const MAX_CACHED_STATEMENTS = 1_000;

/**
 * Keeps compiled statements by their SQL text. Why: better-sqlite3 compiles a statement anew on every
 * `prepare` (~80 µs for a primary-key read here), and drizzle prepares on every query it runs.
 */
function cacheStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite);
  const statements = new LruCache<string, Database.Statement>({ maxEntries: MAX_CACHED_STATEMENTS });
  sqlite.prepare = ((source: string) => {
    const kept = statements.get(source);
    if (!kept) {
      const statement = compile(source);
      statements.set(source, statement);
      return statement;
    }
    // A caller may have switched the statement to rows-as-arrays or single values (drizzle does): back to objects.
    if (kept.reader) kept.raw(false).pluck(false).expand(false);
    return kept;
  }) as Database.Database['prepare'];
}

export function openDatabase(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  applyPragmas(sqlite);
  cacheStatements(sqlite);
  const db = drizzle({ client: sqlite, schema });
  // A migration that rebuilds a table (SQLite's way to change a column) drops the old one: with foreign keys
  // on, rows that point at it would stop that. Off while migrating (their PRAGMA lines are no-ops inside the
  // migrator's transaction), then every reference is checked before the database is used.
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  const dangling = sqlite.pragma('foreign_key_check') as { table: string; parent: string }[];
  sqlite.pragma('foreign_keys = ON');
  if (dangling.length) {
    throw new Error(`Migrating ${file} left ${dangling.length} row(s) pointing at rows that do not exist (first: ${dangling[0]!.table} → ${dangling[0]!.parent})`);
  }
  const totalChanges = sqlite.prepare('select total_changes()').pluck();
  // data_version moves only for commits made by other connections, total_changes() only for our own.
  const otherCommits = sqlite.prepare('pragma data_version').pluck();
  return {
    db,
    sqlite,
    dataVersion: () => `${totalChanges.get() as number}.${otherCommits.get() as number}`,
    close() {
      if (!sqlite.open) return;
      sqlite.pragma('optimize');
      sqlite.close();
    },
  };
}

/** A database or a transaction on it: what the services' queries run on. */
export type Executor = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;
