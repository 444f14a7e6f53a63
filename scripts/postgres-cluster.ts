/**
 * A throwaway PostgreSQL cluster from Debian's `postgresql` package, for tests and benchmarks: initdb into a
 * temp directory, start it on a free local port, stop and delete it afterwards. Runs as the `postgres` system
 * user when we are root (PostgreSQL refuses to run as root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface ThrowawayCluster {
  url: string;
  dir: string;
  /** Stops the server but keeps its data (a database outage); `startServer` brings it back on the same port. */
  stopServer(): void;
  startServer(): void;
  stop(): Promise<void>;
}

/** The directory holding initdb and pg_ctl: PG_BIN, or the newest /usr/lib/postgresql/<n>/bin, or PATH. */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(root, version, 'bin'));
  }
  for (const dir of candidates) if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? path.dirname(which.stdout.trim()) : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function postgresUser(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(bin: string, args: string[], asPostgres: boolean): void {
  const [command, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed (${result.status}): ${result.stderr || result.stdout}`);
}

/** A new empty database on the server at `adminUrl`; `drop()` removes it even while connections are open. */
export async function createDatabase(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try { await client.query(text); } finally { await client.end(); }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL not found: install Debian\'s `postgresql` package (apt-get install -y postgresql) or set PG_BIN');
  const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-pg-'));
  const owner = postgresUser();
  if (owner) { chownSync(dir, owner.uid, owner.gid); chmodSync(dir, 0o700); }
  const data = path.join(dir, 'data');
  const initdb = (locale: string) => run(path.join(bin, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', `--locale=${locale}`], owner !== null);
  try { initdb('C.UTF-8'); } catch { rmSync(data, { recursive: true, force: true }); initdb('C'); }
  const port = await freePort();
  // fsync off: a test cluster is thrown away, so crash safety buys nothing and costs seconds per suite.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const startServer = () => run(path.join(bin, 'pg_ctl'), ['-w', '-D', data, '-l', path.join(dir, 'server.log'), '-o', options, 'start'], owner !== null);
  const stopServer = () => run(path.join(bin, 'pg_ctl'), ['-w', '-D', data, '-m', 'fast', 'stop'], owner !== null);
  startServer();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    stopServer,
    startServer,
    async stop() {
      try { stopServer(); } finally { rmSync(dir, { recursive: true, force: true }); }
    },
  };
}
