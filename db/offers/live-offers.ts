/**
 * The published offers one process serves, read from the repository and read again whenever offers
 * change: in this process (the repository says so after its commit), or in another (the engine's change
 * notices; see db/engine.ts). A notice that names its offers re-reads only those (an edit is live in
 * milliseconds, whatever the catalogue's size); one that does not re-reads all. Readers get a consistent
 * snapshot: the list is swapped whole, and listeners hear which offers changed.
 */
import { createHash } from 'node:crypto';
import { LruCache } from '../../core/lru-cache.ts';
import type { Offer, Organisation } from '../../core/catalogue/offer-schema.ts';
import { SharedValues, summaryOf, type OfferSummary } from '../../core/catalogue/offer-summary.ts';
import type { SearchEngine } from '../../core/catalogue/search/engine.ts';
import { SearchIndexBuilder } from '../../core/catalogue/search/catalogue-index.ts';
import type { OfferFreshness, OfferRepository, StoredOffer } from './repository.ts';

const collator = new Intl.Collator('da');
const byTitle = (a: OfferSummary, b: OfferSummary) => collator.compare(a.title, b.title);

/**
 * Whole offers (texts and all) kept for the offer pages most asked for. Bounded by count: an offer is a few
 * kilobytes, so this is about a megabyte, whatever the catalogue's size.
 */
export const FULL_OFFERS_CACHED = 256;

/** What changed in a reload: everything, or these offers (by slug: gone, and new or changed). */
export type CatalogueChange = { full: true } | { full: false; removed: string[]; upserted: OfferSummary[] };

/** What is served of one published offer besides its summary: for partial reloads, the version, and reading it whole. */
interface Served { slug: string; revisionId: number; freshness: OfferFreshness }

/** The day an offer's seat figures were last confirmed, as the search shows it. */
const confirmedOn = (freshness: OfferFreshness) => freshness.capacityConfirmedAt?.slice(0, 10) ?? null;

export class LiveOffers {
  readonly #repository: OfferRepository;
  #organisations: Organisation[];
  #offers: OfferSummary[] = [];
  #bySlug = new Map<string, OfferSummary>();
  /** Per record id: what is served (slug, revision, freshness). */
  #byId = new Map<string, Served>();
  #idBySlug = new Map<string, string>();
  #engine: SearchEngine | undefined;
  #version = '';
  #listeners = new Set<(change: CatalogueChange) => void>();
  #loading?: Promise<void>;
  /** Offers to re-read after the running read; null: all of them. */
  #pending: Set<string> | null | undefined;
  /** Whole offers by slug, each read at the revision it was cached for (a newer revision reads it again). */
  readonly #full = new LruCache<string, { revisionId: number; offer: Promise<Offer | undefined> }>({ maxEntries: FULL_OFFERS_CACHED });

  constructor(repository: OfferRepository, organisations: Organisation[]) {
    this.#repository = repository;
    this.#organisations = organisations;
  }

