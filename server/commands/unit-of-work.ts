/**
 * A unit of work: everything one command writes commits together, or nothing does. Asynchronous from the
 * start and the owner of batching: on SQLite the writes of one event-loop turn share a commit (group
 * commit, one fsync), each in its own savepoint; a PostgreSQL implementation can follow without a command
 * changing. The work itself runs synchronously inside (better-sqlite3 cannot await in a transaction).
 */
import type { GroupCommit } from '../../db/group-commit.ts';

export interface UnitOfWork {
  run<T>(work: () => T): Promise<T>;
}

export class SqliteUnitOfWork implements UnitOfWork {
  readonly #groupCommit: GroupCommit;
  constructor(groupCommit: GroupCommit) { this.#groupCommit = groupCommit; }
  run<T>(work: () => T): Promise<T> { return this.#groupCommit.run(work); }
}
