/**
 * The API benchmark in smoke mode, so it cannot rot: both servers (read cache on and off), hello-world and
 * autocannon as child processes (pinned where the machine allows), two short rounds of every load, both raw
 * SQLite baselines. Asserts that every metric is there and sane — ratios and latencies positive, figures
 * over rounds with a spread around their median, goals evaluated — that the mixed load got only 2xx answers
 * and that no seat was overbooked (correctness). No speed assertions: this machine is shared.
 */
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run.ts';

/** Figures measured in rounds: median with a spread. */
const ROUNDED = [
  'offers_list_ratio_nocache', 'referral_read_ratio_nocache', 'mixed_p99_ms', 'mixed_p99_ms_nocache',
  'referral_create_ratio_to_batched_sqlite', 'referral_create_p99_ms',
  'offers_list_ratio', 'referral_read_ratio', 'referral_create_ratio_to_sqlite', 'referral_create_p99_trimmed_ms',
  'hello_world_rps', 'offers_list_rps_nocache', 'referral_read_rps_nocache', 'mixed_rps', 'mixed_rps_nocache',
  'offers_list_rps', 'referral_read_rps', 'referral_create_rps', 'sqlite_commits_per_s', 'sqlite_batched_writes_per_s',
  'offers_list_ceiling_ratio', 'referral_read_ceiling_ratio',
];
/** Must be > 0: a zero here means a run measured nothing. */
const POSITIVE = [
  ...ROUNDED, 'hello_world_p99_ms', 'offers_list_p99_ms_nocache', 'referral_read_p99_ms_nocache', 'offers_list_p99_ms',
  'referral_read_p99_ms', 'server_rss_mb_under_load', 'server_core_busy_share',
];
const GOALS = ['offers_list_ratio_nocache', 'referral_read_ratio_nocache', 'mixed_p99_ms', 'referral_create_ratio_to_batched_sqlite',
  'referral_create_p99_ms', 'overbooked_seats', 'mixed_failed_requests', 'server_rss_mb_under_load'];

describe('bench: api (smoke)', () => {
  it('measures every metric over rounds and overbooks no seat', async () => {
    const lines: string[] = [];
    const { metrics, rows, meta } = await runBench({ smoke: true, only: ['api'], log: (line) => lines.push(line) });
    const log = `log:\n${lines.join('\n')}`;
    for (const name of [...POSITIVE, 'overbooked_seats', 'mixed_failed_requests', 'server_rss_mb_after_start']) {
      expect(metrics, `${name} missing; ${log}`).toHaveProperty(name);
      expect(Number.isFinite(metrics[name]), `${name} = ${metrics[name]}`).toBe(true);
    }
    for (const name of POSITIVE) expect(metrics[name], name).toBeGreaterThan(0);
    for (const name of ['offers_list_ratio_nocache', 'referral_read_ratio_nocache', 'offers_list_ratio', 'referral_read_ratio', 'referral_create_ratio_to_batched_sqlite']) {
      expect(metrics[name], `${name} is a share of a yardstick`).toBeLessThan(10);
    }
    const byName = new Map(rows.map((r) => [r.metric, r]));
    for (const name of ROUNDED) {
      const spread = byName.get(name)?.spread;
      expect(spread, `${name} has no spread over rounds`).toBeDefined();
      expect(spread!.rounds, name).toBe(2);
      expect(spread!.min, name).toBeLessThanOrEqual(metrics[name]!);
      expect(spread!.max, name).toBeGreaterThanOrEqual(metrics[name]!);
    }
    for (const name of GOALS) expect(typeof byName.get(name)?.ok, `${name} has no goal`).toBe('boolean');
    for (const name of ['offers_list_ratio', 'referral_read_ratio']) expect(byName.get(name)!.label, name).toMatch(/CACHE-HIT/);
    expect(byName.get('referral_create_p99_trimmed_ms')!.label).toMatch(/TRIMMED/);
    // The ceilings replay the portal's own answers with no work: the portal cannot beat them.
    for (const name of ['offers_list_ceiling_ratio', 'referral_read_ceiling_ratio']) expect(byName.get(name)!.label, name).toMatch(/^CEILING/);
    expect(metrics.offers_list_ceiling_ratio, log).toBeGreaterThan(metrics.offers_list_ratio_nocache!);
    // CPU seconds over wall seconds of a process pinned to one core (a little over 1 where it is not pinned).
    expect(metrics.server_core_busy_share, log).toBeLessThanOrEqual(2.5);
    expect(metrics.mixed_failed_requests, log).toBe(0);
    expect(metrics.overbooked_seats, log).toBe(0);
    expect(meta.smoke).toBe(true);
    for (const row of rows) expect(metrics[row.metric], row.metric).toBe(row.value);
  }, 240_000);
});