  /** Published offers (their summaries), sorted by title. */
  all(): readonly OfferSummary[] { return this.#offers; }
  get(slug: string): OfferSummary | undefined { return this.#bySlug.get(slug); }

  /** A published offer whole (body, texts, contacts): from the cache, or read from the repository. */
  full(slug: string): Promise<Offer | undefined> {
    const id = this.#idBySlug.get(slug);
    const served = id && this.#byId.get(id);
    if (!id || !served) return Promise.resolve(undefined);
    const cached = this.#full.get(slug);
    if (cached && cached.revisionId === served.revisionId) return cached.offer;
    const offer = this.#repository.publishedOne(id).then((stored) => stored?.offer);
    this.#full.set(slug, { revisionId: served.revisionId, offer });
    // A failed read is not kept: the next request tries again.
    offer.catch(() => { if (this.#full.get(slug)?.offer === offer) this.#full.delete(slug); });
    return offer;
  }

  /** The search engine over the published offers, built with them (undefined before the first load). */
  engine(): SearchEngine | undefined { return this.#engine; }
  /** The record id of a published offer: what referrals, cohorts and seats point at. */
  idOf(slug: string): string | undefined { return this.#idBySlug.get(slug); }
  /** When a published offer was last reviewed, changed, and had its capacity confirmed. */
  freshness(slug: string): OfferFreshness | undefined {
    const id = this.#idBySlug.get(slug);
    return id === undefined ? undefined : this.#byId.get(id)?.freshness;
  }
  organisations(): readonly Organisation[] { return this.#organisations; }
  organisation(id: string): Organisation | undefined { return this.#organisations.find((o) => o.id === id); }
  /** Changes with every published revision, archive, rename or confirmation (ETags, caches). */
  get version(): string { return this.#version; }
  redirect(oldSlug: string): Promise<string | undefined> { return this.#repository.redirectFor(oldSlug); }

  /**
   * New organisations (an administrator changed them): names and providers everywhere, the search's facets
   * and provider texts. The search index is built again (it indexes the providers' names), so this reads
   * every offer again.
   */
  setOrganisations(organisations: Organisation[]): Promise<void> {
    this.#organisations = organisations;
    return this.load();
  }

  subscribe(listener: (change: CatalogueChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Reads the published offers again: those of `offerIds`, or all. Calls made while a read runs are
   * gathered into one more read after it.
   */
  load(offerIds?: readonly string[]): Promise<void> {
    const partial = offerIds?.length ? offerIds : null;
    if (this.#loading) {
      if (this.#pending === undefined) this.#pending = partial ? new Set(partial) : null;
      else if (this.#pending !== null) { if (partial) for (const id of partial) this.#pending.add(id); else this.#pending = null; }
      return this.#loading;
    }
    this.#loading = (async () => {
      try {
        let next: readonly string[] | null = partial;
        for (;;) {
          await (next && this.#engine ? this.#readSome(next) : this.#readAll());
          if (this.#pending === undefined) break;
          next = this.#pending ? [...this.#pending] : null;
          this.#pending = undefined;
        }
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }

  /**
   * Every published offer, a page at a time: its summary is kept and it is indexed for search, and the page
   * is let go, so the whole catalogue's texts are never in memory at once.
   */
  async #readAll(): Promise<void> {
    const organisations = this.#organisations;
    const shared = new SharedValues();
    const summaries: OfferSummary[] = [];
    const byId = new Map<string, Served>();
    const index = new SearchIndexBuilder(organisations);
    await this.#repository.eachPublished((page) => {
      for (const stored of page) {
        const summary = summaryOf(stored.offer, shared);
        summaries.push(summary);
        byId.set(stored.id, servedOf(stored));
        index.add(stored.offer, confirmedOn(stored.freshness), summary);
      }
    });
    const version = versionOf(byId, organisations);
    if (version === this.#version && this.#engine) return;
    this.#install(byId, summaries.sort(byTitle), index.finish(version), version);
    this.#full.clear();
    this.#tell({ full: true });
  }

  async #readSome(offerIds: readonly string[]): Promise<void> {
    const fresh = await this.#repository.published(offerIds);
    const byId = new Map(this.#byId);
    const removed = new Set<string>();
    for (const id of offerIds) {
      const old = byId.get(id);
      if (old) { removed.add(old.slug); byId.delete(id); }
    }
    for (const stored of fresh) byId.set(stored.id, servedOf(stored));
    const version = versionOf(byId, this.#organisations);
    if (version === this.#version) return;
    const upserted = fresh.map((stored) => summaryOf(stored.offer));
    for (const offer of upserted) removed.delete(offer.slug);
    const changedSlugs = new Set([...removed, ...upserted.map((o) => o.slug)]);
    // Everything but the changed offers keeps its place; the changed ones are put in by title.
    const offers = [...this.#offers.filter((o) => !changedSlugs.has(o.slug)), ...upserted].sort(byTitle);
    const engine = this.#engine!;
    const freshnessBySlug = new Map(fresh.map((stored) => [stored.slug, stored.freshness]));
    engine.update([...removed], fresh.map((stored) => stored.offer), version, (slug) => {
      const freshness = freshnessBySlug.get(slug);
      return freshness ? confirmedOn(freshness) : null;
    });
    this.#install(byId, offers, engine, version);
    for (const slug of changedSlugs) this.#full.delete(slug);
    this.#tell({ full: false, removed: [...removed], upserted });
  }

  #install(byId: Map<string, Served>, offers: OfferSummary[], engine: SearchEngine, version: string): void {
    this.#byId = byId;
    this.#offers = offers;
    this.#bySlug = new Map(offers.map((o) => [o.slug, o]));
    this.#idBySlug = new Map([...byId].map(([id, s]) => [s.slug, id]));
    this.#engine = engine;
    this.#version = version;
  }

  #tell(change: CatalogueChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  close(): void { this.#listeners.clear(); }
}

const servedOf = (stored: StoredOffer): Served => ({ slug: stored.slug, revisionId: stored.revisionId, freshness: stored.freshness });

/** A hash of what is served: every offer's id, slug, revision and freshness, and the organisations. */
function versionOf(byId: Map<string, Served>, organisations: readonly Organisation[]): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify(organisations));
  for (const id of [...byId.keys()].sort()) {
    const s = byId.get(id)!;
    hash.update(`${id}:${s.slug}:${s.revisionId}:${s.freshness.reviewedAt}:${s.freshness.capacityConfirmedAt}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}
