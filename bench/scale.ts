/**
 * The scale benchmark: the portal's server on synthetic catalogues of 1,000, 10,000 and 50,000 offers
 * (30 and 300 in smoke mode). For each size, on a content folder and a database of its own:
 *
 * - ready_s_<N>_offers: the server (`node server/server.ts` with `npm start`'s Node flags, production mode,
 *   no demo data) from spawn to its first 200 from /readyz, on an EMPTY database: it imports every offer
 *   file as a record with a revision, then loads the published offers from the database.
 *   ready_s_<N>_offers_restart: a second start on the same database (every file read and hashed, none new, so none parsed).
 * - server_peak_rss_mb_<N>_offers: the first start's peak resident memory (the kernel's VmHWM, which covers
 *   the whole life of the process: the import, then a visitor load). The load: every synthetic query once
 *   on the search page, one after another, then a mix of offer pages, task-type pages, the front page,
 *   more searches and the browser's search index (above BROWSER_SEARCH_INDEX_MAX_OFFERS there is none: the
 *   browser asks the search page instead), four at a time. server_rss_at_ready_mb_<N>_offers: VmRSS
 *   at ready, before any request. server_peak_rss_mb_<N>_offers_restart: the same peak for the second start.
 * - search_p95_ms_<N>_offers: the search the server performs (runSearch: match + facets + page, what the
 *   search page calls), measured IN-PROCESS on the engine, in a child process with the server's Node flags
 *   that builds the engine the server's way, from the server's database (LiveOffers: summaries and index
 *   read a page at a time). Synthetic queries (bench/synthetic-queries.ts,
 *   tuned on nothing), after a warm-up, every answer of every round in the percentile.
 *   search_page_p95_ms_<N>_offers: over HTTP, the search page GET /soeg?… (search + server-side render),
 *   one request at a time, every answer in the percentile. (The API's search, GET /api/v1/offers?q=…,
 *   needs a login, and a production server without demo data has no user.)
 *
 * BENCH_SCALE_SIZES=10000 (or a comma-separated list, e.g. 1000,50000) runs those sizes only, in smoke mode too.
 *
 * Goals only where the issue gives them, on the 50,000 rows: peak RSS ≤ 200 MB and search p95 ≤ 5 ms.
 * The server (and the search child) run pinned to the server core where the machine allows (process.ts).
 *
 * A server that dies before it is ready is a result, not a crash of the benchmark: its row
 * `ready_failed_after_s_<N>_offers[_restart][_raised_heap]` says after how long and why; one that gets ready
 * and dies during the visitor load, `ready_s_<N>_offers[…]_then_died_under_load` (its ready time). If it died of
 * V8's heap limit, the start is measured again with the heap limit raised (every row of that size says
 * so), so the table still shows how far off the goal the server is. If it never gets ready at all, the
 * peak-memory goal row holds the peak before it died, labelled a lower bound, and counts as missed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { warmCompileCache } from '../scripts/warm-compile-cache.ts';
import { TASK_TYPES } from '../core/catalogue/taxonomy.ts';
import { DEFAULT_BROWSER_INDEX_MAX_OFFERS } from '../db/catalogue.ts';
import { PINNING, freePort, procStatusKb, runChild, sampleMemory, serverNodeFlags, startChild, type Child } from './process.ts';
import { createRandom } from './random.ts';
import { rowCollector } from './rows.ts';
import { percentile } from './stats.ts';
import { ROOT, loadOrganisations, writeSyntheticContent } from './synthetic-offers.ts';
import { syntheticQueries } from './synthetic-queries.ts';
import type { BenchOptions, BenchResult, BenchSuite } from './types.ts';

type Log = (line: string) => void;

const GOAL_SIZE = 50_000;
const GOALS = {
  peakRssMb: { op: '<=', value: 200 },
  searchP95Ms: { op: '<=', value: 5 },
} as const;

/** The heap limit of the second attempt where `npm start`'s runs out. */
const RAISED_HEAP_MB = 4_096;

