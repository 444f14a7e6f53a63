/**
 * The scale benchmark in smoke mode (30 and 300 synthetic offers), so it cannot rot: for each size the
 * server starts on an empty database and again on the same one, serves a visitor load without a failed
 * request, and the in-process search runs in its child. Asserts that every metric is there and sane —
 * times and latencies positive, memory in a plausible range, the peak at least the memory at ready — and
 * that the goals sit only on the 50,000-offer rows. No speed or memory goals asserted: this machine is shared.
 */
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run.ts';
import { chosenSizes } from '../../bench/scale.ts';

const SIZES = [30, 300];
const metricsOf = (n: number) => ({
  seconds: [`ready_s_${n}_offers`, `ready_s_${n}_offers_restart`],
  memory: [`server_rss_at_ready_mb_${n}_offers`, `server_peak_rss_mb_${n}_offers`, `server_peak_rss_mb_${n}_offers_restart`],
  latency: [`search_p95_ms_${n}_offers`, `search_page_p95_ms_${n}_offers`],
});

describe('bench: scale sizes (BENCH_SCALE_SIZES)', () => {
  it('reads one size or a list, and refuses what is not a whole number of offers', () => {
    expect(chosenSizes(undefined)).toBeUndefined();
    expect(chosenSizes(' ')).toBeUndefined();
    expect(chosenSizes('10000')).toEqual([10_000]);
    expect(chosenSizes('1000, 50_000')).toEqual([1_000, 50_000]);
    expect(() => chosenSizes('10k')).toThrow(/BENCH_SCALE_SIZES: "10k"/);
    expect(() => chosenSizes('0')).toThrow(/BENCH_SCALE_SIZES/);
  });
});

describe('bench: scale (smoke)', () => {
  it('reports start-up, memory and search figures for every size, sane', async () => {
    const lines: string[] = [];
    const { metrics, rows, meta } = await runBench({ smoke: true, only: ['scale'], log: (line) => lines.push(line) });
    const log = `log:\n${lines.join('\n')}`;
    expect(meta.smoke).toBe(true);
    for (const n of SIZES) {
      const { seconds, memory, latency } = metricsOf(n);
      for (const name of [...seconds, ...memory, ...latency]) {
        expect(metrics, `${name} missing; ${log}`).toHaveProperty(name);
        expect(Number.isFinite(metrics[name]), `${name} = ${metrics[name]}`).toBe(true);
        expect(metrics[name], name).toBeGreaterThan(0);
      }
      // Start-up within reason for a few hundred offers; memory of a Node server, in MB, not kB or bytes.
      for (const name of seconds) expect(metrics[name], name).toBeLessThan(120);
      for (const name of memory) {
        expect(metrics[name], name).toBeGreaterThan(20);
        expect(metrics[name], name).toBeLessThan(2_000);
      }
      for (const name of latency) expect(metrics[name], name).toBeLessThan(10_000);
      expect(metrics[`server_peak_rss_mb_${n}_offers`]).toBeGreaterThanOrEqual(metrics[`server_rss_at_ready_mb_${n}_offers`]!);
      expect(lines.join('\n'), log).toMatch(new RegExp(`server \\(${n} offers, empty database\\): ready .* 0 failed`));
      expect(lines.join('\n'), log).toMatch(new RegExp(`server \\(${n} offers, restart\\): ready .* 0 failed`));
    }
    const byName = new Map(rows.map((r) => [r.metric, r]));
    expect(byName.get('search_p95_ms_30_offers')!.label).toMatch(/IN-PROCESS/);
    expect(byName.get('search_page_p95_ms_30_offers')!.label).toMatch(/OVER HTTP/);
    // Goals only where the issue gives them: the 50,000-offer rows, which smoke mode does not run.
    for (const row of rows) expect(row.goal, row.metric).toBeUndefined();
    expect(rows).toHaveLength(SIZES.length * 7);
    for (const row of rows) expect(metrics[row.metric], row.metric).toBe(row.value);
  }, 240_000);
});
