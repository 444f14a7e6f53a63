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

/** A goal from an issue: the figure must be ≥, ≤ or = the value. */
export interface Goal {
  op: '>=' | '<=' | '=';
  value: number;
}

export interface BenchRow {
  /** The metric's name, also its key in `metrics` and bench/results.json. */
  metric: string;
  value: number;
  unit: string;
  /** What the figure measures, in a few words (the README's table shows it). */
  label: string;
  /** The side-by-side it is read against, e.g. "Pagefind 0.62" or "hello-world 52,000 req/s". */
  against?: string;
  goal?: Goal;
  /** Whether the goal is met; present exactly when there is a goal. */
  ok?: boolean;
  /** A figure measured over rounds: `value` is the median, this the lowest and highest round. */
  spread?: { min: number; max: number; rounds: number };
}

export interface BenchResult {
  metrics: Record<string, number>;
  rows: BenchRow[];
}

export type BenchSuite = (options: BenchOptions) => Promise<BenchResult>;