/** `npm start`'s Node flags, or the same with the heap limit raised. */
function nodeFlags(raisedHeap: boolean): string[] {
  const flags = serverNodeFlags();
  if (!raisedHeap) return flags;
  return [...flags.filter((f) => !f.startsWith('--max-old-space-size=')), `--max-old-space-size=${RAISED_HEAP_MB}`];
}

const heapLimitOf = (flags: string[]) => flags.find((f) => f.startsWith('--max-old-space-size='))?.split('=')[1] ?? 'default';
const isOutOfMemory = (output: string) => /heap out of memory|Reached heap limit|FATAL ERROR: .*Allocation failed/i.test(output);

/**
 * A process that died before it was ready (or, for the search child, before it answered); or, with
 * `readyS`, a server that got ready and died during the visitor load.
 */
class StartFailure extends Error {
  readonly afterS: number;
  readonly peakMb: number;
  readonly outOfMemory: boolean;
  readonly reason: string;
  readonly readyS?: number;
  constructor(reason: string, o: { afterS: number; peakMb: number; outOfMemory: boolean; readyS?: number }) {
    super(reason);
    this.reason = reason;
    this.afterS = o.afterS;
    this.peakMb = o.peakMb;
    this.outOfMemory = o.outOfMemory;
    this.readyS = o.readyS;
  }
}

/** Why the process died, in one line, from its last output. */
function reasonOf(output: string, flags: string[]): string {
  if (isOutOfMemory(output)) return `JavaScript heap out of memory (--max-old-space-size=${heapLimitOf(flags)})`;
  const said = /could not start: (.*)/.exec(output)?.[1] ?? output.trim().split('\n').at(-1) ?? 'no output';
  // Its first sentence ("Plugin did not start in time: 'catalogue'", not the guess that follows).
  return (said.split(/(?<=\.) (?=[A-Z])/)[0] ?? said).replace(/\.$/, '').slice(0, 200);
}

const mbOf = (pid: number, field: 'VmRSS' | 'VmHWM') => (procStatusKb(pid, field) ?? NaN) / 1024;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmtN = (n: number) => n.toLocaleString('en');

/** What one server start measured. */
interface Run {
  readyS: number;
  readyMb: number;
  /** VmHWM at ready: the peak of start-up alone. */
  readyPeakMb: number;
  peakMb: number;
  endMb: number;
  searchPageMs: number[];
  requests: number;
  failed: number;
  loadMs: number;
}

/** What the in-process search child measured (printed as JSON by `--search-child`). */
interface SearchChildResult {
  offers: number;
  storeMs: number;
  indexMs: number;
  hitsPerQuery: number;
  samples: number[];
  warmupPasses: number;
  rounds: number;
  /** Heap used (after a full GC) once the files are synced, before the offers are read; and at the end. */
  heapAfterStoreMb: number;
  heapUsedMb: number;
  rssMb: number;
}

interface Load { slugs: readonly string[]; queries: readonly string[]; mixedCount: number; providers: readonly string[] }

