/**
 * drizzle has no dialect-neutral schema, so db/schema.ts (SQLite) and db/schema.postgres.ts (PostgreSQL)
 * are kept in step by hand. This test holds them to it: the same tables, columns (name, kind of type,
 * nullability, key), indexes, unique constraints, checks and foreign keys.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../../db/schema.ts';
import * as pgSchema from '../../db/schema.postgres.ts';

const require = createRequire(import.meta.url);
const sqliteCore = require('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
const pgCore = require('drizzle-orm/pg-core') as typeof import('drizzle-orm/pg-core');

type Config = ReturnType<typeof sqliteCore.getTableConfig> | ReturnType<typeof pgCore.getTableConfig>;

/**
 * A type's kind, the same on both dialects: SQLite's json-mode text is PostgreSQL's jsonb, serial is
 * integer, SQLite's boolean-mode integer is PostgreSQL's boolean.
 */
function kindOf(column: { getSQLType(): string; columnType: string }): string {
  const type = column.getSQLType().toLowerCase();
  if (column.columnType === 'SQLiteTextJson' || type === 'jsonb' || type === 'json') return 'json';
  if (column.columnType === 'SQLiteBoolean' || type === 'boolean') return 'boolean';
  if (type === 'serial' || type === 'integer' || type === 'bigint' || type === 'bigserial') return 'integer';
  return type;
}

function describeTable(config: Config) {
  const columns = Object.fromEntries(config.columns.map((c) => {
    // Numbered by the database: SQLite's AUTOINCREMENT, PostgreSQL's serial. (Drizzle also reports a default
    // for any SQLite INTEGER PRIMARY KEY, a rowid alias; that alone is not a numbered key.)
    const generated = c.columnType === 'PgSerial' || (c as unknown as { autoIncrement?: boolean }).autoIncrement === true;
    const hasDefault = generated || (c.hasDefault && !(c.primary && c.columnType === 'SQLiteInteger'));
    return [c.name, { kind: kindOf(c as never), notNull: c.notNull, primary: c.primary, unique: c.isUnique, generated, hasDefault }];
  }));
  const indexes = config.indexes.map((i) => {
    const cfg = (i as unknown as { config: { name: string; unique: boolean; columns: { name: string }[] } }).config;
    return `${cfg.name}${cfg.unique ? ' unique' : ''} (${cfg.columns.map((c) => c.name).join(', ')})`;
  }).sort();
  const foreignKeys = config.foreignKeys.map((fk) => {
    const ref = fk.reference();
    const foreignTable = (ref.foreignTable as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')];
    return `${ref.columns.map((c) => c.name).join(',')} → ${foreignTable}(${ref.foreignColumns.map((c) => c.name).join(',')}) on delete ${fk.onDelete ?? 'no action'}`;
  }).sort();
  const uniques = config.uniqueConstraints.map((u) => u.columns.map((c) => c.name).join(',')).sort();
  const checks = config.checks.map((c) => c.name).sort();
  const primaryKeys = config.primaryKeys.map((p) => p.columns.map((c) => c.name).join(',')).sort();
  return { columns, indexes, foreignKeys, uniques, checks, primaryKeys };
}

function tablesOf<T extends Record<string, unknown>>(schema: T, isTable: (v: unknown) => boolean, config: (t: never) => Config) {
  return Object.fromEntries(Object.values(schema).filter(isTable).map((t) => {
    const c = config(t as never);
    return [c.name, describeTable(c)];
  }));
}

const sqliteTables = tablesOf(sqliteSchema, (v) => v instanceof sqliteCore.SQLiteTable, sqliteCore.getTableConfig as never);
const pgTables = tablesOf(pgSchema, (v) => v instanceof pgCore.PgTable, pgCore.getTableConfig as never);

describe('the SQLite and PostgreSQL schemas', () => {
  it('have the same tables', () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
    expect(Object.keys(sqliteTables).length).toBeGreaterThanOrEqual(18);
  });

  for (const name of Object.keys(sqliteTables).sort()) {
    it(`agree on ${name}: columns, keys, indexes, checks and foreign keys`, () => {
      expect(pgTables[name]).toEqual(sqliteTables[name]);
    });
  }
});
