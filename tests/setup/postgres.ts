/**
 * Vitest global setup: a real PostgreSQL server for the suites that run on both engines. TEST_DATABASE_URL
 * names an existing server; otherwise a throwaway cluster is started from Debian's package. In CI a missing
 * PostgreSQL fails the run; elsewhere the PostgreSQL suites say loudly that they did not run.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayCluster, type ThrowawayCluster } from '../../scripts/postgres-cluster.ts';

declare module 'vitest' {
  interface ProvidedContext { postgresUrl: string | null }
}

let cluster: ThrowawayCluster | null = null;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.TEST_DATABASE_URL) { project.provide('postgresUrl', process.env.TEST_DATABASE_URL); return; }
  try {
    cluster = await startThrowawayCluster();
    project.provide('postgresUrl', cluster.url);
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI: ${(error as Error).message}`);
    console.warn(`\n*** PostgreSQL suites NOT RUN: ${(error as Error).message}\n`);
    project.provide('postgresUrl', null);
  }
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  cluster = null;
}
