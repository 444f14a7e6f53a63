/**
 * The catalogue benchmark: search speed, index size and relevance (side by side with Pagefind), build time,
 * offer page weight and server memory, on a synthetic catalogue of 1,000 offers (30 in smoke mode) and, for
 * relevance, on the demo catalogue with the query table of tests/search-queries.ts.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { createCatalogue } from '../src/lib/catalogue.ts';
import { SearchEngine, parseSearchParams, runSearch, toQueryString } from '../src/lib/search/engine.ts';
import { TASK_TYPES } from '../src/lib/taxonomy.ts';
import { SEARCH_QUERIES } from '../tests/search-queries.ts';
import { closePagefind, measureBundle, openPagefindBundle, writePagefindBundle } from './pagefind.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { createRandom } from './random.ts';
import { DEMO_CONTENT_DIR, ROOT, writeSyntheticContent } from './synthetic-offers.ts';
import { freePort, procStatusKb, startServer, waitUntilReady } from './process.ts';
import { syntheticQueries } from './synthetic-queries.ts';
import type { BenchOptions, BenchResult, BenchRow, BenchSuite } from './types.ts';

const KB = 1024;
const MB = 1024 * 1024;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));
const gzipSize = (data: string | Buffer) => gzipSync(data).length;

function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const catalogue: BenchSuite = async ({ smoke, workDir, log }: BenchOptions): Promise<BenchResult> => {
  const offerCount = smoke ? 30 : 1_000;
  const queryCount = smoke ? 20 : 200;
  const rows: BenchRow[] = [];
  const metrics: Record<string, number> = {};
  const add = (metric: string, value: number, unit: string, extra: Omit<BenchRow, 'metric' | 'value' | 'unit'> = {}, key?: string) => {
    const v = Number.isFinite(value) ? round(value) : value;
    rows.push({ metric, value: v, unit, ...extra });
    if (key !== undefined) metrics[key] = v;
  };

  // ---------------------------------------------------------------- synthetic corpus
  const contentDir = path.join(workDir, 'content');
  let t = performance.now();
  const slugs = writeSyntheticContent(contentDir, offerCount);
  log(`generated ${slugs.length} synthetic offers in ${Math.round(performance.now() - t)} ms → ${path.relative(ROOT, contentDir)}`);

  // ---------------------------------------------------------------- our search, built as the server does
  t = performance.now();
  const synthetic = createCatalogue({ contentDir });
  const storeMs = performance.now() - t;
  const loaded = synthetic.offers().length;
  if (loaded !== offerCount) throw new Error(`The store loaded ${loaded} of ${offerCount} synthetic offers`);
  t = performance.now();
  const engine = synthetic.search();
  const indexMs = performance.now() - t;
  t = performance.now();
  const indexJson = synthetic.searchIndexJson();
  const serialiseMs = performance.now() - t;
  const rawKb = Buffer.byteLength(indexJson) / KB;
  const gzKb = gzipSize(indexJson) / KB;
  t = performance.now();
  SearchEngine.fromPayload(JSON.parse(indexJson));
  const loadMs = performance.now() - t;

  const providers = synthetic.organisations().filter((o) => o.kind === 'provider').map((o) => o.id);
  const queries = syntheticQueries(queryCount, providers).map((qs) => parseSearchParams(new URLSearchParams(qs)));
  const rounds = smoke ? 2 : 5;
  let hits = 0;
  for (let i = 0; i < 3; i++) for (const q of queries) hits += runSearch(engine, q).total; // warm-up (JIT, caches)
  const samples: number[] = [];
  const perQuery = queries.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    queries.forEach((q, i) => {
      const start = performance.now();
      runSearch(engine, q);
      const ms = performance.now() - start;
      samples.push(ms);
      perQuery[i]!.push(ms);
    });
  }
  const slowest = queries.map((q, i) => ({ q, ms: percentile(perQuery[i]!, 50) })).sort((a, b) => b.ms - a.ms).slice(0, 5);
  log(`slowest queries (median): ${slowest.map((s) => `${toQueryString(s.q)} ${s.ms.toFixed(2)} ms`).join(' | ')}`);
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  log(`search: ${queries.length} queries × ${rounds} rounds, ${Math.round(hits / 3 / queries.length)} hits per query on average`);
  add(`search p50 (${queries.length} queries × ${rounds}, ${offerCount} offers)`, p50, 'ms', { against: 'runSearch: match + facets + page' }, 'search_p50_ms');
  add(`search p95 (${queries.length} queries × ${rounds}, ${offerCount} offers)`, p95, 'ms', { against: 'goal ≤ 2 ms', ok: p95 <= 2 }, 'search_p95_ms');
  add(`search max`, Math.max(...samples), 'ms');
  add(`search index, raw JSON (${offerCount} offers)`, rawKb, 'KB', { against: 'GET /api/v1/search-index body' }, 'search_index_raw_kb');

  // ---------------------------------------------------------------- Pagefind on the same corpus
  const pagefindDir = path.join(workDir, 'pagefind-synthetic');
  t = performance.now();
  await writePagefindBundle(synthetic.offers(), synthetic.organisations(), pagefindDir);
  const pagefindBuildMs = performance.now() - t;
  const bundle = measureBundle(pagefindDir);
  const pagefindKb = bundle.indexBytes / KB;
  add(`search index, gzip (${offerCount} offers)`, gzKb, 'KB', { against: `goal ≤ 250 KB; Pagefind ${pagefindKb.toFixed(1)} KB`, ok: gzKb <= 250 }, 'search_index_gzip_kb');
  add(`Pagefind index, gzip (${offerCount} offers)`, pagefindKb, 'KB',
    { against: `all ${bundle.indexFiles} pf_meta/pf_index/pf_fragment/pf_filter files, as written (gzip)` }, 'pagefind_index_gzip_kb');
  add('Pagefind runtime, gzip', bundle.runtimeBytes / KB, 'KB', { against: 'pagefind.js + pagefind-entry.json + wasm.da (once per visit)' }, 'pagefind_runtime_gzip_kb');
  // What a browser downloads for a first search with Pagefind: runtime, meta, the index chunks for the words, 5 fragments.
  const firstSearch: number[] = [];
  for (const word of ['stress', 'rygestop', 'job med støtte']) {
    const searcher = await openPagefindBundle(pagefindDir);
    try {
      await searcher.search(word, 5);
      firstSearch.push(searcher.fetchedBytes() / KB);
    } finally {
      await searcher.close();
    }
  }
  const firstSearchKb = firstSearch.reduce((a, b) => a + b, 0) / firstSearch.length;
  add('Pagefind first search download, gzip', firstSearchKb, 'KB',
    { against: `runtime + meta + index chunks + 5 fragments; ours ${(gzKb).toFixed(1)} KB index (+ search script)` }, 'pagefind_first_search_gzip_kb');

  // ---------------------------------------------------------------- relevance on the demo catalogue
  const demo = createCatalogue({ contentDir: DEMO_CONTENT_DIR });
  const demoEngine = demo.search();
  const relevanceQueries = SEARCH_QUERIES;
  let ours = 0;
  const oursMissed: string[] = [];
  for (const row of relevanceQueries) {
    const top = runSearch(demoEngine, parseSearchParams(new URLSearchParams({ q: row.query }))).hits.slice(0, 3).map((h) => h.slug);
    if (row.expect.every((slug) => top.includes(slug))) ours++;
    else oursMissed.push(row.query);
  }
  const demoPagefindDir = path.join(workDir, 'pagefind-demo');
  await writePagefindBundle(demo.offers(), demo.organisations(), demoPagefindDir);
  await closePagefind();
  let theirs = 0;
  const theirsMissed: string[] = [];
  const demoSearcher = await openPagefindBundle(demoPagefindDir);
  try {
    for (const row of relevanceQueries) {
      const top = await demoSearcher.search(row.query, 3);
      if (row.expect.every((slug) => top.includes(slug))) theirs++;
      else theirsMissed.push(row.query);
    }
  } finally {
    await demoSearcher.close();
  }
  demo.close();
  const oursRate = ours / relevanceQueries.length;
  const theirsRate = theirs / relevanceQueries.length;
  log(`top-3 misses, ours (${oursMissed.length}): ${oursMissed.join(' | ') || '—'}`);
  log(`top-3 misses, Pagefind (${theirsMissed.length}): ${theirsMissed.join(' | ') || '—'}`);
  add(`search top-3 hit rate (${relevanceQueries.length} demo queries)`, oursRate, '',
    { against: `goal ≥ Pagefind ${theirsRate.toFixed(3)} (${ours} vs ${theirs} hits)`, ok: oursRate >= theirsRate }, 'search_top3_hit_rate');
  add(`Pagefind top-3 hit rate (${relevanceQueries.length} demo queries)`, theirsRate, '',
    { against: 'custom records: title, summary, body, synonyms, themes, provider' }, 'pagefind_top3_hit_rate');

  // ---------------------------------------------------------------- build time
  const buildS = astroBuild(workDir, contentDir, log);
  const indexBuildS = (storeMs + indexMs + serialiseMs) / 1000;
  add(`astro build (${offerCount} offers validated)`, buildS, 's', { against: 'own copy of the project, --outDir in the work dir' }, 'build_astro_s');
  add('search index from the store', indexBuildS, 's',
    { against: `load+validate ${Math.round(storeMs)} ms, index ${Math.round(indexMs)} ms, JSON ${Math.round(serialiseMs)} ms` }, 'build_search_index_s');
  add(`build, total (${offerCount} offers)`, buildS + indexBuildS, 's', { against: `Pagefind indexing ${(pagefindBuildMs / 1000).toFixed(2)} s` }, 'build_s_1000_offers');
  add('search index load in the browser (parse + loadJS)', loadMs, 'ms');

  // ---------------------------------------------------------------- offer page weight (real app, demo content, built dist/)
  const page = await offerPageWeight(workDir, log);
  add(`offer page in Chromium, gzip (${page.files} files)`, page.gzipBytes / KB, 'KB',
    { against: `everything the browser fetched, fonts included; raw ${(page.rawBytes / KB).toFixed(0)} KB, ${(page.transferredBytes / KB).toFixed(0)} KB on the wire` }, 'offer_page_gzip_kb');

  // ---------------------------------------------------------------- server memory under load
  const serverQueries = syntheticQueries(queryCount, providers, 7);
  const requestCount = smoke ? 100 : 1_000;
  const rss = await serverMemory(workDir, contentDir, slugs, serverQueries, requestCount, log);
  add(`server RSS after ${rss.requests} requests (${offerCount} offers)`, rss.rssMb, 'MB',
    { against: `goal ≤ 250 MB; ${rss.failed} failed requests`, ok: rss.rssMb <= 250 }, 'server_rss_mb_1000_offers');
  add('server peak RSS (VmHWM)', rss.hwmMb, 'MB', { against: `${(rss.readyRssMb).toFixed(0)} MB when ready, before requests` }, 'server_peak_rss_mb_1000_offers');

  synthetic.close();
  return { metrics, rows };
};

export default catalogue;

/**
 * `astro build` of a private copy of the project (src, public, server, db, config; node_modules linked), so
 * neither dist/ nor .astro/ of the working tree is touched; CONTENT_DIR points the build's content validation
 * at the synthetic catalogue. Returns seconds.
 */
