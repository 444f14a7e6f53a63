/**
 * The contract between `bench/run.ts` and each benchmark suite. A suite measures side by side in one run
 * and returns flat numeric metrics (the names the issues give) plus table rows for people to read.
 * `smoke` is the fast mode that `npm test` runs so a benchmark cannot rot: tiny inputs, same code paths.
 */
export interface BenchOptions {
  smoke: boolean;
  /** A scratch folder owned by this run (bench/.work/… , git-ignored). */
  workDir: string;
  log: (line: string) => void;
}

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** The side-by-side or the goal it is read against, e.g. "Pagefind 120 KB" or "goal ≤ 2 ms". */
  against?: string;
  /** Whether the goal is met; omitted where there is no goal. */
  ok?: boolean;
}

export interface BenchResult {
  metrics: Record<string, number>;
  rows: BenchRow[];
}

export type BenchSuite = (options: BenchOptions) => Promise<BenchResult>;
