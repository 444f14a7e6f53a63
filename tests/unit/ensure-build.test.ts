/**
 * The site is rebuilt when anything it bundles changed: its pages, and the core, db and server modules
 * they import. (A change to the search engine in core/ once left a stale dist/ whose pages called the new
 * engine with the old code.)
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIsStale } from '../../scripts/ensure-build.ts';

const root = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a file dated `at`; the folders on its way keep an old date (a folder's date is that of its last new entry). */
const write = (file: string, at: Date) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), '');
  utimesSync(path.join(root, file), at, at);
  const old = new Date('2025-12-31T00:00:00Z');
  for (let dir = path.dirname(file); dir !== '.'; dir = path.dirname(dir)) utimesSync(path.join(root, dir), old, old);
};

describe('buildIsStale', () => {
  const past = new Date('2026-01-01T00:00:00Z');
  const built = new Date('2026-01-02T00:00:00Z');
  const later = new Date('2026-01-03T00:00:00Z');

  it('is stale without a build, and fresh when nothing changed since', () => {
    expect(buildIsStale(root)).toBe(true);
    for (const dir of ['src', 'core', 'db', 'server']) write(`${dir}/a.ts`, past);
    write('dist/server/entry.mjs', built);
    expect(buildIsStale(root)).toBe(false);
  });

  it.each(['src/pages/x.astro', 'core/catalogue/search/engine.ts', 'db/catalogue.ts', 'server/services/seat-summaries.ts'])('is stale after %s changed', (file) => {
    write(file, later);
    expect(buildIsStale(root)).toBe(true);
    write(file, past);
    expect(buildIsStale(root)).toBe(false);
  });
});
