/**
 * The catalogue service the server hands to pages (Astro.locals.catalogue) and to the API: the published
 * offers plus a search engine that is rebuilt whenever they change. The server's offers come from the
 * repository (db/offers/live-offers.ts); tests, the benchmark and `astro dev` may read files directly.
 */
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';
import { OfferStore, type OfferStoreOptions } from './content/offer-store.ts';
import type { Offer, Organisation } from '../core/catalogue/offer-schema.ts';
import type { OfferSummary } from '../core/catalogue/offer-summary.ts';
import { DEFAULT_CAPACITY_STALE_DAYS, SearchEngine } from '../core/catalogue/search/engine.ts';
import type { OfferFreshness } from './offers/repository.ts';
import { buildSearchEngine } from '../core/catalogue/search/catalogue-index.ts';

/** The search index the browser loads, compressed (brotli for browsers, gzip for the rest), and the content version it was built from. */
export interface SearchIndexFile { version: string; gzip: Buffer; brotli: Buffer }

export interface Catalogue {
  /** The published offers' summaries (what lists, filters, seat checks and access rules read), by title. */
  offers(): readonly OfferSummary[];
  /** A published offer's summary. */
  summary(slug: string): OfferSummary | undefined;
  /** A published offer whole (body, texts, contacts): read from the database when not among those kept. */
  offer(slug: string): Promise<Offer | undefined>;
  /** The record id of a published offer (undefined when offers are read straight from files). */
  offerId(slug: string): string | undefined;
  /** When a published offer was last reviewed, changed and had its capacity confirmed (records only). */
  freshness(slug: string): OfferFreshness | undefined;
  organisations(): readonly Organisation[];
  organisation(id: string): Organisation | undefined;
  /** Days after which unconfirmed seat figures are uncertain (CAPACITY_STALE_DAYS). */
  readonly capacityStaleDays: number;
  /** Content version, changes with every content change (ETags). */
  readonly version: string;
  /** The current slug of an offer that was renamed from `oldSlug` (a permanent redirect), if any. */
  redirect(oldSlug: string): Promise<string | undefined>;
  /** The search engine for the current content. */
  search(): SearchEngine;
  /**
   * Whether the browser gets the search index (the published offers are no more than the limit,
   * BROWSER_SEARCH_INDEX_MAX_OFFERS). When not, nothing of it is built and instant search asks the server.
   */
  readonly browserIndexEnabled: boolean;
  /**
   * The JSON the browser loads for instant search, compressed (brotli and gzip) once per content version and
   * kept only in those forms (a seventh of the JSON's size or less); a client that takes neither gets it
   * unzipped as it is sent. Rejects with BrowserIndexDisabledError when `browserIndexEnabled` is false.
   */
  searchIndexGzip(): Promise<SearchIndexFile>;
  /** The same JSON as text (tests and benchmarks; not cached). */
  searchIndexJson(): string;
  close(): void;
}

/** Where a catalogue's offers come from: the repository's live offers, or the files themselves. */
export interface OfferSource {
  all(): readonly OfferSummary[];
  get(slug: string): OfferSummary | undefined;
  /** The offer whole. */
  full(slug: string): Promise<Offer | undefined>;
  /** The search engine over the offers, kept up to date by the source (undefined before its first read). */
  engine(): SearchEngine | undefined;
  organisations(): readonly Organisation[];
  organisation(id: string): Organisation | undefined;
  readonly version: string;
  /** Told after each change: which offers changed (LiveOffers), or anything else: possibly all. */
  subscribe(listener: (change?: unknown) => void): () => void;
  redirect?(oldSlug: string): Promise<string | undefined>;
  idOf?(slug: string): string | undefined;
  freshness?(slug: string): OfferFreshness | undefined;
  close(): void;
}

/** Every published offer whole, read one by one (tests and benchmarks over small catalogues). */
export async function wholeOffers(catalogue: Pick<Catalogue, 'offers' | 'offer'>): Promise<Offer[]> {
  const offers: Offer[] = [];
  for (const { slug } of catalogue.offers()) {
    const offer = await catalogue.offer(slug);
    if (offer) offers.push(offer);
  }
  return offers;
}

/** Up to this many published offers the browser gets the search index (BROWSER_SEARCH_INDEX_MAX_OFFERS). */
export const DEFAULT_BROWSER_INDEX_MAX_OFFERS = 2_000;

/** Asked for the browser's index of a catalogue above the limit: there is none. */
export class BrowserIndexDisabledError extends Error {
  override name = 'BrowserIndexDisabledError';
  constructor(offers: number, max: number) {
    super(`The browser's search index is not built for ${offers} offers (more than ${max})`);
  }
}

/** A catalogue read straight from the files (tests, benchmarks, `astro dev`). */
export function createCatalogue(options: OfferStoreOptions & { watch?: boolean; browserIndexMaxOffers?: number }): Catalogue {
  const store = new OfferStore(options);
  if (options.watch) store.watch();
  return catalogueOf(fileSource(store), { browserIndexMaxOffers: options.browserIndexMaxOffers });
}

