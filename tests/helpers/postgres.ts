/** Per-test PostgreSQL databases on the server the global setup provides, and the list of engines to run on. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject, it } from 'vitest';
import type { EngineKind } from '../../db/engine.ts';

export function postgresUrl(): string | null {
  return inject('postgresUrl');
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = postgresUrl();
  if (!url) throw new Error('PostgreSQL is not available to this test run');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return await work(client); } finally { await client.end(); }
}

/** A new empty database; drop() removes it even while connections are still open. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(postgresUrl()!, name),
    drop: () => admin(async (client) => { await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); }),
  };
}

/** The engines a two-engine suite runs on. Without PostgreSQL a visible "NOT RUN" test is registered instead. */
export function engines(): EngineKind[] {
  if (postgresUrl()) return ['sqlite', 'postgres'];
  describe('postgres', () => { it.skip('PostgreSQL suites NOT RUN: no server (set TEST_DATABASE_URL or install postgresql)', () => {}); });
  return ['sqlite'];
}

/** describe() on PostgreSQL, or a visible skipped "NOT RUN" block without it. */
export function describeOnPostgres(name: string, body: () => void): void {
  if (postgresUrl()) describe(name, body);
  else describe(name, () => { it.skip('NOT RUN: no PostgreSQL server', () => {}); });
}