const scale: BenchSuite = async ({ smoke, workDir, log }: BenchOptions): Promise<BenchResult> => {
  const sizes = chosenSizes(process.env.BENCH_SCALE_SIZES) ?? (smoke ? [30, 300] : [1_000, 10_000, GOAL_SIZE]);
  const queryCount = smoke ? 20 : 200;
  const search = smoke
    ? { warmupPasses: 3, rounds: 2, warmupBudgetMs: 10_000, budgetMs: 10_000 }
    // Up to 3 warm-up passes and 5 rounds, fewer where a size makes each pass take long (at least 1 of each).
    : { warmupPasses: 3, rounds: 5, warmupBudgetMs: 30_000, budgetMs: 150_000 };
  const mixedCount = smoke ? 40 : 300;
  const { add, rows, result } = rowCollector();
  ensureBuild(log);
  log(PINNING.note);

  for (const n of sizes) {
    const began = performance.now();
    const dir = path.join(workDir, `n${n}`);
    const contentDir = path.join(dir, 'content');
    const dataDir = path.join(dir, 'data');
    const dbPath = path.join(dataDir, 'server.db');
    const goal = n === GOAL_SIZE;
    const timings: string[] = [];
    try {
      let t = performance.now();
      const slugs = writeSyntheticContent(contentDir, n);
      timings.push(`generate ${seconds(performance.now() - t)}`);
      const providers = loadOrganisations(contentDir).filter((o) => o.kind === 'provider').map((o) => o.id);
      const queries = syntheticQueries(queryCount, providers);
      log(`${fmtN(n)} offers: generated`);
      const load: Load = { slugs, queries, mixedCount, providers };

      /** A start that died: its row, its log line. */
      const failedStart = (failure: StartFailure, restart: boolean, raisedHeap: boolean) => {
        const what = `${restart ? 'restart on the same database' : 'EMPTY database'}, ${raisedHeap ? `HEAP LIMIT RAISED to ${fmtN(RAISED_HEAP_MB)} MB` : 'npm start\'s flags'}`;
        if (failure.readyS !== undefined) {
          add(`ready_s_${n}_offers${restart ? '_restart' : ''}${raisedHeap ? '_raised_heap' : ''}_then_died_under_load`, failure.readyS, 's',
            `READY (${what}), then DIED during the visitor load ${(failure.afterS - failure.readyS).toFixed(1)} s later: ${failure.reason}; `
            + `peak ${failure.peakMb.toFixed(0)} MB before it died (sampled)`, { digits: 2 });
          timings.push(`${restart ? 'restart' : 'first start'} ${seconds(failure.readyS * 1000)}, died under load`);
          log(`${fmtN(n)} offers: the server was ready (${what}) in ${failure.readyS.toFixed(1)} s, then died during the visitor load, peak ${failure.peakMb.toFixed(0)} MB: ${failure.reason}`);
          return;
        }
        add(`ready_failed_after_s_${n}_offers${restart ? '_restart' : ''}${raisedHeap ? '_raised_heap' : ''}`, failure.afterS, 's',
          `NEVER READY (${what}): ${failure.reason}; peak ${failure.peakMb.toFixed(0)} MB before it died`, { digits: 1 });
        timings.push(`failed ${restart ? 'restart' : 'start'} ${seconds(failure.afterS * 1000)}`);
        log(`${fmtN(n)} offers: the server died before ready (${what}) after ${failure.afterS.toFixed(1)} s, peak ${failure.peakMb.toFixed(0)} MB: ${failure.reason}`);
      };
      /** Starts the server; on running out of memory, again with the heap raised. The last failure when it never gets ready. */
      const start = async (restart: boolean, raisedHeap: boolean): Promise<{ run: Run; raisedHeap: boolean } | { failure: StartFailure; raisedHeap: boolean }> => {
        const name = `server (${fmtN(n)} offers, ${restart ? 'restart' : 'empty database'}${raisedHeap ? `, heap ${RAISED_HEAP_MB} MB` : ''})`;
        try {
          const run = await serverRun(name, n, contentDir, restart ? dbPath : freshDatabase(dataDir), load, raisedHeap, log);
          timings.push(`${restart ? 'restart' : 'first start'} ${seconds(run.readyS * 1000)} + load ${seconds(run.loadMs)}`);
          return { run, raisedHeap };
        } catch (error) {
          if (!(error instanceof StartFailure)) throw error;
          failedStart(error, restart, raisedHeap);
          return error.outOfMemory && !raisedHeap ? start(restart, true) : { failure: error, raisedHeap };
        }
      };

      const first = await start(false, false);
      // The restart with the heap limit the first start needed (npm start's would run out again).
      const restart = 'failure' in first ? undefined : await start(true, first.raisedHeap);

      t = performance.now();
      let engine: SearchChildResult;
      let engineRaised = false;
      try {
        engine = await inProcessSearch({ contentDir, databasePath: dbPath, queryCount, providers, ...search }, engineRaised);
      } catch (error) {
        if (!(error instanceof StartFailure && error.outOfMemory)) throw error;
        engineRaised = true;
        log(`${fmtN(n)} offers: the in-process search child ran OUT OF MEMORY with the server's flags; again with --max-old-space-size=${RAISED_HEAP_MB}`);
        engine = await inProcessSearch({ contentDir, databasePath: dbPath, queryCount, providers, ...search }, engineRaised);
      }
      timings.push(`in-process search ${seconds(performance.now() - t)}`);
      if (engine.offers !== n) throw new Error(`The search child loaded ${engine.offers} of ${n} synthetic offers`);
      log(`${fmtN(n)} offers: in-process search child${engineRaised ? ` (heap ${RAISED_HEAP_MB} MB)` : ''}: files synced ${seconds(engine.storeMs)}, offers read and indexed in ${seconds(engine.indexMs)} (the server's way), `
        + `${engine.warmupPasses} warm-up pass(es), ${queryCount} queries × ${engine.rounds} round(s), ${Math.round(engine.hitsPerQuery)} hits per query, `
        + `p50 ${percentile(engine.samples, 0.5).toFixed(2)} ms, p95 ${percentile(engine.samples, 0.95).toFixed(2)} ms, max ${Math.max(...engine.samples).toFixed(1)} ms; `
        + `heap used ${engine.heapUsedMb.toFixed(0)} MB (${engine.heapAfterStoreMb.toFixed(0)} MB before the offers were read), RSS ${engine.rssMb.toFixed(0)} MB`);

      if ('failure' in first) {
        // Never ready under any heap limit: the goal is not met whatever the peak before the crash was.
        add(firstStartPeakMetric(n), first.failure.peakMb, 'MB',
          `LOWER BOUND: the server NEVER GOT READY (${first.raisedHeap ? `heap limit raised to ${fmtN(RAISED_HEAP_MB)} MB: ` : ''}${first.failure.reason}); `
          + 'its peak RSS before it died', { digits: 1, ...(goal ? { goal: GOALS.peakRssMb } : {}) });
        if (goal) rows.at(-1)!.ok = false;
      } else {
        const { run } = first;
        const heapNote = first.raisedHeap ? `; HEAP LIMIT RAISED to ${fmtN(RAISED_HEAP_MB)} MB (npm start's runs out of memory)` : '';
        add(`ready_s_${n}_offers`, run.readyS, 's',
          `server start on an EMPTY database, spawn to /readyz: imports ${fmtN(n)} offer files as records, loads them${heapNote}`, { digits: 2 });
        if (restart && 'run' in restart) {
          add(`ready_s_${n}_offers_restart`, restart.run.readyS, 's',
            `second start on the same database (${fmtN(n)} files read and hashed, none parsed: each is the text of its last import), spawn to /readyz${heapNote}`, { digits: 2 });
        }
        add(`server_rss_at_ready_mb_${n}_offers`, run.readyMb, 'MB',
          `server RSS at ready (first start), before any request; start-up peak (VmHWM) ${run.readyPeakMb.toFixed(0)} MB${heapNote}`, { digits: 1 });
        add(firstStartPeakMetric(n), run.peakMb, 'MB',
          `server peak RSS (VmHWM), first start: import of ${fmtN(n)} offers + ${run.requests} page/search requests (${run.failed} failed)${heapNote}`,
          { digits: 1, ...(goal ? { goal: GOALS.peakRssMb } : {}) });
        if (restart && 'run' in restart) {
          add(`server_peak_rss_mb_${n}_offers_restart`, restart.run.peakMb, 'MB',
            `server peak RSS (VmHWM), restart on the same database + the same ${restart.run.requests} requests (${restart.run.failed} failed)${heapNote}`, { digits: 1 });
        }
      }
      add(`search_p95_ms_${n}_offers`, percentile(engine.samples, 0.95), 'ms',
        `IN-PROCESS engine (built as the server builds it, from its database): runSearch (match + facets + page), ${queryCount} synthetic queries × ${engine.rounds}, ${fmtN(n)} offers, every sample, `
        + (engineRaised ? `server's Node flags but HEAP LIMIT RAISED to ${fmtN(RAISED_HEAP_MB)} MB` : 'server\'s Node flags'),
        { ...(goal ? { goal: GOALS.searchP95Ms } : {}) });
      if ('run' in first) {
        add(`search_page_p95_ms_${n}_offers`, percentile(first.run.searchPageMs, 0.95), 'ms',
          `OVER HTTP: GET /soeg?… (search + server-side page), ${first.run.searchPageMs.length} synthetic queries one at a time, every answer`
          + (first.raisedHeap ? `; heap limit raised to ${fmtN(RAISED_HEAP_MB)} MB` : ''));
      }
      log(`${fmtN(n)} offers: took ${seconds(performance.now() - began)} in all (${timings.join(', ')})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return result();
};

export default scale;

/**
 * The first start's peak at `n` offers. At 1,000 the plain name is the catalogue suite's figure (the built
 * site under page load, the issue's goal), so this suite's own 1,000-offer figure is named for what it adds.
 */
export function firstStartPeakMetric(n: number): string {
  return n === 1_000 ? 'server_peak_rss_mb_1000_offers_import' : `server_peak_rss_mb_${n}_offers`;
}

/** The sizes BENCH_SCALE_SIZES asks for ("10000", "1000,50000"); undefined when unset or empty. */
export function chosenSizes(value: string | undefined): number[] | undefined {
  const parts = (value ?? '').split(',').map((p) => p.trim().replaceAll('_', '')).filter(Boolean);
  if (!parts.length) return undefined;
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_SCALE_SIZES: "${p}" is not a whole number of offers (e.g. BENCH_SCALE_SIZES=10000 or 1000,50000)`);
    return n;
  });
}

