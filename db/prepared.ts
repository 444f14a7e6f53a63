/**
 * Queries compiled once: drizzle builds a query's SQL anew on every call (~60 µs), so the hottest reads and
 * writes (a referral's creation runs five) are prepared once with placeholders (`sql.placeholder`) and run
 * with their values. On SQLite the one
 * connection runs them in or out of a transaction alike. On PostgreSQL a prepared query belongs to the
 * pool, so inside a transaction (whose rows and locks live on its own connection) the query is built on
 * that connection instead.
 */
import type { Engine, Executor } from './engine.ts';
import { sql } from './orm.ts';
import { flatRowMapper, type RowMapper, type SelectedField } from './row-mapper.ts';

type Placeholder = ReturnType<typeof sql.placeholder>;

interface Preparable<R> { prepare(name: string): { execute(params?: Record<string, unknown>): Promise<R> } }

export function preparedQuery<P extends Record<string, unknown>, R>(
  engine: Engine, name: string, build: (db: Executor) => Preparable<R>,
): (params: P) => Promise<R> {
  let onDatabase: ReturnType<Preparable<R>['prepare']> | undefined;
  let mapper: RowMapper | undefined | null = null;
  // The rows of a flat selection are mapped by a function made once (db/row-mapper.ts), on every connection.
  const withMapper = (prepared: ReturnType<Preparable<R>['prepare']>) => {
    const internals = prepared as unknown as { fields?: SelectedField[]; executeMethod?: string; customResultMapper?: RowMapper };
    if (mapper === null) mapper = internals.executeMethod === 'get' ? undefined : flatRowMapper(internals.fields);
    if (mapper && !internals.customResultMapper) internals.customResultMapper = mapper;
    return prepared;
  };
  return (params) => {
    const tx = engine.kind === 'postgres' ? engine.transactionExecutor() : undefined;
    if (tx) return withMapper(build(tx).prepare(name)).execute(params);
    onDatabase ??= withMapper(build(engine.db).prepare(name));
    return onDatabase.execute(params);
  };
}

/** `{ a: sql.placeholder('a'), … }`: the values of a prepared insert or update, filled in when it runs. */
export function placeholders<K extends string>(keys: readonly K[]): Record<K, Placeholder> {
  return Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as unknown as Record<K, Placeholder>;
}
