/**
 * `npm run bench`: runs every benchmark suite in one process, prints one readable table and writes
 * `bench/results.json`: `{ meta, metrics, rows }` — `metrics` a flat object of metric names to numbers,
 * `rows` the table (label, goal, met, spread over rounds), `meta` when and on what machine. The README's
 * table is generated from that file (`npm run bench:readme`, bench/readme.ts). `--smoke` runs the fast mode
 * that the test suite uses and writes nothing unless `--out` names a file.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PINNING } from './process.ts';
import { describeGoal } from './rows.ts';
import type { BenchResult, BenchRow, BenchSuite } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export const SUITES: Record<string, () => Promise<BenchSuite>> = {
  catalogue: async () => (await import('./catalogue.ts')).default,
  api: async () => (await import('./api.ts')).default,
  scale: async () => (await import('./scale.ts')).default,
  postgres: async () => (await import('./postgres.ts')).default,
  editing: async () => (await import('./editing.ts')).default,
  'referral-path': async () => (await import('./referral-path.ts')).default,
};

export interface BenchMeta {
  date: string;
  smoke: boolean;
  suites: string[];
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  pinning: string;
}

export interface BenchFile extends BenchResult { meta: BenchMeta }

export async function runBench(options: { smoke: boolean; only?: string[]; log?: (line: string) => void }): Promise<BenchFile> {
  const log = options.log ?? ((line: string) => console.log(line));
  const names = options.only?.length ? options.only : Object.keys(SUITES);
  const metrics: Record<string, number> = {};
  const owners = new Map<string, string>();
  const rows: BenchRow[] = [];
  for (const name of names) {
    const load = SUITES[name];
    if (!load) throw new Error(`Unknown benchmark suite "${name}" (known: ${Object.keys(SUITES).join(', ')})`);
    const workDir = path.join(ROOT, 'bench', '.work', `${name}-${process.pid}`);
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    try {
      log(`\n▶ ${name}${options.smoke ? ' (smoke)' : ''}`);
      const suite = await load();
      const result = await suite({ smoke: options.smoke, workDir, log: (line) => log(`  ${line}`) });
      mergeMetrics(metrics, owners, name, result.metrics);
      rows.push(...result.rows);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  const meta: BenchMeta = {
    date: new Date().toISOString(),
    smoke: options.smoke,
    suites: names,
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    pinning: PINNING.note,
  };
  return { meta, metrics, rows };
}

/**
 * Adds a suite's metrics to the run's. A name is one figure: a second suite reporting it would overwrite the
 * first in bench/results.json (and in the README made from it), so that stops the run.
 */
export function mergeMetrics(metrics: Record<string, number>, owners: Map<string, string>, suite: string, added: Record<string, number>): void {
  for (const [metric, value] of Object.entries(added)) {
    const owner = owners.get(metric);
    if (owner !== undefined) throw new Error(`Metric ${metric} is reported by two suites, ${owner} and ${suite}: give one of them another name`);
    owners.set(metric, suite);
    metrics[metric] = value;
  }
}

/** A row's value with its unit and, for figures over rounds, the spread: "0.52 × (0.49–0.55, 5 rounds)". */
export function formatValue(row: BenchRow): string {
  const num = (n: number) => n.toLocaleString('en', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 3 });
  const spread = row.spread ? ` (${num(row.spread.min)}–${num(row.spread.max)}, ${row.spread.rounds} rounds)` : '';
  return `${num(row.value)}${row.unit ? ` ${row.unit}` : ''}${spread}`;
}

export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.metric,
    formatValue(r),
    r.goal ? describeGoal(r.goal, r.unit) : '',
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
    [r.label, r.against].filter(Boolean).join('; '),
  ]);
  const head = ['metric', 'value', 'goal', 'met', 'what it measures'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    options: { smoke: { type: 'boolean', default: false }, out: { type: 'string' } },
    allowPositionals: true,
  });
  const result = await runBench({ smoke: values.smoke!, only: positionals });
  console.log(`\n${formatTable(result.rows)}\n`);
  const missed = result.rows.filter((r) => r.ok === false).map((r) => r.metric);
  console.log(missed.length ? `Goals missed: ${missed.join(', ')}` : 'Every goal met.');
  const out = values.out ?? (values.smoke ? undefined : path.join(ROOT, 'bench', 'results.json'));
  if (out) {
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`Wrote ${path.relative(process.cwd(), out)}${positionals.length ? ` (suites: ${positionals.join(', ')} only)` : ''}`);
  }
  process.exit(0);
}
