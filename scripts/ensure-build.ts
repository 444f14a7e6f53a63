/**
 * Builds the Astro site when dist/ is missing or older than any source file, so `npm start` and the test
 * suite work on a fresh clone without a separate build step, and skip the build when nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const STAMP = path.join('dist', 'server', 'entry.mjs');
/** What the build reads: the pages, and the core, db and server modules they import (bundled into dist/). */
const SOURCES = ['src', 'core', 'db', 'server', 'public', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];

function newestMtime(target: string): number {
  const st = statSync(target, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), st.mtimeMs);
}

export function buildIsStale(root = ROOT): boolean {
  const stamp = path.join(root, STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export function ensureBuild(log: (msg: string) => void = console.log): void {
  if (!buildIsStale()) return;
  log('Building the site (astro build) …');
  const astro = path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`astro build failed with exit code ${result.status}`);
}

if (import.meta.main) ensureBuild();
