/** Small statistics for the benchmarks: percentiles over samples, and the median and spread over rounds. */

/** Nearest-rank percentile (q in 0…1) of unsorted samples; 0 for none. */
export function percentile(samples: readonly number[], q: number): number {
  if (!samples.length) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return percentileOfSorted(sorted, q);
}

/** Nearest-rank percentile of samples already sorted ascending. */
export function percentileOfSorted(sorted: readonly number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** One figure measured over several rounds: its median (the figure) and its spread (min and max). */
export interface Rounds {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function rounds(values: readonly number[]): Rounds {
  if (!values.length) throw new Error('rounds() of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, values: [...values] };
}

/** "0.52 (0.49–0.55, 5 rounds)": a figure with its spread, for log lines. */
export function describeRounds(r: Rounds, digits = 3): string {
  const f = (n: number) => Number(n.toFixed(digits)).toLocaleString('en', { maximumFractionDigits: digits });
  return r.values.length > 1 ? `${f(r.median)} (${f(r.min)}–${f(r.max)}, ${r.values.length} rounds)` : f(r.median);
}