/**
 * Offer files as a catalogue's source: they are held whole, and the search engine is built from them when
 * first asked for after a change (so a burst of file saves costs one rebuild, at the next search).
 */
export function fileSource(store: OfferStore): OfferSource {
  let engine: SearchEngine | undefined;
  store.subscribe(() => { engine = undefined; });
  return {
    all: () => store.all(),
    get: (slug) => store.get(slug),
    full: (slug) => Promise.resolve(store.get(slug)),
    engine: () => (engine ??= buildSearchEngine(store.all(), store.organisations(), store.version)),
    organisations: () => store.organisations(),
    organisation: (id) => store.organisation(id),
    get version() { return store.version; },
    subscribe: (listener) => store.subscribe(listener),
    close: () => store.close(),
  };
}

export interface CatalogueOptions {
  capacityStaleDays?: number;
  /** Above this many published offers no browser index is built (default DEFAULT_BROWSER_INDEX_MAX_OFFERS). */
  browserIndexMaxOffers?: number;
}

export function catalogueOf(store: OfferSource, options: CatalogueOptions = {}): Catalogue {
  const browserIndexMaxOffers = options.browserIndexMaxOffers ?? DEFAULT_BROWSER_INDEX_MAX_OFFERS;
  // Decided on the current offers, so a catalogue that grows past the limit stops serving the index (and
  // one that shrinks under it starts again) without a restart.
  const browserIndexEnabled = () => store.all().length <= browserIndexMaxOffers;
  let index: Promise<SearchIndexFile> | undefined;
  store.subscribe(() => { index = undefined; });
  const search = () => {
    const engine = store.engine();
    if (!engine) throw new Error('The catalogue was searched before its offers were read');
    return engine;
  };
  // Sent to every visitor: encoding the 1 MB+ JSON anew each time would cost more than the search itself.
  // Concurrent first requests share one build; a failed build is not kept.
  const searchIndexGzip = () => {
    if (!browserIndexEnabled()) {
      index = undefined;
      return Promise.reject(new BrowserIndexDisabledError(store.all().length, browserIndexMaxOffers));
    }
    if (!index) {
      const current = search();
      const building = Promise.all([
        compressText(current.payloadJsonChunks(), createGzip()),
        compressText(current.payloadJsonChunks(), createBrotliCompress({ params: searchIndexBrotliParams(current.documentCount) })),
      ]).then(([gzip, brotli]) => ({ version: current.version, gzip, brotli }));
      building.catch(() => { if (index === building) index = undefined; });
      index = building;
    }
    return index;
  };
  return {
    offers: () => store.all(),
    summary: (slug) => store.get(slug),
    offer: (slug) => store.full(slug),
    offerId: (slug) => store.idOf?.(slug),
    freshness: (slug) => store.freshness?.(slug),
    organisations: () => store.organisations(),
    organisation: (id) => store.organisation(id),
    get version() { return store.version; },
    capacityStaleDays: options.capacityStaleDays ?? DEFAULT_CAPACITY_STALE_DAYS,
    redirect: (oldSlug) => store.redirect?.(oldSlug) ?? Promise.resolve(undefined),
    search,
    get browserIndexEnabled() { return browserIndexEnabled(); },
    searchIndexGzip,
    searchIndexJson: () => [...search().payloadJsonChunks()].join(''),
    close: () => store.close(),
  };
}

/** Up to this many offers the index is compressed with brotli's quality 10, above it with quality 7. */
export const BEST_BROTLI_UP_TO_OFFERS = 2_000;

/**
 * Brotli settings for the search index, chosen for the encoder's memory as much as for the size. Qualities
 * 7–9 use a hash table of 2^15 buckets × 2^(quality−1) slots: at quality 9 that is 32 MB, and a 1 MB index
 * touches all of it (compressing the 1,000-offer index raised a process's peak memory by 33 MB). Quality
 * 10 with a 1 MB window and 64 KB blocks raises it by 16 MB and compresses better still (85 KB against
 * quality 9's 102 KB) but takes about four times as long, so a large catalogue gets quality 7 (12 MB;
 * 111 KB for 1,000 offers) and its index stays quick to rebuild after a change.
 */
export function searchIndexBrotliParams(documentCount: number): Record<number, number> {
  if (documentCount <= BEST_BROTLI_UP_TO_OFFERS) {
    return { [zlibConstants.BROTLI_PARAM_QUALITY]: 10, [zlibConstants.BROTLI_PARAM_LGWIN]: 20, [zlibConstants.BROTLI_PARAM_LGBLOCK]: 16 };
  }
  return { [zlibConstants.BROTLI_PARAM_QUALITY]: 7 };
}

/** Text handed over in pieces of ~64 KB, compressed as a stream: neither the whole text nor a copy of it is ever held. */
async function compressText(pieces: Iterable<string>, gzip: Transform): Promise<Buffer> {
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(gzip, 'end');
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length < 65_536) continue;
    if (!gzip.write(batch)) await once(gzip, 'drain');
    batch = '';
  }
  gzip.end(batch);
  await ended;
  return Buffer.concat(out);
}