function astroBuild(workDir: string, contentDir: string, log: (line: string) => void): number {
  const site = path.join(workDir, 'site');
  mkdirSync(site, { recursive: true });
  for (const entry of ['src', 'public', 'server', 'db', 'astro.config.mjs', 'tsconfig.json', 'package.json']) {
    cpSync(path.join(ROOT, entry), path.join(site, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(site, 'node_modules'), 'dir');
  const outDir = path.join(workDir, 'site-dist');
  const astro = path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const start = performance.now();
  const result = spawnSync(process.execPath, [astro, 'build', '--outDir', outDir], {
    cwd: site,
    env: { ...process.env, CONTENT_DIR: contentDir, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const seconds = (performance.now() - start) / 1000;
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`astro build failed (exit ${result.status}):\n${output.slice(-4000)}`);
  const validated = /(\d+) offers in .* are valid/.exec(output);
  log(`astro build: ${seconds.toFixed(1)} s, ${validated ? `${validated[1]} offers validated` : 'content validation line not found'}`);
  return seconds;
}

interface PageWeight { files: number; rawBytes: number; gzipBytes: number; transferredBytes: number }

/**
 * One public offer page of the real app (built dist/, demo content), loaded in Chromium as a citizen would:
 * every file the browser actually fetched (HTML, CSS, scripts and the font files the page uses, once fonts
 * are ready). Each is gzip-sized (the HTML is sent as rendered; a proxy would gzip it), and what Chromium
 * counted on the wire is returned too (assets arrive precompressed).
 */
async function offerPageWeight(workDir: string, log: (line: string) => void): Promise<PageWeight> {
  ensureBuild(log);
  const dataDir = path.join(workDir, 'page-data');
  mkdirSync(dataDir, { recursive: true });
  const config = {
    ...loadConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'silent', CONTENT_DIR: DEMO_CONTENT_DIR, DIST_DIR: path.join(ROOT, 'dist'),
      DATABASE_PATH: path.join(dataDir, 'bench.db'),
    }),
    watchContent: false,
  };
  const app = await buildApp({ config });
  const browser = await launchChromium();
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const page = await browser.newPage();
    const response = await page.goto(`${base}/tilbud/rygestop`, { waitUntil: 'load' });
    if (response?.status() !== 200) throw new Error(`GET /tilbud/rygestop answered ${response?.status()}`);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const entries = await page.evaluate(() => [
      ...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource'),
    ].map((e) => ({ url: e.name, transferred: (e as PerformanceResourceTiming).encodedBodySize })));
    let rawBytes = 0;
    let gzipBytes = 0;
    let transferredBytes = 0;
    for (const entry of entries) {
      const url = new URL(entry.url).pathname;
      const body = (await app.inject({ url })).rawPayload;
      rawBytes += body.length;
      gzipBytes += gzipSize(body);
      transferredBytes += entry.transferred;
      log(`offer page: ${url} ${(body.length / KB).toFixed(1)} KB raw, ${(gzipSize(body) / KB).toFixed(1)} KB gzip, ${(entry.transferred / KB).toFixed(1)} KB on the wire`);
    }
    return { files: entries.length, rawBytes, gzipBytes, transferredBytes };
  } finally {
    await browser.close();
    await app.close();
  }
}

interface ServerMemory { requests: number; failed: number; rssMb: number; hwmMb: number; readyRssMb: number }

/** Resident memory now and at its peak, from /proc. */
function readMemory(pid: number): { rssMb: number; hwmMb: number } {
  return { rssMb: (procStatusKb(pid, 'VmRSS') ?? NaN) / 1024, hwmMb: (procStatusKb(pid, 'VmHWM') ?? NaN) / 1024 };
}

/**
 * The real server as a child process on the synthetic catalogue (production mode, empty database in the
 * work dir): `requestCount` requests mixing offer pages, task-type pages, searches and the search index,
 * four at a time; then its resident memory from /proc. The child is always killed.
 */
async function serverMemory(
  workDir: string, contentDir: string, slugs: readonly string[], queries: readonly string[], requestCount: number,
  log: (line: string) => void,
): Promise<ServerMemory> {
  const port = await freePort();
  const dataDir = path.join(workDir, 'server-data');
  mkdirSync(dataDir, { recursive: true });
  const child = startServer({
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    CONTENT_DIR: contentDir,
    DIST_DIR: path.join(ROOT, 'dist'),
    DATABASE_PATH: path.join(dataDir, 'server.db'),
    SEED_DEMO: 'false',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(child, `${base}/readyz`, 60_000);
    const readyRssMb = readMemory(child.proc.pid!).rssMb;
    const rnd = createRandom(99);
    const urls = Array.from({ length: requestCount }, (_, i) => {
      const kind = rnd.next();
      if (kind < 0.4) return `/tilbud/${rnd.pick(slugs)}`;
      if (kind < 0.55) return `/opgavetyper/${rnd.pick(TASK_TYPES).slug}`;
      if (kind < 0.9 && queries.length) return `/soeg?${queries[i % queries.length]}`;
      return '/api/v1/search-index';
    });
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const res = await fetch(`${base}${url}`).catch(() => null);
        if (!res || !res.ok) failed++;
        await res?.arrayBuffer();
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: 4 }, worker));
    log(`server: ${urls.length} requests in ${((performance.now() - start) / 1000).toFixed(1)} s, ${failed} failed`);
    if (child.exited()) throw new Error(`The server exited during the requests:\n${child.output()}`);
    const memory = readMemory(child.proc.pid!);
    return { requests: urls.length, failed, readyRssMb, ...memory };
  } finally {
    await child.stop();
  }
}
