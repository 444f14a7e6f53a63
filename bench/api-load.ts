/**
 * The load generator: autocannon in a child process of its own, pinned to the load generator's core (see
 * process.ts), so the benchmark's own process and autocannon never take CPU from the server under test.
 * `load(spec)` writes the spec to a file, runs `node bench/api-load.ts <spec file>` and reads one JSON line
 * back. Throughput counts only 2xx answers, so a route that fails fast cannot look fast.
 *
 * Latency percentiles include every answer, each connection's first one too (connection set-up is part of
 * what a client waits for). The same percentiles without each connection's first answer are kept beside
 * them as `trimmed` — a labelled figure, never the headline one.
 *
 * A spec is plain data (it crosses a process boundary): one request, or a list of requests that every
 * connection takes turns through (a shared cursor, so N connections spread over the whole list). In a
 * body, `{n}` becomes a number unique within the run and `{run}` the spec's `runId`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cpuSeconds, runChild } from './process.ts';
import { percentileOfSorted } from './stats.ts';

export interface LoadRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  /** Several servers of one service: the connections are spread over them, the answers counted together. */
  urls?: string[];
  connections: number;
  /** Seconds. */
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Taken in turn by all connections together; overrides method/headers/body. */
  requests?: LoadRequest[];
  /** Replaces `{run}` in bodies, so bodies stay unique across runs. */
  runId?: string;
}

export interface Percentiles { p50: number; p90: number; p99: number; p999: number; max: number }

export interface LoadResult extends Percentiles {
  /** Successful (2xx) answers per second over the run. */
  rps: number;
  /** The same percentiles without each connection's first answer (connection set-up): labelled, not the headline. */
  trimmed: Percentiles;
  answers: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** CPU seconds the load generator used: near `seconds` means autocannon, not the server, was the limit. */
  loadCpuSeconds: number;
  /** CPU seconds the server process used during the run, when its pid was given (all its threads). */
  serverCpuSeconds?: number;
}

/** Runs one load in the pinned load-generator process; `serverPid` adds the server's CPU use over the run. */
export async function load(spec: LoadSpec, options: { workDir: string; serverPid?: number }): Promise<LoadResult> {
  const file = path.join(options.workDir, `load-${process.pid}-${++specCount}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const before = options.serverPid ? cpuSeconds(options.serverPid) : NaN;
  const out = await runChild('autocannon', [path.join(import.meta.dirname, 'api-load.ts'), file], { cwd: options.workDir, env: process.env, side: 'load' });
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult;
  if (options.serverPid) result.serverCpuSeconds = cpuSeconds(options.serverPid) - before;
  return result;
}
let specCount = 0;

const round2 = (n: number) => Math.round(n * 100) / 100;
const pct = (n: number) => `${Math.round(n * 100)}%`;

/** "12,345 req/s, p99 3.1 ms" plus CPU use and any failures: one log line per run. */
export function describeLoad(name: string, r: LoadResult): string {
  const failures = r.non2xx || r.errors || r.timeouts
    ? ` — non-2xx ${r.non2xx} ${JSON.stringify(r.statusCodes)}, errors ${r.errors}, timeouts ${r.timeouts}`
    : '';
  const cpu = `CPU: server ${r.serverCpuSeconds === undefined ? '?' : pct(r.serverCpuSeconds / r.seconds)}, autocannon ${pct(r.loadCpuSeconds / r.seconds)}`;
  return `${name}: ${Math.round(r.rps).toLocaleString('en')} req/s (${r.ok} ok in ${r.seconds} s), latency p50 ${r.p50} / p90 ${r.p90} / p99 ${r.p99} / p99.9 ${r.p999} / max ${r.max} ms (p99 without first answers ${r.trimmed.p99} ms); ${cpu}${failures}`;
}

// ---------------------------------------------------------------- the child process
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string }
interface AutocannonInstance {
  on(event: 'response', listener: (client: object, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

function percentilesOf(latencies: number[]): Percentiles {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => round2(percentileOfSorted(latencies, q));
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: round2(latencies.at(-1) ?? 0) };
}

type RunResult = Omit<LoadResult, 'loadCpuSeconds' | 'serverCpuSeconds'>;

/** One autocannon per server, at the same time, sharing the connections; every answer in the percentiles. */
async function runAgainstAll(spec: LoadSpec): Promise<RunResult> {
  const urls = spec.urls!;
  const all: number[] = [];
  const trimmed: number[] = [];
  const runs = await Promise.all(urls.map((url, i) => runAutocannon({
    // Each instance numbers its bodies from 0: the run id keeps them unique across the instances.
    ...spec, url, urls: undefined, runId: `${spec.runId ?? ''}.${i}`,
    connections: Math.floor(spec.connections / urls.length) + (i < spec.connections % urls.length ? 1 : 0),
  }, { all, trimmed })));
  const statusCodes: Record<string, number> = {};
  for (const r of runs) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const seconds = Math.max(...runs.map((r) => r.seconds));
  const ok = runs.reduce((n, r) => n + r.ok, 0);
  return {
    rps: seconds > 0 ? ok / seconds : 0, ...percentilesOf(all), trimmed: percentilesOf(trimmed), answers: all.length, ok,
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0), errors: runs.reduce((n, r) => n + r.errors, 0),
    timeouts: runs.reduce((n, r) => n + r.timeouts, 0), statusCodes, seconds,
  };
}

function runAutocannon(spec: LoadSpec, shared?: { all: number[]; trimmed: number[] }): Promise<RunResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const { requests, runId = '', urls: _urls, ...rest } = spec;
  let n = 0;
  let cursor = 0;
  const fill = (body: string | undefined) => body?.replaceAll('{run}', runId).replaceAll('{n}', () => String(n++));
  const options: Record<string, unknown> = { ...rest, body: fill(rest.body), timeout: 30 };
  if (requests?.length) {
    options.requests = [{
      setupRequest: (request: AutocannonRequest) => {
        const next = requests[cursor++ % requests.length]!;
        return { ...request, method: next.method ?? 'GET', path: next.path, headers: next.headers ?? {}, body: fill(next.body) };
      },
    }];
  } else if (rest.body?.includes('{n}')) {
    options.requests = [{ setupRequest: (request: AutocannonRequest) => ({ ...request, body: fill(rest.body) }) }];
  }
  return new Promise((resolve, reject) => {
    const seen = new WeakSet<object>();
    const all: number[] = shared?.all ?? [];
    const trimmed: number[] = shared?.trimmed ?? [];
    const instance = autocannon(options, (err, r) => {
      if (err) { reject(err); return; }
      const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
      resolve({
        rps: r.duration > 0 ? r['2xx'] / r.duration : 0,
        ...percentilesOf(all),
        trimmed: percentilesOf(trimmed),
        answers: all.length,
        ok: r['2xx'],
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        statusCodes,
        seconds: r.duration,
      });
    });
    instance.on('response', (client, _status, _bytes, ms) => {
      all.push(ms);
      if (seen.has(client)) trimmed.push(ms);
      else seen.add(client);
    });
  });
}

if (import.meta.main) {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  const start = process.cpuUsage();
  const result = spec.urls?.length ? await runAgainstAll(spec) : await runAutocannon(spec);
  const used = process.cpuUsage(start);
  console.log(JSON.stringify({ ...result, loadCpuSeconds: (used.user + used.system) / 1e6 }));
  process.exit(0);
}
