/**
 * The PostgreSQL benchmark in smoke mode, so it cannot rot: one process on SQLite and three on a throwaway
 * PostgreSQL take the same referral and mixed loads, no seat is overbooked on either, and a small national
 * year is loaded and its inbox and list queries timed and EXPLAINed. Asserts that every metric is there and
 * sane; no speed goal is asserted (this machine is shared), the seats are (correctness, not speed).
 */
import { expect, it } from 'vitest';
import { runBench } from '../../bench/run.ts';
import { describeOnPostgres } from '../helpers/postgres.ts';

const METRICS = [
  'pg3_referral_create_rps', 'pg3_referral_create_p99_ms', 'sqlite1_referral_create_rps', 'sqlite1_referral_create_p99_ms',
  'pg3_referral_create_ratio_to_sqlite1', 'pg3_mixed_p99_ms', 'pg3_mixed_rps', 'sqlite1_mixed_p99_ms', 'sqlite1_mixed_rps',
  'pg_inbox_p95_ms_1m_referrals', 'pg_list_p95_ms_1m_referrals',
];

describeOnPostgres('bench: postgres (smoke)', () => {
  it('measures both engines side by side, overbooks no seat, and times the national inbox', async () => {
    const lines: string[] = [];
    const { metrics } = await runBench({ smoke: true, only: ['postgres'], log: (line) => lines.push(line) });
    const log = `log:\n${lines.join('\n')}`;
    for (const name of METRICS) {
      expect(metrics, `${name} missing; ${log}`).toHaveProperty(name);
      expect(metrics[name], `${name}; ${log}`).toBeGreaterThan(0);
    }
    expect(metrics.overbooked_seats_sqlite1).toBe(0);
    expect(metrics.overbooked_seats_pg3).toBe(0);
    expect(metrics.engines_failed_requests, log).toBe(0);
    expect(metrics).toHaveProperty('pg_list_plans_seq_scans');
    expect(lines.join('\n')).toMatch(/inserted 2,000 referrals with 4,000 history rows/);
  }, 300_000);
});
