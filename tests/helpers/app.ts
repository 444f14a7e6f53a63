/** Builds the real app for a test: the built site, the given content folder, a fresh temp folder for data. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type AppConfig } from '../../server/config.ts';
import { createTestDatabase } from './postgres.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CONTENT_DIR = path.join(ROOT, 'content');

export interface TestApp {
  app: FastifyInstance;
  config: AppConfig;
  dir: string;
  close(): Promise<void>;
}

/** The engine the app suites run on: SQLite, or PostgreSQL in the `e2e-postgres` project (TEST_ENGINE=postgres). */
export const TEST_ENGINE = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** On PostgreSQL, one database per DATABASE_PATH a suite names, so a restart finds its data again. */
const postgresDatabases = new Map<string, Promise<string>>();

async function postgresUrlFor(databasePath: string | undefined): Promise<string> {
  if (!databasePath) return (await createTestDatabase()).url;
  let url = postgresDatabases.get(databasePath);
  if (!url) postgresDatabases.set(databasePath, (url = createTestDatabase().then((d) => d.url)));
  return url;
}

export async function startTestApp(options: { contentDir?: string; watchContent?: boolean; env?: NodeJS.ProcessEnv; logStream?: NodeJS.WritableStream } = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-test-'));
  const onPostgres = TEST_ENGINE === 'postgres' && !options.env?.DATABASE_URL;
  const config: AppConfig = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      CONTENT_DIR: options.contentDir ?? CONTENT_DIR,
      DIST_DIR: path.join(ROOT, 'dist'),
      DATABASE_PATH: path.join(dir, 'test.db'),
      ...options.env,
      ...(onPostgres ? { DATABASE_URL: await postgresUrlFor(options.env?.DATABASE_PATH) } : {}),
    }),
    watchContent: options.watchContent ?? false,
    runJobs: false,
  };
  const app = await buildApp({ config, logStream: options.logStream });
  await app.ready();
  return {
    app, config, dir,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private copy of the demo content that a test may change. */
export function copyContent(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-content-'));
  cpSync(CONTENT_DIR, dir, { recursive: true });
  return dir;
}

/** Polls `check` until it returns true or the time runs out. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
