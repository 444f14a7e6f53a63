/**
 * The catalogue benchmark in smoke mode (30 synthetic offers, 20 queries): every metric must be there and
 * be a finite number ≥ 0, so the benchmark cannot rot. Speed and size are not asserted here.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import catalogue from '../../bench/catalogue.ts';
import type { BenchResult } from '../../bench/types.ts';
import { ROOT } from '../helpers/app.ts';

const METRICS = [
  'search_p50_ms', 'search_p95_ms', 'search_index_gzip_kb', 'search_index_raw_kb', 'pagefind_index_gzip_kb',
  'search_top3_hit_rate', 'pagefind_top3_hit_rate', 'build_s_1000_offers', 'offer_page_gzip_kb',
  'server_rss_mb_1000_offers',
];

describe('bench: catalogue (smoke)', () => {
  it('reports every metric as a finite number ≥ 0', { timeout: 180_000 }, async () => {
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
    for (const name of METRICS) {
      const value = result.metrics[name];
      expect(value, `${name} (log:\n${lines.join('\n')})`).toBeTypeOf('number');
      expect(Number.isFinite(value), `${name} = ${value}`).toBe(true);
      expect(value, name).toBeGreaterThanOrEqual(0);
    }
    for (const [name, value] of Object.entries(result.metrics)) {
      expect(Number.isFinite(value) && value >= 0, `${name} = ${value}`).toBe(true);
    }
    // Relevance is a rate, and both engines answered the table.
    expect(result.metrics.search_top3_hit_rate).toBeLessThanOrEqual(1);
    expect(result.metrics.pagefind_top3_hit_rate).toBeLessThanOrEqual(1);
    expect(result.rows.length).toBeGreaterThanOrEqual(METRICS.length);
    for (const row of result.rows) expect(Number.isFinite(row.value), row.metric).toBe(true);
  });
});
