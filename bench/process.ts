/**
 * Child processes for the benchmarks: start a Node program (the portal's server exactly as `npm start`
 * runs it), wait until it answers, sample its resident memory from /proc, and stop it (always: the suites
 * call `stop` in `finally`, and a process exit handler kills whatever is still running if the parent dies first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

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

export function startChild(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  installExitHook();
  const proc = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
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
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((arg) => arg.startsWith('--'));
}

/** The portal's server (`server/server.ts`) as a child process with `npm start`'s Node flags and `env` on top of ours. */
export function startServer(env: NodeJS.ProcessEnv): Child {
  return startChild('server', [...serverNodeFlags(), 'server/server.ts'], { cwd: ROOT, env: { ...process.env, ...env } });
}

/** Runs a Node program to completion and returns its stdout (throws with its output if it fails). */
export function runChild(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
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
