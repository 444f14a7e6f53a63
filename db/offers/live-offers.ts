/**
 * The published offers one process serves, read from the repository and read again whenever offers
 * change: in this process (the repository says so after its commit), or in another (the engine's change
 * notices; see db/engine.ts). A notice that names its offers re-reads only those (an edit is live in
 * milliseconds, whatever the catalogue's size); one that does not re-reads all. Readers get a consistent
 * snapshot: the list is swapped whole, and listeners hear which offers changed.
 */
import { createHash } from 'node:crypto';
import type { Offer, Organisation } from '../../core/catalogue/offer-schema.ts';
import type { OfferFreshness, OfferRepository, StoredOffer } from './repository.ts';

const collator = new Intl.Collator('da');
const byTitle = (a: Offer, b: Offer) => collator.compare(a.title, b.title);

/** What changed in a reload: everything, or these offers (by slug: gone, and new or changed). */
export type CatalogueChange = { full: true } | { full: false; removed: string[]; upserted: Offer[] };

export class LiveOffers {
  readonly #repository: OfferRepository;
  #organisations: Organisation[];
  #offers: Offer[] = [];
  #bySlug = new Map<string, Offer>();
  /** Per record id: what is served (slug, revision, freshness), for partial reloads and the version. */
  #byId = new Map<string, StoredOffer>();
  #idBySlug = new Map<string, string>();
  #version = '';
  #listeners = new Set<(change: CatalogueChange) => void>();
  #loading?: Promise<void>;
  /** Offers to re-read after the running read; null: all of them. */
  #pending: Set<string> | null | undefined;

  constructor(repository: OfferRepository, organisations: Organisation[]) {
    this.#repository = repository;
    this.#organisations = organisations;
  }

  /** Published offers, sorted by title. */
  all(): readonly Offer[] { return this.#offers; }
  get(slug: string): Offer | undefined { return this.#bySlug.get(slug); }
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

  /** New organisations (an administrator changed them): names and providers everywhere, the search's facets. */
  setOrganisations(organisations: Organisation[]): void {
    this.#organisations = organisations;
    this.#version = versionOf(this.#byId, organisations);
    this.#tell({ full: true });
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
          await (next && this.#version ? this.#readSome(next) : this.#readAll());
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

  async #readAll(): Promise<void> {
    const stored = await this.#repository.published();
    const byId = new Map(stored.map((s) => [s.id, s]));
    const version = versionOf(byId, this.#organisations);
    if (version === this.#version) return;
    this.#install(byId, stored.map((s) => s.offer).sort(byTitle), version);
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
    for (const s of fresh) byId.set(s.id, s);
    const version = versionOf(byId, this.#organisations);
    if (version === this.#version) return;
    const upserted = fresh.map((s) => s.offer);
    for (const offer of upserted) removed.delete(offer.slug);
    const changedSlugs = new Set([...removed, ...upserted.map((o) => o.slug)]);
    // Everything but the changed offers keeps its place; the changed ones are put in by title.
    const offers = [...this.#offers.filter((o) => !changedSlugs.has(o.slug)), ...upserted].sort(byTitle);
    this.#install(byId, offers, version);
    this.#tell({ full: false, removed: [...removed], upserted });
  }

  #install(byId: Map<string, StoredOffer>, offers: Offer[], version: string): void {
    this.#byId = byId;
    this.#offers = offers;
    this.#bySlug = new Map(offers.map((o) => [o.slug, o]));
    this.#idBySlug = new Map([...byId.values()].map((s) => [s.slug, s.id]));
    this.#version = version;
  }

  #tell(change: CatalogueChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  close(): void { this.#listeners.clear(); }
}

/** A hash of what is served: every offer's id, slug, revision and freshness, and the organisations. */
function versionOf(byId: Map<string, StoredOffer>, organisations: readonly Organisation[]): string {
  const hash = createHash('sha1');
  hash.update(JSON.stringify(organisations));
  for (const id of [...byId.keys()].sort()) {
    const s = byId.get(id)!;
    hash.update(`${id}:${s.slug}:${s.revisionId}:${s.freshness.reviewedAt}:${s.freshness.capacityConfirmedAt}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}
