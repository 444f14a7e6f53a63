/**
 * The catalogue service the server hands to pages (Astro.locals.catalogue) and to the API: the content
 * store plus a search engine that is rebuilt whenever the content changes.
 */
import { gzipSync } from 'node:zlib';
import { OfferStore, type OfferStoreOptions } from './content/offer-store.ts';
import type { Offer, Organisation } from './offer-schema.ts';
import { SearchEngine } from './search/engine.ts';

export interface Catalogue {
  offers(): readonly Offer[];
  offer(slug: string): Offer | undefined;
  organisations(): readonly Organisation[];
  organisation(id: string): Organisation | undefined;
  /** Content version, changes with every content change (ETags). */
  readonly version: string;
  /** The search engine for the current content. */
  search(): SearchEngine;
  /** The JSON the browser loads for instant search, encoded (and gzipped) once per content version. */
  searchIndex(): { json: Buffer; gzip: Buffer };
  searchIndexJson(): string;
  close(): void;
}

export function createCatalogue(options: OfferStoreOptions & { watch?: boolean }): Catalogue {
  const store = new OfferStore(options);
  let engine: SearchEngine | undefined;
  let index: { json: Buffer; gzip: Buffer } | undefined;
  // Built lazily, so a burst of file saves costs one rebuild, at the next search.
  store.subscribe(() => { engine = undefined; index = undefined; });
  if (options.watch) store.watch();
  const search = () => (engine ??= SearchEngine.build(store.all(), store.organisations(), store.version));
  // Sent to every visitor: encoding the 1 MB+ string anew each time would cost more than the search itself.
  const searchIndex = () => {
    if (!index) {
      const json = Buffer.from(JSON.stringify(search().toPayload()));
      index = { json, gzip: gzipSync(json) };
    }
    return index;
  };
  return {
    offers: () => store.all(),
    offer: (slug) => store.get(slug),
    organisations: () => store.organisations(),
    organisation: (id) => store.organisation(id),
    get version() { return store.version; },
    search,
    searchIndex,
    searchIndexJson: () => searchIndex().json.toString('utf8'),
    close: () => store.close(),
  };
}
