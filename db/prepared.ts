/**
 * Reads compiled once: drizzle builds a query's SQL anew on every call (~60 µs), so the hottest reads are
 * prepared once with placeholders (`sql.placeholder`) and run with their values. On SQLite the one
 * connection runs them in or out of a transaction alike. On PostgreSQL a prepared query belongs to the
 * pool, so inside a transaction (whose rows and locks live on its own connection) the query is built on
 * that connection instead.
 */
import type { Engine, Executor } from './engine.ts';

interface Preparable<R> { prepare(name: string): { execute(params?: Record<string, unknown>): Promise<R> } }

export function preparedRead<P extends Record<string, unknown>, R>(
  engine: Engine, name: string, build: (db: Executor) => Preparable<R>,
): (params: P) => Promise<R> {
  let onDatabase: ReturnType<Preparable<R>['prepare']> | undefined;
  return (params) => {
    const tx = engine.kind === 'postgres' ? engine.transactionExecutor() : undefined;
    if (tx) return build(tx).prepare(name).execute(params);
    onDatabase ??= build(engine.db).prepare(name);
    return onDatabase.execute(params);
  };
}
