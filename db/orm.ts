/**
 * drizzle-orm, loaded through its CommonJS build. Why: loaded as ES modules, Node reads drizzle's 180 KB
 * package.json again for each of its ~300 files; the burst of ~130 MB of garbage grows V8's heap, and the
 * server's resident memory stays that much higher for its whole life. The CommonJS build loads in ~16 MB.
 * Every module that needs drizzle imports it from here, so there is only ever one copy of its classes.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const core = require('drizzle-orm') as typeof import('drizzle-orm');
export const { and, asc, count, desc, eq, getTableColumns, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql } = core;
export type { SQL } from 'drizzle-orm';

const sqliteCore = require('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
export const { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } = sqliteCore;
export type { AnySQLiteColumn, BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

export const { drizzle } = require('drizzle-orm/better-sqlite3') as typeof import('drizzle-orm/better-sqlite3');
export type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
export const { migrate } = require('drizzle-orm/better-sqlite3/migrator') as typeof import('drizzle-orm/better-sqlite3/migrator');
