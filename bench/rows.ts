/** Building a suite's table rows and metrics: one `add` per figure, goals checked in one place. */
import type { Rounds } from './stats.ts';
import type { BenchResult, BenchRow, Goal } from './types.ts';

const roundTo = (n: number, digits: number) => Number(n.toFixed(digits));

export function meetsGoal(value: number, goal: Goal): boolean {
  if (goal.op === '>=') return value >= goal.value;
  if (goal.op === '<=') return value <= goal.value;
  return value === goal.value;
}

export function describeGoal(goal: Goal, unit = ''): string {
  const op = goal.op === '>=' ? '≥' : goal.op === '<=' ? '≤' : '=';
  return `${op} ${goal.value.toLocaleString('en')}${unit && unit !== '×' ? ` ${unit}` : ''}`;
}

/** Collects rows; `add` takes a plain number or a figure over rounds (median, with its spread). */
export function rowCollector() {
  const rows: BenchRow[] = [];
  return {
    rows,
    add(metric: string, value: number | Rounds, unit: string, label: string,
      extra: { against?: string; goal?: Goal; digits?: number } = {}): number {
      if (rows.some((r) => r.metric === metric)) throw new Error(`Metric ${metric} reported twice`);
      const digits = extra.digits ?? 3;
      const median = typeof value === 'number' ? value : value.median;
      const v = Number.isFinite(median) ? roundTo(median, digits) : median;
      const row: BenchRow = { metric, value: v, unit, label };
      if (extra.against) row.against = extra.against;
      if (extra.goal) { row.goal = extra.goal; row.ok = meetsGoal(v, extra.goal); }
      if (typeof value !== 'number' && value.values.length > 1) {
        row.spread = { min: roundTo(value.min, digits), max: roundTo(value.max, digits), rounds: value.values.length };
      }
      rows.push(row);
      return v;
    },
    result(): BenchResult {
      return { metrics: Object.fromEntries(rows.map((r) => [r.metric, r.value])), rows };
    },
  };
}
