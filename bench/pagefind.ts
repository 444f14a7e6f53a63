/**
 * Pagefind as the side-by-side for our search: index offers with its Node API (custom records), write the
 * bundle, and search the written bundle in Node with Pagefind's own browser script (`pagefind.js` plus its
 * WebAssembly), its `fetch` calls answered from disk, so we also see what a browser would download.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { markdownToText } from '../core/catalogue/content/plain-text.ts';
import type { Offer, Organisation } from '../core/catalogue/offer-schema.ts';
import { THEMES, taskTypeById } from '../core/catalogue/taxonomy.ts';
import { ageBandsOf } from '../core/catalogue/search/engine.ts';

/** The page URL an offer's record gets; results are mapped back to slugs through it. */
export const recordUrl = (slug: string) => `/tilbud/${slug}`;
// Pagefind prefixes result URLs with the bundle's base URL (here a file path), so take what follows /tilbud/.
const slugOfUrl = (url: string) => url.slice(url.lastIndexOf('/tilbud/') + '/tilbud/'.length).replace(/\/$/, '');

/** Bytes a browser downloads for a file: Pagefind's pf_* and wasm files are gzip already, others gzipped here. */
export function gzipBytes(content: Buffer): number {
  const isGzip = content.length > 2 && content[0] === 0x1f && content[1] === 0x8b;
  return isGzip ? content.length : gzipSync(content, { level: 9 }).length;
}

/**
 * Indexes `offers` as custom records (title, summary, body text, synonyms, task type and themes, provider)
 * with our facets as Pagefind filters, and writes the bundle to `outputPath`.
 */
export async function writePagefindBundle(offers: readonly Offer[], organisations: readonly Organisation[], outputPath: string): Promise<void> {
  const orgs = new Map(organisations.map((o) => [o.id, o]));
  const created = await pagefind.createIndex({ forceLanguage: 'da' });
  if (!created.index) throw new Error(`Pagefind createIndex failed: ${created.errors.join('; ')}`);
  const index = created.index;
  try {
    for (const offer of offers) {
      const provider = orgs.get(offer.provider.organisation);
      const content = [
        offer.title,
        offer.summary,
        markdownToText(offer.body),
        offer.synonyms.join(', '),
        [taskTypeById(offer.taskType)?.label, ...offer.themes.map((t) => THEMES.labels[t])].join(', '),
        `${provider?.name ?? offer.provider.organisation}, ${offer.provider.unit}`,
      ].join('\n');
      const added = await index.addCustomRecord({
        url: recordUrl(offer.slug),
        content,
        language: 'da',
        meta: { title: offer.title },
        filters: {
          opgavetype: [String(offer.taskType)],
          risiko: offer.riskGroups,
          maalgruppe: offer.benefitGroups,
          tema: offer.themes,
          udbyder: [offer.provider.organisation],
          form: offer.format,
          alder: ageBandsOf(offer.age),
        },
      });
      if (added.errors.length) throw new Error(`Pagefind addCustomRecord(${offer.slug}): ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(`Pagefind writeFiles: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
  }
}

/** Stops Pagefind's indexing service (a child process); call once at the end. */
export async function closePagefind(): Promise<void> {
  await pagefind.close();
}

export interface BundleSize {
  /** The index proper: pf_meta, pf_index, pf_fragment and pf_filter files (gzip as written). */
  indexBytes: number;
  indexFiles: number;
  /** What a browser loads before the first search: pagefind.js, pagefind-entry.json and the language's wasm (gzip). */
  runtimeBytes: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

export function measureBundle(bundleDir: string): BundleSize {
  let indexBytes = 0;
  let indexFiles = 0;
  let runtimeBytes = 0;
  for (const file of walk(bundleDir)) {
    const name = path.basename(file);
    if (/\.pf_(meta|index|fragment|filter)$/.test(name)) {
      indexBytes += gzipBytes(readFileSync(file));
      indexFiles++;
    } else if (name === 'pagefind.js' || name === 'pagefind-entry.json' || name === 'wasm.da.pagefind') {
      runtimeBytes += gzipBytes(readFileSync(file));
    }
  }
  return { indexBytes, indexFiles, runtimeBytes };
}

interface PagefindResult { id: string; data(): Promise<{ url: string }> }
interface PagefindInstance {
  init(): Promise<void>;
  search(term: string, options?: Record<string, unknown>): Promise<{ results: PagefindResult[] } | null>;
  destroy(): Promise<void>;
}
interface PagefindModule { createInstance(options: { basePath: string }): PagefindInstance }

export interface PagefindSearcher {
  /** The slugs of the first `limit` results. */
  search(query: string, limit?: number): Promise<string[]>;
  /** Bytes (gzip) fetched since the last reset. */
  fetchedBytes(): number;
  resetFetched(): void;
  close(): Promise<void>;
}

/**
 * Loads a written bundle's `pagefind.js` in this process and searches with it. Its `fetch` calls for bundle
 * files are answered from disk (and counted); any other URL goes to the real fetch.
 */
export async function openPagefindBundle(bundleDir: string): Promise<PagefindSearcher> {
  const base = `${path.resolve(bundleDir)}/`;
  const realFetch = globalThis.fetch;
  let fetched = 0;
  const bundleFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const file = (url.startsWith('file:') ? new URL(url).pathname : url).split('?')[0]!;
    if (!file.startsWith(base)) return realFetch(input, init);
    const body = readFileSync(file);
    fetched += gzipBytes(body);
    return new Response(body, { status: 200, headers: { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  };
  globalThis.fetch = bundleFetch as typeof fetch;
  const script = path.join(base, 'pagefind.js');
  fetched += gzipBytes(readFileSync(script));
  const mod = (await import(pathToFileURL(script).href)) as PagefindModule;
  const instance = mod.createInstance({ basePath: base });
  await instance.init();
  return {
    async search(query, limit = 3) {
      const response = await instance.search(query);
      const top = response?.results.slice(0, limit) ?? [];
      const data = await Promise.all(top.map((r) => r.data()));
      return data.map((d) => slugOfUrl(d.url));
    },
    fetchedBytes: () => fetched,
    resetFetched: () => { fetched = 0; },
    async close() {
      await instance.destroy();
      if (globalThis.fetch === bundleFetch) globalThis.fetch = realFetch;
    },
  };
}