/** An empty data folder; returns the database path in it. */
function freshDatabase(dataDir: string): string {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return path.join(dataDir, 'server.db');
}

// ------------------------------------------------------------------ the server

/**
 * Starts the server (as `npm start` does: its Node flags, production mode) on the content folder and
 * database, times spawn → first 200 from /readyz, then runs the visitor load and reads its memory; the
 * server is stopped in any case. Throws StartFailure when it dies before ready, or under the load (with its ready time).
 */
async function serverRun(name: string, n: number, contentDir: string, dbPath: string, load: Load, raisedHeap: boolean, log: Log): Promise<Run> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), HOST: '127.0.0.1', PORT: String(port),
    LOG_LEVEL: 'warn', CONTENT_DIR: contentDir, DIST_DIR: path.join(ROOT, 'dist'), DATABASE_PATH: dbPath,
    SEED_DEMO: 'false', SMTP_URL: '', SITE_URL: '', SHUTDOWN_DRAIN_SECONDS: '0',
  };
  const flags = nodeFlags(raisedHeap);
  warmCompileCache(log, flags); // as npm start does before it loads the server
  const spawnedAt = performance.now();
  const child = startChild(name, [...flags, 'server/server.ts'], { cwd: ROOT, env, side: 'server' });
  try {
    // Generous: an import of 50,000 files on a slow machine takes minutes.
    const offers = await waitReady(child, `${base}/readyz`, 120_000 + n * 20, spawnedAt, flags);
    const readyS = (performance.now() - spawnedAt) / 1000;
    if (offers !== n) throw new Error(`${name} is ready with ${offers} of ${n} offers`);
    const pid = child.proc.pid!;
    const readyMb = mbOf(pid, 'VmRSS');
    const readyPeakMb = mbOf(pid, 'VmHWM');
    // Sampled, so a server that dies under the load still tells its peak (VmHWM goes with the process).
    const memory = sampleMemory(pid);
    /** A server that died during the load: a result (StartFailure with its ready time), not a crash of the benchmark. */
    const diedUnderLoad = () => {
      memory.stop();
      const output = child.output();
      return new StartFailure(reasonOf(output, flags), {
        afterS: (performance.now() - spawnedAt) / 1000, peakMb: Math.max(readyPeakMb, memory.peakMb()), outOfMemory: isOutOfMemory(output), readyS,
      });
    };

    const loadStart = performance.now();
    // The search page, every query once, one request at a time: its latency is the page's, not a queue's.
    const searchPageMs: number[] = [];
    let failed = 0;
    for (const q of load.queries) {
      const t = performance.now();
      const ok = await get(base, `/soeg?${q}`);
      searchPageMs.push(performance.now() - t);
      if (!ok) failed++;
      if (child.exited()) throw diedUnderLoad();
    }
    // Then what visitors do besides: offer pages, task-type pages, the front page, more searches, and the
    // search index the search page's script loads (built and gzipped once per content version; above the
    // limit there is none, and the script asks the search page).
    const browserIndex = n <= DEFAULT_BROWSER_INDEX_MAX_OFFERS;
    const rnd = createRandom(n);
    const more = syntheticQueries(load.mixedCount, load.providers, 7);
    const urls = Array.from({ length: load.mixedCount }, (_, i) => {
      const kind = rnd.next();
      if (kind < 0.5) return `/tilbud/${rnd.pick(load.slugs)}`;
      if (kind < 0.6) return `/opgavetyper/${rnd.pick(TASK_TYPES).slug}`;
      if (kind < 0.65) return '/';
      if (kind < 0.97 || !browserIndex) return `/soeg?${more[i]}`;
      return '/api/v1/search-index';
    });
    failed += await fetchAll(base, urls, 4);
    const loadMs = performance.now() - loadStart;
    memory.stop();
    if (child.exited()) throw diedUnderLoad();
    const run: Run = {
      readyS, readyMb, readyPeakMb, peakMb: mbOf(pid, 'VmHWM'), endMb: mbOf(pid, 'VmRSS'),
      searchPageMs, requests: load.queries.length + urls.length, failed, loadMs,
    };
    log(`${name}: ready in ${readyS.toFixed(2)} s at ${readyMb.toFixed(0)} MB (start-up peak ${readyPeakMb.toFixed(0)} MB); `
      + `${run.requests} requests in ${seconds(loadMs)}, ${failed} failed; search page p50 ${percentile(searchPageMs, 0.5).toFixed(1)} ms, `
      + `p95 ${percentile(searchPageMs, 0.95).toFixed(1)} ms; peak ${run.peakMb.toFixed(0)} MB, ${run.endMb.toFixed(0)} MB at the end`);
    return run;
  } finally {
    await child.stop();
  }
}

