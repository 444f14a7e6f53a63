/** The benchmark's results file holds one figure per name: two suites may not report the same metric. */
import { describe, expect, it } from 'vitest';
import { mergeMetrics } from '../../bench/run.ts';

describe('mergeMetrics', () => {
  it('gathers the suites\' metrics', () => {
    const metrics: Record<string, number> = {};
    const owners = new Map<string, string>();
    mergeMetrics(metrics, owners, 'catalogue', { a: 1, b: 2 });
    mergeMetrics(metrics, owners, 'scale', { c: 3 });
    expect(metrics).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('stops the run when a second suite reports a name the first did, naming both', () => {
    const metrics: Record<string, number> = {};
    const owners = new Map<string, string>();
    mergeMetrics(metrics, owners, 'catalogue', { server_peak_rss_mb_1000_offers: 195 });
    expect(() => mergeMetrics(metrics, owners, 'scale', { server_peak_rss_mb_1000_offers: 178 }))
      .toThrow(/server_peak_rss_mb_1000_offers is reported by two suites, catalogue and scale/);
    expect(metrics.server_peak_rss_mb_1000_offers).toBe(195);
  });
});
