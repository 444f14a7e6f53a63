/**
 * The published offers one process serves, read from the repository and read again whenever offers
 * change: in this process (the repository says so after its commit), or in another (the engine's change
 * notices; see db/engine.ts). Readers get a consistent snapshot: the list is swapped whole.
 */
import { createHash } from 'node:crypto';
import type { Offer, Organisation } from '../../core/catalogue/offer-schema.ts';
import type { OfferRepository } from './repository.ts';

const collator = new Intl.Collator('da');

export class LiveOffers {
  readonly #repository: OfferRepository;
  readonly #organisations: Organisation[];
  #offers: Offer[] = [];
  #bySlug = new Map<string, Offer>();
  #idBySlug = new Map<string, string>();
  #version = '';
  #listeners = new Set<() => void>();
  #loading?: Promise<void>;
  #again = false;

  constructor(repository: OfferRepository, organisations: Organisation[]) {
    this.#repository = repository;
    this.#organisations = organisations;
  }

  /** Published offers, sorted by title. */
  all(): readonly Offer[] { return this.#offers; }
  get(slug: string): Offer | undefined { return this.#bySlug.get(slug); }
  /** The record id of a published offer: what referrals, cohorts and seats point at. */
  idOf(slug: string): string | undefined { return this.#idBySlug.get(slug); }
  organisations(): readonly Organisation[] { return this.#organisations; }
  organisation(id: string): Organisation | undefined { return this.#organisations.find((o) => o.id === id); }
  /** Changes with every published revision, archive or rename (ETags, caches). */
  get version(): string { return this.#version; }
  redirect(oldSlug: string): Promise<string | undefined> { return this.#repository.redirectFor(oldSlug); }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the published offers again; calls made while a read runs share one more read after it. */
  load(): Promise<void> {
    if (this.#loading) { this.#again = true; return this.#loading; }
    this.#loading = (async () => {
      try {
        do {
          this.#again = false;
          await this.#read();
        } while (this.#again);
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }

  async #read(): Promise<void> {
    const stored = await this.#repository.published();
    const hash = createHash('sha1');
    for (const s of stored) hash.update(`${s.id}:${s.slug}:${s.revisionId}\n`);
    const version = hash.digest('hex').slice(0, 16);
    if (version === this.#version) return;
    const offers = stored.map((s) => s.offer).sort((a, b) => collator.compare(a.title, b.title));
    this.#offers = offers;
    this.#bySlug = new Map(offers.map((o) => [o.slug, o]));
    this.#idBySlug = new Map(stored.map((s) => [s.slug, s.id]));
    this.#version = version;
    for (const listener of this.#listeners) listener();
  }

  close(): void { this.#listeners.clear(); }
}
