/**
 * A typed wrapper around autocannon's programmatic API (the package ships no types). One call = one load
 * run; throughput counts only 2xx answers, so a route that fails fast cannot look fast.
 *
 * Latency percentiles leave out the first answer on each connection. Under a saturated server Node accepts
 * and serves new connections slowly (a bare Fastify route that burns 1.5 ms per request shows the same: the
 * first request of some of 100 fresh connections waits seconds while established ones are served), and
 * autocannon opens fresh connections for every run, so those seconds would measure connection set-up, not
 * the route. `p99WithFirst` (autocannon's own histogram, everything) is kept beside it.
 */
import { createRequire } from 'node:module';

export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before every request of this kind; returns the request to send. */
  setupRequest?: (request: LoadRequest, context: Record<string, unknown>) => LoadRequest;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: LoadRequest[];
}

export interface LoadResult {
  /** Successful (2xx) answers per second over the run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** autocannon's p99 over every answer, including each connection's first. */
  p99WithFirst: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { p50: number; p90: number; p99: number; p99_9: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonInstance {
  stop(): void;
  on(event: 'response', listener: (client: object, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export function load(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const seen = new WeakSet<object>();
    const latencies: number[] = [];
    const instance = autocannon({ ...options, timeout: 30 }, (err, r) => {
      if (err) { reject(err); return; }
      latencies.sort((a, b) => a - b);
      const at = (q: number) => round2(latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! : 0);
      const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
      resolve({
        rps: r.duration > 0 ? r['2xx'] / r.duration : 0,
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        p999: at(0.999),
        max: at(1),
        p99WithFirst: r.latency.p99,
        ok: r['2xx'],
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        statusCodes,
        seconds: r.duration,
      });
    });
    instance.on('response', (client, _status, _bytes, ms) => {
      if (seen.has(client)) latencies.push(ms);
      else seen.add(client);
    });
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** "12,345 req/s, p99 3.1 ms" plus any failures: one log line per run. */
export function describeLoad(name: string, r: LoadResult): string {
  const failures = r.non2xx || r.errors || r.timeouts
    ? ` — non-2xx ${r.non2xx} ${JSON.stringify(r.statusCodes)}, errors ${r.errors}, timeouts ${r.timeouts}`
    : '';
  return `${name}: ${Math.round(r.rps).toLocaleString('en')} req/s (${r.ok} ok in ${r.seconds} s), latency p50 ${r.p50} / p90 ${r.p90} / p99 ${r.p99} / p99.9 ${r.p999} / max ${r.max} ms (p99 with each connection's first answer ${r.p99WithFirst} ms)${failures}`;
}
