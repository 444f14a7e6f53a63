/**
 * The catalogue benchmark in smoke mode (30 synthetic offers, 20 queries), so it cannot rot: every metric
 * must be there and sane — rates between 0 and 1, the held-out table scored by both engines, the build
 * including the first render of every offer page, peak memory at least the memory at ready, page weights
 * as received over the wire, and Lighthouse run once, on the offer page (~30 s; the full run also scores the
 * front and search pages). Speed and size are not asserted (shared machine). Also: the held-out query
 * table stays out of the unit tests, and the README table renders from a result.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import catalogue from '../../bench/catalogue.ts';
import { HELDOUT_QUERIES } from '../../bench/heldout-queries.ts';
import { END, START, renderTable, replaceBetweenMarkers } from '../../bench/readme.ts';
import type { BenchResult } from '../../bench/types.ts';
import { ROOT } from '../helpers/app.ts';
import { SEARCH_QUERIES } from '../search-queries.ts';

const RATES = [
  'search_heldout_top3_hit_rate', 'pagefind_heldout_top3_hit_rate', 'search_zero_result_rate', 'pagefind_zero_result_rate',
  'search_top3_hit_rate', 'pagefind_top3_hit_rate',
];
const POSITIVE = [
  'search_p50_ms', 'search_p95_ms', 'search_index_gzip_kb', 'search_index_raw_kb', 'pagefind_index_gzip_kb',
  'build_s_1000_offers', 'build_astro_s', 'server_start_s_1000_offers', 'offer_pages_first_render_s_1000_offers',
  'server_peak_rss_mb_1000_offers', 'server_ready_rss_mb_1000_offers', 'server_rss_mb_1000_offers',
  'offer_page_wire_kb', 'front_page_wire_kb', 'search_page_wire_kb', 'search_page_arrival_wire_kb', 'search_page_wire_kb_1000_offers',
  'lighthouse_lcp_s_offer',
];
const LIGHTHOUSE_SCORES = ['lighthouse_perf_offer', 'lighthouse_a11y_offer', 'lighthouse_best_practices_offer', 'lighthouse_seo_offer'];

const byNameGoal = (rows: BenchResult['rows'], metric: string) => rows.find((r) => r.metric === metric)?.goal;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : tsFiles(full);
    return /\.(ts|mts|astro)$/.test(e.name) ? [full] : [];
  });
}

describe('bench: catalogue (smoke)', () => {
  it('reports every metric, sane, with Lighthouse on the offer page', { timeout: 360_000 }, async () => {
    const workDir = path.join(ROOT, 'bench', '.work', `catalogue-test-${process.pid}`);
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    const lines: string[] = [];
    let result: BenchResult;
    try {
      result = await catalogue({ smoke: true, workDir, log: (line) => lines.push(line) });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    const { metrics, rows } = result;
    const log = `log:\n${lines.join('\n')}`;
    for (const name of [...RATES, ...POSITIVE, ...LIGHTHOUSE_SCORES]) {
      expect(metrics[name], `${name} (${log})`).toBeTypeOf('number');
      expect(Number.isFinite(metrics[name]), `${name} = ${metrics[name]}`).toBe(true);
    }
    for (const [name, value] of Object.entries(metrics)) expect(Number.isFinite(value) && value >= 0, `${name} = ${value}`).toBe(true);
    for (const name of [...RATES, ...LIGHTHOUSE_SCORES]) expect(metrics[name], name).toBeLessThanOrEqual(1);
    // Lighthouse scored the page it was given (a page it could not load scores 0 or gives no score).
    for (const name of LIGHTHOUSE_SCORES) expect(metrics[name], name).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/Lighthouse \/tilbud\/rygestop \(run 1\/1\): performance [\d.]+, accessibility [\d.]+/);
    expect(byNameGoal(rows, 'lighthouse_perf_offer')).toEqual({ op: '>=', value: 0.99 });
    for (const name of POSITIVE) expect(metrics[name], name).toBeGreaterThan(0);
    // Relevance: both engines found something on both tables (a broken engine scores 0).
    for (const name of ['search_heldout_top3_hit_rate', 'pagefind_heldout_top3_hit_rate', 'search_top3_hit_rate', 'pagefind_top3_hit_rate']) {
      expect(metrics[name], name).toBeGreaterThan(0);
    }
    expect(metrics.search_zero_result_rate).toBeLessThan(1);
    // The build renders every offer page, so it is more than astro build; the peak is at least the memory at ready.
    expect(metrics.build_s_1000_offers).toBeGreaterThan(metrics.build_astro_s!);
    expect(lines.join('\n')).toMatch(/first render of 30 offer pages .*, 0 failed/);
    expect(metrics.server_peak_rss_mb_1000_offers).toBeGreaterThanOrEqual(metrics.server_ready_rss_mb_1000_offers!);
    // Wire weights count the fonts and the search index the page fetches: more than the HTML alone.
    expect(metrics.search_page_wire_kb).toBeGreaterThan(metrics.front_page_wire_kb!);
    // The search page fetches its index at the first use of its form, not on arrival.
    expect(lines.join('\n')).toMatch(/\bsearch page on the wire: .*\/api\/v1\/search-index/);
    expect(lines.join('\n')).toMatch(/search \(arrival\) page on the wire: /);
    expect(lines.join('\n')).not.toMatch(/search \(arrival\) page on the wire: [^\n]*search-index/);
    expect(metrics.search_page_arrival_wire_kb).toBeLessThan(metrics.search_page_wire_kb!);
    const byName = new Map(rows.map((r) => [r.metric, r]));
    expect(byName.get('server_peak_rss_mb_1000_offers')!.goal).toEqual({ op: '<=', value: 150 });
    expect(byName.get('search_top3_hit_rate')!.label).toMatch(/TUNED/);
    expect(byName.get('server_rss_mb_1000_offers')!.label).toMatch(/END-OF-RUN/);
    for (const row of rows) expect(Number.isFinite(row.value), row.metric).toBe(true);

    // The README's table renders from such a result, between its markers.
    const table = renderTable({ ...result, meta: { date: '2026-01-01T00:00:00Z', smoke: true, suites: ['catalogue'], cores: 2, cpuModel: 'x', node: 'v24', platform: 'linux', pinning: 'p' } });
    expect(table).toContain('| `search_heldout_top3_hit_rate` |');
    expect(table).toMatch(/\| `server_peak_rss_mb_1000_offers` \| [^|]+ \| ≤ 150 MB \| (met|\*\*missed\*\*) \|/);
    expect(replaceBetweenMarkers(`a\n${START}\nold\n${END}\nb`, table)).toBe(`a\n${START}\n${table}\n${END}\nb`);
  });

  it('keeps the held-out queries apart from the tuned table and out of the tests', () => {
    const tuned = new Set(SEARCH_QUERIES.map((r) => r.query.toLowerCase()));
    expect(HELDOUT_QUERIES.filter((r) => tuned.has(r.query.toLowerCase())).map((r) => r.query)).toEqual([]);
    expect(HELDOUT_QUERIES.length).toBeGreaterThanOrEqual(50);
    const importers = [...tsFiles(path.join(ROOT, 'tests')), ...tsFiles(path.join(ROOT, 'src')), ...tsFiles(path.join(ROOT, 'server'))]
      .filter((file) => file !== import.meta.filename && /heldout-queries/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(importers, 'the held-out table is for the benchmark only').toEqual([]);
  });
});
