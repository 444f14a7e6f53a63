/**
 * Markdown stays the format people read and review: `content/offers/*.md` seeds the offers of an empty
 * database, and a file added or changed on disk (by hand or by `git pull`) becomes a new revision. An
 * invalid file is reported by the content store and changes nothing; a file deleted while the server runs
 * archives its offer (open referrals stay as they are).
 */
import type { Offer } from '../../core/catalogue/offer-schema.ts';
import type { OfferStore } from '../content/offer-store.ts';
import type { OfferRepository } from './repository.ts';

/** Files imported per transaction: one commit for many files, without holding the database for long. */
const IMPORT_BATCH = 200;

export interface SyncReport { created: number; unchanged: number; invalid: number; archived: number }

export class OfferFileSync {
  readonly #store: OfferStore;
  readonly #repository: OfferRepository;
  readonly #log?: { info(msg: string): void; warn(msg: string): void };
  /** What was imported from each file, by name (the file's hash and its offer's slug). */
  #synced = new Map<string, { hash: string; slug: string }>();
  #running: Promise<SyncReport> = Promise.resolve({ created: 0, unchanged: 0, invalid: 0, archived: 0 });
  #unsubscribe?: () => void;

  constructor(store: OfferStore, repository: OfferRepository, log?: { info(msg: string): void; warn(msg: string): void }) {
    this.#store = store;
    this.#repository = repository;
    this.#log = log;
  }

  /** Imports every file that changed since this process last imported it; one sync at a time. */
  sync(): Promise<SyncReport> {
    this.#running = this.#running.catch(() => undefined).then(() => this.#sync());
    return this.#running;
  }

  /** Syncs after every change the content store sees on disk (it watches the folder). */
  follow(): void {
    this.#unsubscribe ??= this.#store.subscribe(() => {
      this.sync().catch((error: Error) => this.#log?.warn(`Offer files could not be imported: ${error.message}`));
    });
    this.#store.watch();
  }

  close(): void {
    this.#unsubscribe?.();
    this.#store.close();
  }

  async #sync(): Promise<SyncReport> {
    const report: SyncReport = { created: 0, unchanged: 0, invalid: 0, archived: 0 };
    const names = new Set(this.#store.fileNames());
    const imported = (f: { name: string; hash: string }) => this.#synced.get(f.name)?.hash === f.hash;
    const valid = this.#store.validFiles();
    // A file's offer is released only after it was imported: a changed file always has its offer.
    const changed = valid.flatMap(({ offer, ...f }) => (offer && !imported(f) ? [{ ...f, offer }] : []));
    report.unchanged = valid.length - changed.length;
    // Unchanged since imported (e.g. an edit undone) yet parsed again: kept as a hash too.
    this.#store.releaseOffers(valid.filter((f) => f.offer && imported(f)));
    for (let i = 0; i < changed.length; i += IMPORT_BATCH) await this.#import(changed.slice(i, i + IMPORT_BATCH), report);
    // A store that defers parsing (the server's) hands over hashes; each batch is parsed only when its turn comes.
    const unparsed = this.#store.unparsedFiles();
    for (let i = 0; i < unparsed.length; i += IMPORT_BATCH) {
      const batch = unparsed.slice(i, i + IMPORT_BATCH);
      // A file that is, byte for byte, the text its offer was last imported from (this file, by a restart
      // or another process) would make no revision: it is not parsed at all.
      const last = await this.#repository.lastFileImports(batch.map((f) => slugOf(f.name)));
      const known = batch.filter((f) => {
        const previous = last.get(slugOf(f.name));
        return imported(f) || ((previous?.fileHash === f.hash || previous?.contentHash === f.hash) && previous.sourceRef === f.file);
      });
      this.#store.releaseUnparsed(known);
      for (const f of known) this.#synced.set(f.name, { hash: f.hash, slug: slugOf(f.name) });
      report.unchanged += known.length;
      const knownNames = new Set(known.map((f) => f.name));
      await this.#import(this.#store.parseFiles(batch.filter((f) => !knownNames.has(f.name)).map((f) => f.name)), report);
    }
    report.invalid = this.#store.problems().length;
    // Only files seen here before and gone now: at start-up a missing file archives nothing.
    for (const [name, { slug }] of this.#synced) {
      if (names.has(name)) continue;
      this.#synced.delete(name);
      const offer = await this.#repository.findBySlug(slug);
      if (offer && offer.state !== 'archived') {
        await this.#repository.archive(offer.id);
        report.archived++;
      }
    }
    if (report.created || report.archived) {
      this.#log?.info(`Offer files imported: ${report.created} new revision(s), ${report.archived} archived`);
    }
    return report;
  }

  /** Saves one batch of parsed files in one transaction; the store then keeps their hashes only. */
  async #import(batch: { name: string; file: string; hash: string; offer: Offer }[], report: SyncReport): Promise<void> {
    if (!batch.length) return;
    const results = await this.#repository.saveRevisions(batch.map(({ file, hash, offer }) => ({ offer, source: 'file' as const, sourceRef: file, fileHash: hash })));
    results.forEach((result, j) => {
      report[result.created ? 'created' : 'unchanged']++;
      this.#synced.set(batch[j]!.name, { hash: batch[j]!.hash, slug: batch[j]!.offer.slug });
    });
    // The database has them now: the store keeps their hashes only (a second copy of every offer otherwise).
    this.#store.releaseOffers(batch);
  }
}

/** The slug a file name gives its offer (the store refuses a file whose slug differs). */
const slugOf = (name: string) => name.slice(0, -'.md'.length);
