/**
 * The editing benchmark in smoke mode, so it cannot rot: edits on a small synthetic catalogue go live on
 * SQLite and, seen through another process, on PostgreSQL. Asserts that every metric is there and sane;
 * no speed goal is asserted (this machine is shared).
 */
import { expect, it } from 'vitest';
import { runBench } from '../../bench/run.ts';
import { describeOnPostgres } from '../helpers/postgres.ts';

const METRICS = ['edit_to_live_p50_s', 'edit_to_live_p95_s', 'pg_edit_to_live_p50_s', 'pg_edit_to_live_p95_s'];

describeOnPostgres('bench: editing (smoke)', () => {
  it('times save → live on both engines', async () => {
    const lines: string[] = [];
    const { metrics } = await runBench({ smoke: true, only: ['editing'], log: (line) => lines.push(line) });
    const log = `log:\n${lines.join('\n')}`;
    for (const name of METRICS) {
      expect(metrics, `${name} missing; ${log}`).toHaveProperty(name);
      expect(metrics[name], `${name}; ${log}`).toBeGreaterThan(0);
      expect(metrics[name], `${name}; ${log}`).toBeLessThan(30);
    }
    expect(metrics.edit_to_live_p95_s).toBeGreaterThanOrEqual(metrics.edit_to_live_p50_s!);
  }, 300_000);
});
