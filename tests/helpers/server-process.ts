/** The real `server/server.ts` as a child process, as `npm start` runs it, and the URL it prints when it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './app.ts';

export interface Started { child: ChildProcess; output: () => string; exited: Promise<number | null> }

/** Starts the server on a free port with `env` over a minimal environment (the caller stops it). */
export function startServerProcess(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [path.join(ROOT, 'server', 'server.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The URL the server printed once it listens; throws with its output if it exits or takes too long. */
export async function listeningUrl(server: Started, timeoutMs = 30_000): Promise<URL> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const match = /Indsatskatalog: (http:\/\/\S+)/.exec(server.output());
    if (match) return new URL(match[1]!);
    if (server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start:\n${server.output()}`);
}
