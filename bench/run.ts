/**
 * `npm run bench`: runs every benchmark suite in one process, prints one readable table and writes
 * `bench/results.json` (a flat object of metric names to numbers). `--smoke` runs the fast mode that the
 * test suite uses and writes nothing unless `--out` names a file.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchResult, BenchRow, BenchSuite } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export const SUITES: Record<string, () => Promise<BenchSuite>> = {
  catalogue: async () => (await import('./catalogue.ts')).default,
  api: async () => (await import('./api.ts')).default,
};

export async function runBench(options: { smoke: boolean; only?: string[]; log?: (line: string) => void }): Promise<BenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const names = options.only?.length ? options.only : Object.keys(SUITES);
  const metrics: Record<string, number> = {};
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
      Object.assign(metrics, result.metrics);
      rows.push(...result.rows);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  return { metrics, rows };
}

export function formatTable(rows: BenchRow[]): string {
  const cells = rows.map((r) => [
    r.metric,
    `${Number.isInteger(r.value) ? r.value : r.value.toFixed(r.value < 10 ? 3 : 1)} ${r.unit}`.trim(),
    r.against ?? '',
    r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
  ]);
  const head = ['metric', 'value', 'against', 'goal'];
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
  const out = values.out ?? (values.smoke ? undefined : path.join(ROOT, 'bench', 'results.json'));
  if (out) {
    writeFileSync(out, `${JSON.stringify(result.metrics, null, 2)}\n`);
    console.log(`Wrote ${path.relative(process.cwd(), out)}`);
  }
  process.exit(0);
}
