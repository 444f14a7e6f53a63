/**
 * A unit of work: everything one command writes commits together, or nothing does. It is one engine
 * transaction; the services' own transactions join it (db/engine.ts). On SQLite the units of work of one
 * event-loop turn share a commit (group commit, one fsync), each in its own savepoint.
 */
import type { Engine } from '../../db/engine.ts';

export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export class EngineUnitOfWork implements UnitOfWork {
  readonly #engine: Engine;
  constructor(engine: Engine) { this.#engine = engine; }
  run<T>(work: () => Promise<T>): Promise<T> { return this.#engine.transaction(() => work()); }
}
