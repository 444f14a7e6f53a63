/**
 * Job leases: a row per scheduled job naming the process that runs it until when. Taking a lease is one
 * conditional write, so of several processes on one database exactly one gets each turn. Asynchronous,
 * as every repository here will be (a PostgreSQL implementation follows the same interface).
 */
import { and, eq, lt, or } from './orm.ts';
import type { Db } from './client.ts';
import { jobLeases } from './schema.ts';

export interface LeaseRepository {
  /** Takes (or renews) the job's lease for `holder` until `until` if it is free or expired; whether it did. */
  acquire(name: string, holder: string, until: Date, now: Date): Promise<boolean>;
  /** Notes that the holder ran the job now. */
  ran(name: string, holder: string, at: Date): Promise<void>;
  lastRun(name: string): Promise<Date | null>;
}

export class SqliteLeaseRepository implements LeaseRepository {
  readonly #db: Db;
  constructor(db: Db) { this.#db = db; }

  async acquire(name: string, holder: string, until: Date, now: Date): Promise<boolean> {
    return this.#db.transaction((tx) => {
      // A new job's row starts expired ('' sorts before every instant).
      tx.insert(jobLeases).values({ name, holder: '', expiresAt: '' }).onConflictDoNothing().run();
      const taken = tx.update(jobLeases).set({ holder, expiresAt: until.toISOString() })
        .where(and(eq(jobLeases.name, name), or(eq(jobLeases.holder, holder), lt(jobLeases.expiresAt, now.toISOString()))))
        .run();
      return taken.changes === 1;
    }, { behavior: 'immediate' });
  }

  async ran(name: string, holder: string, at: Date): Promise<void> {
    this.#db.update(jobLeases).set({ lastRunAt: at.toISOString() }).where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder))).run();
  }

  async lastRun(name: string): Promise<Date | null> {
    const row = this.#db.select({ at: jobLeases.lastRunAt }).from(jobLeases).where(eq(jobLeases.name, name)).get();
    return row?.at ? new Date(row.at) : null;
  }
}
