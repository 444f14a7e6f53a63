/** Shared helpers for the unit tests: paths, fixture files, temp content folders, polling and search. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createCatalogue, type Catalogue } from '../../db/catalogue.ts';
import { parseOfferFile } from '../../core/catalogue/content/offer-file.ts';
import { organisationsFileSchema, type Offer, type Organisation } from '../../core/catalogue/offer-schema.ts';
import { parseSearchParams, runSearch, type SearchEngine, type SearchOutcome } from '../../core/catalogue/search/engine.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONTENT_DIR = path.join(ROOT, 'content');
export const OFFERS_DIR = path.join(CONTENT_DIR, 'offers');
export const FIXTURES_DIR = path.join(ROOT, 'tests/fixtures');
export const OFFER_FIXTURES = path.join(FIXTURES_DIR, 'offers');

/** Markdown files of a folder, as { name (without .md), file (absolute path) }, sorted. */
export function markdownFiles(dir: string): { name: string; file: string }[] {
  return readdirSync(dir).filter((n) => n.endsWith('.md')).sort()
    .map((n) => ({ name: n.slice(0, -3), file: path.join(dir, n) }));
}

/** Parses an offer file through the real parser, with its base name as the expected slug. */
export function loadOfferFile(file: string): Offer {
  return parseOfferFile(readFileSync(file, 'utf8'), path.relative(ROOT, file), path.basename(file, '.md'));
}

/** The demo organisations, validated by the real schema. */
export function demoOrganisations(): Organisation[] {
  return organisationsFileSchema.parse(parse(readFileSync(path.join(CONTENT_DIR, 'organisations.yaml'), 'utf8'))).organisations;
}

/** The field an invalid fixture must name, from its `# expect-field: …` frontmatter comment. */
export function expectedField(file: string): string {
  const match = /^# expect-field: (.+)$/m.exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${file} has no "# expect-field:" comment`);
  return match[1].trim();
}

/** A private copy of the demo content folder; `cleanup` removes it. */
export function copyContent(): { dir: string; offersDir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-content-'));
  cpSync(CONTENT_DIR, dir, { recursive: true });
  return { dir, offersDir: path.join(dir, 'offers'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `check` until it returns true (or stops throwing); fails with the last reason after `timeout` ms. */
export async function waitFor(check: () => boolean | void, { timeout = 5_000, interval = 20, what = 'condition' } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      if (check() !== false) return;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** A search as the search page runs it: parameters from a query string, then `runSearch`. */
export function search(engine: SearchEngine, query: string | Record<string, string | string[]>): SearchOutcome {
  const params = new URLSearchParams();
  if (typeof query === 'string') params.set('q', query);
  else {
    for (const [key, value] of Object.entries(query)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    }
  }
  return runSearch(engine, parseSearchParams(params));
}

export const slugsOf = (outcome: SearchOutcome) => outcome.hits.map((h) => h.slug);

/** The catalogue built from the real demo content the way the server plugin builds it (no watching). */
export function demoCatalogue(): Catalogue {
  return createCatalogue({ contentDir: CONTENT_DIR, watch: false });
}
