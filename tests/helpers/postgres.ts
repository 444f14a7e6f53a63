/** Per-test PostgreSQL databases on the server the global setup provides, and the list of engines to run on. */
import { randomBytes } from 'node:crypto';
import { describe, inject, it } from 'vitest';
import type { EngineKind } from '../../db/engine.ts';
import { createDatabase } from '../../scripts/postgres-cluster.ts';

export function postgresUrl(): string | null {
  return inject('postgresUrl');
}

/** A new empty database; drop() removes it even while connections are still open. */
export function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = postgresUrl();
  if (!url) throw new Error('PostgreSQL is not available to this test run');
  return createDatabase(url, `test_${randomBytes(6).toString('hex')}`);
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
