/**
 * The API benchmark in smoke mode, so it cannot rot: the real server and a hello-world as child processes,
 * short autocannon runs, the raw SQLite baseline. Asserts that every metric is there and a finite number
 * ≥ 0, and that no seat was overbooked (a correctness check). No speed assertions: this machine is shared.
 */
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run.ts';

const METRICS = [
  'offers_list_ratio',
  'referral_read_ratio',
  'referral_create_ratio_to_sqlite',
  'referral_create_p99_ms',
  'overbooked_seats',
  'server_rss_mb_under_load',
  // the side-by-side numbers the ratios are made of
  'hello_world_rps',
  'hello_world_p99_ms',
  'offers_list_rps',
  'offers_list_p99_ms',
  'referral_read_rps',
  'referral_read_p99_ms',
  'referral_create_rps',
  'sqlite_commits_per_s',
];

describe('bench: api (smoke)', () => {
  it('measures every metric and overbooks no seat', async () => {
    const lines: string[] = [];
    const { metrics, rows } = await runBench({ smoke: true, only: ['api'], log: (line) => lines.push(line) });
    for (const name of METRICS) {
      expect(metrics, `${name} missing; log:\n${lines.join('\n')}`).toHaveProperty(name);
      const value = metrics[name]!;
      expect(Number.isFinite(value), `${name} = ${value}`).toBe(true);
      expect(value, name).toBeGreaterThanOrEqual(0);
    }
    expect(metrics.overbooked_seats, lines.join('\n')).toBe(0);
    expect(metrics.referral_create_rps, 'no referral was created').toBeGreaterThan(0);
    for (const row of rows) expect(metrics[row.metric], row.metric).toBe(row.value);
  }, 180_000);
});
