/**
 * Child processes for the benchmarks: start a Node program (the portal's server exactly as `npm start`
 * runs it), pinned to a core with `taskset` where the machine allows it, wait until it answers, sample its
 * resident memory and CPU time from /proc, and stop it (always: the suites call `stop` in `finally`, and a
 * process exit handler kills whatever is still running if the parent dies first).
 *
 * Pinning: the server under test (and every yardstick it is compared with: hello-world, the raw SQLite
 * loops) runs on one core, the load generator on another, so a ratio compares servers and not how the
 * scheduler happened to share two cores between a server and autocannon. With fewer than two usable cores,
 * or without `taskset` (util-linux), nothing is pinned and `PINNING.note` says so.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { startNodeFlags, warmCompileCache } from '../scripts/warm-compile-cache.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The last output of the child (stdout and stderr), for error messages. */
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => { for (const p of running) p.kill('SIGKILL'); });
}

/** Which side of a measurement a process is on: the server side, or the load generator. */
export type Side = 'server' | 'load';

export interface Pinning {
  /** The core of each side, or null when nothing is pinned. */
  cores: Record<Side, number> | null;
  /** One line for the log: where each side runs, or why nothing is pinned. */
  note: string;
}

/** The cores this process may use (Cpus_allowed_list), e.g. "0-1,4" → [0, 1, 4]. */
function allowedCores(): number[] {
  try {
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
    return list.split(',').flatMap((part) => {
      const [from, to] = part.split('-').map(Number);
      if (from === undefined || Number.isNaN(from)) return [];
      return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);
    });
  } catch {
    return [];
  }
}

function detectPinning(): Pinning {
  const cores = allowedCores();
  if (cores.length < 2) return { cores: null, note: `not pinned: ${cores.length || 'unknown number of'} usable core(s), the server and the load generator share` };
  const taskset = spawnSync('taskset', ['-c', String(cores[0]), 'true'], { stdio: 'ignore' });
  if (taskset.error || taskset.status !== 0) return { cores: null, note: 'not pinned: taskset (util-linux) is not on PATH or failed; the server and the load generator share the cores' };
  const server = cores[0]!;
  const load = cores.at(-1)!;
  return { cores: { server, load }, note: `pinned with taskset: server side on core ${server}, load generator on core ${load} (of ${cores.length} usable)` };
}

export const PINNING: Pinning = detectPinning();

/** The command line that runs `node <args>` on a side's core (or unpinned). */
function pinned(side: Side | undefined, args: string[]): [string, string[]] {
  if (!side || !PINNING.cores) return [process.execPath, args];
  return ['taskset', ['-c', String(PINNING.cores[side]), process.execPath, ...args]];
}

export function startChild(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; side?: Side }): Child {
  installExitHook();
  const [command, argv] = pinned(options.side, args);
  const proc = spawn(command, argv, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let tail = '';
  const keep = (chunk: Buffer) => { tail = (tail + chunk.toString('utf8')).slice(-8_000); };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => proc.once('exit', () => { exited = true; running.delete(proc); resolve(); }));
  return {
    name,
    proc,
    output: () => tail,
    exited: () => exited,
    async stop() {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** The Node flags `npm start` gives the server (package.json), so the benchmarks run the server as it is run. */
export const serverNodeFlags = startNodeFlags;

/**
 * The portal's server (`server/server.ts`) as a child process with `npm start`'s Node flags and `env` on top
 * of ours, after filling the compile cache as `npm start` does before it loads the server.
 */
export function startServer(env: NodeJS.ProcessEnv, options: { side?: Side; name?: string } = {}): Child {
  warmCompileCache();
  return startChild(options.name ?? 'server', [...serverNodeFlags(), 'server/server.ts'], { cwd: ROOT, env: { ...process.env, ...env }, side: options.side });
}

/** Runs a Node program to completion and returns its stdout (throws with its output if it fails). */
export function runChild(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; side?: Side }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = startChild(name, args, options);
    let stdout = '';
    child.proc.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.proc.once('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${name} exited with code ${code}:\n${child.output()}`));
    });
  });
}

/** A TCP port that is free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, the child exits, or the time runs out. */
export async function waitUntilReady(child: Child, url: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exited()) throw new Error(`${child.name} exited before it was ready:\n${child.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

/** CPU seconds (user + system, all threads) the process has used so far, from /proc/<pid>/stat; NaN without /proc. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or undefined where /proc is not available. */
export function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples VmRSS every `intervalMs`; `peakMb()` is the highest sample or the kernel's VmHWM, whichever is
 * higher. `markReady()` starts a second peak that leaves out start-up (`peakSinceReadyMb()`).
 */
export function sampleMemory(pid: number, intervalMs = 100) {
  let peakKb = 0;
  let sinceReadyKb: number | undefined;
  const sample = () => {
    const rss = procStatusKb(pid, 'VmRSS') ?? 0;
    peakKb = Math.max(peakKb, rss);
    if (sinceReadyKb !== undefined) sinceReadyKb = Math.max(sinceReadyKb, rss);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    /** Call while the process is still alive (VmHWM disappears with it). */
    peakMb(): number {
      sample();
      peakKb = Math.max(peakKb, procStatusKb(pid, 'VmHWM') ?? 0);
      return peakKb / 1024;
    },
    markReady() { sinceReadyKb = 0; sample(); },
    /** Peak of the VmRSS samples since `markReady()`. */
    peakSinceReadyMb(): number { sample(); return (sinceReadyKb ?? 0) / 1024; },
    stop() { clearInterval(timer); },
  };
}
