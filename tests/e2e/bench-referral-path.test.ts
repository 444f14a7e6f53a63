/**
 * The referral-path benchmark in smoke mode, so it cannot rot: one signed-in caseworker goes from the front
 * page to a receipt in Chromium against the production server. The page loads are asserted against the
 * goal (a count, not a speed); the time only for being there and sane.
 */
import { expect, it } from 'vitest';
import { runBench } from '../../bench/run.ts';

it('bench: referral path (smoke) counts the page loads from the front page to the receipt', async () => {
  const lines: string[] = [];
  const { metrics } = await runBench({ smoke: true, only: ['referral-path'], log: (line) => lines.push(line) });
  const log = `log:\n${lines.join('\n')}`;
  expect(metrics.time_to_referral_page_loads, log).toBe(3);
  expect(metrics.time_to_referral_ms, log).toBeGreaterThan(0);
  expect(metrics.time_to_referral_ms, log).toBeLessThan(120_000);
}, 300_000);
