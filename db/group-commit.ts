/**
 * Group commit: the writes that arrive in the same turn of the event loop share one IMMEDIATE transaction,
 * so one fsync makes them all durable. Each write runs in its own savepoint (better-sqlite3 nests
 * transactions that way): a write that throws rolls back alone and its caller gets the error; the others
 * commit. Every caller is answered only after the shared commit, so nothing is acknowledged before it is
 * on disk, and the writes run one after another in arrival order (seat checks see each other's results).
 */
import type Database from 'better-sqlite3';

interface PendingWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Enough to amortise the fsync; small enough that one batch never holds the event loop for long. */
const MAX_BATCH = 256;

export class GroupCommit {
  readonly #sqlite: Database.Database;
  /** Called inside the shared transaction, a transaction function is a savepoint: one per write. */
  readonly #inSavepoint: (write: () => unknown) => unknown;
  #queue: PendingWrite[] = [];
  #scheduled = false;

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
    this.#inSavepoint = sqlite.transaction((write: () => unknown) => write());
  }

  /** Runs `write` (synchronous, using the services' own transactions) in the next shared commit. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the I/O phase: every request parsed in this turn has queued its write by then.
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    // An asynchronous transaction (db/engine.ts) is open on the connection: commit after it.
    if (this.#sqlite.inTransaction) { this.#schedule(); return; }
    const batch = this.#queue.splice(0, MAX_BATCH);
    if (this.#queue.length) this.#schedule();
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.#sqlite.transaction(() => {
        for (const pending of batch) {
          try {
            outcomes.push({ ok: true, value: this.#inSavepoint(pending.write) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      // The shared commit failed (disk full, say): nothing of the batch is written, and every caller hears so.
      for (const pending of batch) pending.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => (outcome.ok ? batch[i]!.resolve(outcome.value) : batch[i]!.reject(outcome.error)));
  }
}