/**
 * Polls /readyz every 20 ms until it answers 200; returns the offer count it reports. Reads the process's
 * VmHWM on every poll, so a process that dies before ready still tells its peak (StartFailure).
 */
async function waitReady(child: Child, url: string, timeoutMs: number, spawnedAt: number, flags: string[]): Promise<number> {
  const until = Date.now() + timeoutMs;
  let peakMb = 0;
  while (Date.now() < until) {
    if (child.exited()) {
      const output = child.output();
      throw new StartFailure(reasonOf(output, flags), { afterS: (performance.now() - spawnedAt) / 1000, peakMb, outOfMemory: isOutOfMemory(output) });
    }
    const hwm = mbOf(child.proc.pid!, 'VmHWM');
    if (hwm > peakMb) peakMb = hwm;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return (await res.json() as { offers: number }).offers;
      await res.arrayBuffer();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${child.name} did not answer ${url} within ${Math.round(timeoutMs / 1000)} s:\n${child.output()}`);
}

/** GET, body read to the end; whether it answered 2xx. */
async function get(base: string, url: string): Promise<boolean> {
  const res = await fetch(`${base}${url}`).catch(() => null);
  if (!res) return false;
  await res.arrayBuffer();
  return res.ok;
}

/** Fetches every URL, `concurrency` at a time; returns the failures. */
async function fetchAll(base: string, urls: readonly string[], concurrency: number): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < urls.length) if (!(await get(base, urls[next++]!))) failed++;
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failed;
}

// ------------------------------------------------------------------ the search, in-process

interface SearchChildArgs {
  contentDir: string;
  /** The server's SQLite file (after its runs: the offers are in it; else the child imports them). */
  databasePath: string;
  queryCount: number;
  providers: readonly string[];
  warmupPasses: number;
  rounds: number;
  /** Warm-up passes stop after this long (at least one pass). */
  warmupBudgetMs: number;
  /** Timed rounds stop after this long (at least one round); every sample of every round counts. */
  budgetMs: number;
}

/** Runs this file as a child with the server's Node flags (pinned like the server) and reads its JSON. */
async function inProcessSearch(args: SearchChildArgs, raisedHeap: boolean): Promise<SearchChildResult> {
  const name = 'search (in-process)';
  try {
    const stdout = await runChild(name, [...nodeFlags(raisedHeap), '--expose-gc', import.meta.filename, '--search-child', JSON.stringify(args)],
      { cwd: ROOT, env: process.env, side: 'server' });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as SearchChildResult;
  } catch (error) {
    if (error instanceof Error && isOutOfMemory(error.message)) throw new StartFailure(`${name} ran out of memory`, { afterS: NaN, peakMb: NaN, outOfMemory: true });
    throw error;
  }
}

/**
 * The child's side: the engine built the server's way (server/plugins/catalogue.ts) — the offer files
 * synced into the server's SQLite database (nothing to import after the server's runs), then every
 * published offer read a page at a time into summaries and the index — then warm up and time every query.
 */
async function searchChild(args: SearchChildArgs): Promise<SearchChildResult> {
  const { openDatabase } = await import('../db/client.ts');
  const { sqliteEngine } = await import('../db/engine.ts');
  const { OfferStore } = await import('../db/content/offer-store.ts');
  const { OfferFileSync } = await import('../db/offers/file-sync.ts');
  const { OfferRepository } = await import('../db/offers/repository.ts');
  const { LiveOffers } = await import('../db/offers/live-offers.ts');
  const { ORGANISATIONS_FILE, OrganisationService } = await import('../server/services/organisations.ts');
  const { parseSearchParams, runSearch } = await import('../core/catalogue/search/engine.ts');
  const heapMb = () => process.memoryUsage().heapUsed / (1024 * 1024);
  const database = sqliteEngine(openDatabase(args.databasePath));
  const quiet = { info: () => {}, warn: (m: string) => console.error(m) };
  let t = performance.now();
  const organisations = new OrganisationService(database);
  await organisations.importFile(path.join(args.contentDir, ORGANISATIONS_FILE));
  const repository = new OfferRepository(database);
  await new OfferFileSync(new OfferStore({ contentDir: args.contentDir, log: quiet, deferParsing: true }), repository, quiet).sync();
  const storeMs = performance.now() - t;
  globalThis.gc!();
  const heapAfterStoreMb = heapMb();
  t = performance.now();
  const live = new LiveOffers(repository, await organisations.list());
  await live.load();
  const engine = live.engine()!;
  const offers = live.all().length;
  const indexMs = performance.now() - t;
  const queries = syntheticQueries(args.queryCount, args.providers).map((qs) => parseSearchParams(new URLSearchParams(qs)));
  let hits = 0;
  let warmupPasses = 0;
  t = performance.now();
  do { // warm-up (JIT, caches)
    for (const q of queries) hits += runSearch(engine, q).total;
    warmupPasses++;
  } while (warmupPasses < args.warmupPasses && performance.now() - t < args.warmupBudgetMs);
  const samples: number[] = [];
  let rounds = 0;
  t = performance.now();
  do {
    for (const q of queries) {
      const start = performance.now();
      runSearch(engine, q);
      samples.push(performance.now() - start);
    }
    rounds++;
  } while (rounds < args.rounds && performance.now() - t < args.budgetMs);
  globalThis.gc!();
  const memory = process.memoryUsage();
  live.close();
  await database.close();
  return {
    offers, storeMs, indexMs, hitsPerQuery: hits / warmupPasses / Math.max(1, queries.length), samples, warmupPasses, rounds,
    heapAfterStoreMb, heapUsedMb: memory.heapUsed / (1024 * 1024), rssMb: memory.rss / (1024 * 1024),
  };
}

if (import.meta.main && process.argv[2] === '--search-child') {
  const out = await searchChild(JSON.parse(process.argv[3]!) as SearchChildArgs);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
