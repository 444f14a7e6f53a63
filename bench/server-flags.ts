/** The Node flags `npm start` gives the server (package.json), so the benchmarks run the server as it is run. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((arg) => arg.startsWith('--'));
}
