/**
 * Fills Node's compile cache (scripts/compile-cache.mjs) with every module the server loads, so that the
 * server finds them all stripped of their types and never loads the type stripper. The filling runs in a
 * process of its own (scripts/fill-compile-cache.ts), there the stripper is loaded, not in the server; and
 * with `npm start`'s Node flags, since Node keeps a separate cache for each set of V8 flags.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The Node flags of package.json's start script (the benchmarks start the server with them too). */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((arg) => arg.startsWith('--'));
}

/**
 * Fills the cache for a server run with `flags` (npm start's by default). A failure only costs the server
 * some memory: it strips the types itself.
 */
export function warmCompileCache(log: (msg: string) => void = console.log, flags: string[] = startNodeFlags()): void {
  const result = spawnSync(process.execPath, [...flags, 'scripts/fill-compile-cache.ts'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) log(`The compile cache could not be filled (exit ${result.status}); the server strips its TypeScript types at start.`);
}

if (import.meta.main) warmCompileCache();
