/**
 * A table's rows as one JSON array inside another query: several short lists of one parent (a referral's
 * sub-goals, WHO-5 scores, closing report and proposals) in one statement instead of one each — each
 * statement has a fixed cost of its own that an empty list pays in full. Keys are the table's property
 * names in column order, values as drizzle gives them for the text, integer and JSON columns these tables
 * have (a column with any other decoder is refused when the query is built).
 */
import type { Column, SQL, Table } from 'drizzle-orm';
import type { EngineKind } from './engine.ts';
import { getTableColumns, sql } from './orm.ts';

const PLAIN_TYPES = new Set(['string', 'number', 'json']);

/** `[{…}, …]` of the rows of `table` that `where` picks, in `orderBy` order; `[]` when none. */
export function jsonRows<T>(kind: EngineKind, table: Table, where: SQL, orderBy: SQL): SQL<T[]> {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const odd = columns.find(([, column]) => !PLAIN_TYPES.has(column.dataType));
  if (odd) throw new Error(`jsonRows: column ${odd[0]} (${odd[1].columnType}) needs its own decoder`);
  // Keys are our own property names, written into the SQL as literals.
  const pairs = sql.join(columns.map(([key, column]) => {
    const value = kind === 'sqlite' && column.dataType === 'json' ? sql`json(${column})` : sql`${column}`;
    return sql`${sql.raw(`'${key}'`)}, ${value}`;
  }), sql`, `);
  const query = kind === 'postgres'
    ? sql`coalesce((select json_agg(json_build_object(${pairs}) order by ${orderBy}) from ${table} where ${where}), '[]'::json)`
    : sql`(select json_group_array(json_object(${pairs}) order by ${orderBy}) from ${table} where ${where})`;
  // SQLite answers JSON as text; node-postgres parses a json column itself.
  return query.mapWith((value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value)) as SQL<T[]>;
}
