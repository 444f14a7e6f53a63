/**
 * The real `server/server.ts` as its own process, as `npm start` runs it: configuration is validated at
 * start with messages naming the variable; a fresh database path is created, migrated and seeded; the URL
 * and the demo logins are printed; SIGTERM lets a request in flight finish, then closes the database.
 */
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/seed.ts';
import { listeningUrl, startServerProcess, type Started } from '../helpers/server-process.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-process-'));
  dirs.push(dir);
  return dir;
}

function startServer(env: Record<string, string>): Started {
  const server = startServerProcess(env);
  children.push(server.child);
  return server;
}

describe('configuration', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET'],
    [{ SESSION_SECRET: 'too-short' }, 'SESSION_SECRET'],
    [{ SHUTDOWN_DRAIN_SECONDS: 'soon' }, 'SHUTDOWN_DRAIN_SECONDS'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ DATABASE_URL: 'mysql://db/portal' }, 'DATABASE_URL'],
  ])('refuses to start with %o and names %s', async (env, variable) => {
    const server = startServer({ DATABASE_PATH: path.join(tempDir(), 'db.sqlite'), ...env });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Invalid configuration');
    expect(server.output()).toContain(variable);
  });
});

describe('start-up problems', () => {
  it('names CONTENT_DIR in one readable line when it holds no catalogue', async () => {
    const server = startServer({ DATABASE_PATH: path.join(tempDir(), 'db.sqlite'), CONTENT_DIR: tempDir() });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/^Indsatskatalog could not start: CONTENT_DIR: .* holds no organisations\.yaml/m);
    expect(server.output()).not.toContain('    at ');
  });

  it('names DATABASE_URL in one readable line, without its password, when PostgreSQL does not answer', async () => {
    // A port nothing listens on: the connection is refused at once.
    const server = startServer({ DATABASE_URL: 'postgres://portal:hemmelig@127.0.0.1:9/indsatskatalog' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/^Indsatskatalog could not start: DATABASE_URL: PostgreSQL at postgres:\/\/portal:\*\*\*@127\.0\.0\.1:9\/indsatskatalog did not answer/m);
    expect(server.output()).not.toContain('hemmelig');
    expect(server.output()).not.toContain('    at ');
  });
});

describe('a running server', () => {
  it('creates and seeds a fresh database, prints the URL and the demo logins, and shuts down gracefully', async () => {
    const databasePath = path.join(tempDir(), 'nested', 'folder', 'indsatskatalog.db');
    const server = startServer({ DATABASE_PATH: databasePath, SHUTDOWN_DRAIN_SECONDS: '0' });
    const url = await listeningUrl(server);
    expect(server.output()).toContain(`Demo logins (password "${DEMO_PASSWORD}")`);
    expect(server.output()).toContain('sagsbehandler.sygedagpengehuset@aadal.example.dk');
    expect(await (await fetch(new URL('/readyz', url))).json()).toMatchObject({ status: 'ready' });

    // A login whose body is still arriving when SIGTERM comes: it must be answered, not cut off.
    const body = JSON.stringify({ email: 'sagsbehandler.sygedagpengehuset@aadal.example.dk', password: DEMO_PASSWORD });
    const socket = net.connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (chunk) => { response += chunk.toString(); });
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 20)}`);
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(20));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(response).toContain('csrfToken');

    expect(await server.exited).toBe(0);
    // The database was closed cleanly (its WAL checkpointed away) and the session written during shutdown is kept.
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
    const db = new Database(databasePath, { readonly: true });
    try {
      expect((db.prepare('select count(*) as n from sessions').get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('a deploy behind a proxy', () => {
  it('keeps serving through the drain window after SIGTERM while /readyz answers 503, then exits', async () => {
    // A window long enough that a busy machine (CI runs other suites beside) still sends everything inside it.
    const server = startServer({ DATABASE_PATH: path.join(tempDir(), 'db.sqlite'), SHUTDOWN_DRAIN_SECONDS: '5' });
    const url = await listeningUrl(server);
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(new URL('/readyz', url))).status).toBe(503);
    // What arrives during the window, all at once as a proxy's queue would: every request answered.
    const answers = await Promise.all(Array.from({ length: 75 }, (_, i) =>
      fetch(new URL(i % 3 === 0 ? '/healthz' : i % 3 === 1 ? '/tilbud/rygestop' : '/api/v1/search-index', url)).then((r) => r.status)));
    expect(answers.filter((s) => s === 200)).toHaveLength(75);
    expect(await server.exited).toBe(0);
    const took = Date.now() - signalled;
    expect(took).toBeGreaterThanOrEqual(5_000);
    expect(took).toBeLessThan(20_000);
  });
});
