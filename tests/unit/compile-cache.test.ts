/** `npm start` fills Node's compile cache first, so the server never loads Node's TypeScript stripper (~15 MB). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNodeFlags, warmCompileCache } from '../../scripts/warm-compile-cache.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Loads the server's modules in a fresh process with these flags; whether Node loaded its type stripper. */
function loadsTypeStripper(flags: string[]): boolean {
  const script = "await import('./server/server.ts'); console.log(process.moduleLoadList.some((m) => m.includes('amaro')));";
  return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }).trim() === 'true';
}

describe('the compile cache', () => {
  it('is turned on by npm start\'s flags', () => {
    expect(startNodeFlags()).toContain('--import=./scripts/compile-cache.mjs');
  });

  it('once filled, lets the server load every module without the TypeScript stripper', { timeout: 60_000 }, () => {
    warmCompileCache((msg) => { throw new Error(msg); });
    expect(loadsTypeStripper(startNodeFlags())).toBe(false);
    // Without the cache the stripper is loaded: the check above can see it.
    expect(loadsTypeStripper(startNodeFlags().filter((f) => !f.includes('compile-cache')))).toBe(true);
  });
});
