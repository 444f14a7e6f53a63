/**
 * Job leases: a row per scheduled job naming the process that runs it until when. Taking a lease is one
 * conditional write, so of several processes on one database exactly one gets each turn. Runs on both engines.
 */
import { and, eq, lt, or } from './orm.ts';
import type { Engine } from './engine.ts';

export interface LeaseRepository {
  /** Takes (or renews) the job's lease for `holder` until `until` if it is free or expired; whether it did. */
  acquire(name: string, holder: string, until: Date, now: Date): Promise<boolean>;
  /** Notes that the holder ran the job now. */
  ran(name: string, holder: string, at: Date): Promise<void>;
  lastRun(name: string): Promise<Date | null>;
}

export class EngineLeaseRepository implements LeaseRepository {
  readonly #engine: Engine;
  constructor(engine: Engine) { this.#engine = engine; }

  async acquire(name: string, holder: string, until: Date, now: Date): Promise<boolean> {
    const l = this.#engine.tables.jobLeases;
    return this.#engine.transaction(async (tx) => {
      // A new job's row starts expired ('' sorts before every instant).
      await tx.insert(l).values({ name, holder: '', expiresAt: '' }).onConflictDoNothing();
      const taken = await tx.update(l).set({ holder, expiresAt: until.toISOString() })
        .where(and(eq(l.name, name), or(eq(l.holder, holder), lt(l.expiresAt, now.toISOString()))))
        .returning({ name: l.name });
      return taken.length === 1;
    });
  }

  async ran(name: string, holder: string, at: Date): Promise<void> {
    const l = this.#engine.tables.jobLeases;
    await this.#engine.db.update(l).set({ lastRunAt: at.toISOString() }).where(and(eq(l.name, name), eq(l.holder, holder)));
  }

  async lastRun(name: string): Promise<Date | null> {
    const l = this.#engine.tables.jobLeases;
    const [row] = await this.#engine.db.select({ at: l.lastRunAt }).from(l).where(eq(l.name, name));
    return row?.at ? new Date(row.at) : null;
  }
}
