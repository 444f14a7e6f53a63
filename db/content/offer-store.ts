/**
 * The content store: every offer in `content/offers/*.md`, parsed through the one offer schema, rendered,
 * and cached in memory until a file changes. The server owns one store and hands it to pages, the search
 * index and the API, so that an editor's saved file is live everywhere within moments, with no rebuild.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describeIssues, organisationsFileSchema, type Offer, type Organisation } from '../../core/catalogue/offer-schema.ts';
import { ContentError, parseOfferFile } from '../../core/catalogue/content/offer-file.ts';

export interface OfferStoreOptions {
  /** Folder holding `organisations.yaml` and `offers/`. */
  contentDir: string;
  /** Called when files change and the store has reloaded, or when a changed file is invalid. */
  log?: { info(msg: string): void; warn(msg: string): void };
  /**
   * Read and hash new or changed files, but parse them only when `parseFiles` asks (the server's store:
   * OfferFileSync parses a batch at a time while it imports, so every parsed offer of a large catalogue is
   * never in memory at once). `all()` and `problems()` then cover the files parsed so far.
   */
  deferParsing?: boolean;
}

/**
 * `released`: valid, its offer handed over and forgotten (releaseOffers). `unparsed`: read and hashed,
 * not parsed yet (deferParsing).
 */
interface CachedFile { stamp: string; hash: string; offer?: Offer; error?: ContentError; released?: boolean; unparsed?: boolean }

/** A file's hash: SHA-256 of its text, as the repository hashes a revision's file text (a canonical file hashes the same). */
export const fileHashOf = (text: string) => createHash('sha256').update(text).digest('hex');

const collator = new Intl.Collator('da');

export class OfferStore {
  readonly contentDir: string;
  readonly offersDir: string;
  #files = new Map<string, CachedFile>();
  /** Built from #files when first asked for after a change (undefined: out of date). */
  #offers: Offer[] | undefined;
  #bySlug = new Map<string, Offer>();
  #organisations: Organisation[] = [];
  #version = '';
  #listeners = new Set<(store: OfferStore) => void>();
  #watcher?: FSWatcher;
  #reloadTimer?: NodeJS.Timeout;
  #log: OfferStoreOptions['log'];
  readonly #deferParsing: boolean;

  constructor(options: OfferStoreOptions) {
    this.contentDir = path.resolve(options.contentDir);
    this.offersDir = path.join(this.contentDir, 'offers');
    this.#log = options.log;
    this.#deferParsing = options.deferParsing ?? false;
    this.#organisations = loadOrganisations(path.join(this.contentDir, 'organisations.yaml'));
    this.reload();
  }

  /** Published offers, sorted by title. */
  all(): readonly Offer[] { return this.#collectOffers(); }
  get(slug: string): Offer | undefined { this.#collectOffers(); return this.#bySlug.get(slug); }
  organisations(): readonly Organisation[] { return this.#organisations; }
  organisation(id: string): Organisation | undefined { return this.#organisations.find((o) => o.id === id); }
  /** Changes whenever any offer file changes; used for ETags. */
  get version(): string { return this.#version; }
  /**
   * Every valid offer file, published or not, by file name, with the hash of its text and its offer
   * (undefined once released: the file has not changed since).
   */
  validFiles(): { name: string; file: string; hash: string; offer: Offer | undefined }[] {
    return [...this.#files].flatMap(([name, f]) => ((f.offer || f.released) && !f.error ? [{ name, file: this.#fileRef(name), hash: f.hash, offer: f.offer }] : []));
  }

  /** The files read and hashed but not parsed yet (deferParsing), by name, with their hashes. */
  unparsedFiles(): { name: string; file: string; hash: string }[] {
    return [...this.#files].flatMap(([name, f]) => (f.unparsed ? [{ name, file: this.#fileRef(name), hash: f.hash }] : []));
  }

  /**
   * Parses these unparsed files now (deferParsing): each becomes valid, with its offer, or a problem
   * (reported). A file changed since it was hashed is parsed as it is now, under its new hash; one deleted
   * meanwhile is left to the next reload. Returns the valid ones.
   */
  parseFiles(names: Iterable<string>): { name: string; file: string; hash: string; offer: Offer }[] {
    const parsed: { name: string; file: string; hash: string; offer: Offer }[] = [];
    for (const name of names) {
      const f = this.#files.get(name);
      if (!f?.unparsed) continue;
      let source: string;
      try {
        source = readFileSync(path.join(this.offersDir, name), 'utf8');
      } catch {
        continue;
      }
      const hash = fileHashOf(source);
      // A new hash means the file changed after the reload that stamped it: the next reload reads it again.
      const next = this.#parse(name, source, hash, hash === f.hash ? f.stamp : '');
      this.#files.set(name, next);
      this.#offers = undefined;
      if (next.offer && !next.error) parsed.push({ name, file: this.#fileRef(name), hash, offer: next.offer });
    }
    return parsed;
  }

  /**
   * Forgets the parsed offer of each of these files that is valid and still has this hash; the hash stays,
   * so a change is still seen, and a changed file is parsed again. For a store whose offers live elsewhere
   * once read: the server's hands them to the database (OfferFileSync), which otherwise held a second copy
   * of every offer in memory.
   */
  releaseOffers(files: Iterable<{ name: string; hash: string }>): void {
    for (const { name, hash } of files) {
      const f = this.#files.get(name);
      if (f?.offer && !f.error && f.hash === hash) this.#files.set(name, { stamp: f.stamp, hash, released: true });
    }
    this.#offers = undefined;
  }

  /**
   * Marks these unparsed files as valid and released without parsing them, when each still has this hash:
   * their content is known to be imported already (OfferFileSync: the file is the text of its offer's
   * last import).
   */
  releaseUnparsed(files: Iterable<{ name: string; hash: string }>): void {
    for (const { name, hash } of files) {
      const f = this.#files.get(name);
      if (f?.unparsed && f.hash === hash) this.#files.set(name, { stamp: f.stamp, hash, released: true });
    }
  }

  /** The file names on disk at the last reload, valid or not. */
  fileNames(): string[] { return [...this.#files.keys()]; }

  /** Files that are currently invalid (their last valid version, if any, stays live). */
  problems(): ContentError[] { return [...this.#files.values()].flatMap((f) => (f.error ? [f.error] : [])); }

  /** Calls `listener` after every reload that changed something. Returns an unsubscribe function. */
  subscribe(listener: (store: OfferStore) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Re-reads changed files (by mtime and size) and rebuilds the offer list. Returns whether anything changed. */
  reload(): boolean {
    const names = readdirSync(this.offersDir).filter((n) => n.endsWith('.md')).sort();
    let changed = names.length !== this.#files.size || names.some((n) => !this.#files.has(n));
    const next = new Map<string, CachedFile>();
    for (const name of names) {
      const full = path.join(this.offersDir, name);
      let stamp: string;
      try {
        const st = statSync(full);
        stamp = `${st.mtimeMs}:${st.size}`;
      } catch {
        continue; // deleted between readdir and stat
      }
      const cached = this.#files.get(name);
      if (cached && cached.stamp === stamp) { next.set(name, cached); continue; }
      const source = readFileSync(full, 'utf8');
      const hash = fileHashOf(source);
      if (cached && cached.hash === hash) { next.set(name, { ...cached, stamp }); continue; }
      changed = true;
      next.set(name, this.#deferParsing ? { stamp, hash, unparsed: true } : this.#parse(name, source, hash, stamp, cached));
    }
    this.#files = next;
    if (changed) this.#rebuild();
    return changed;
  }

  /** Throws one error listing every invalid file (used by the build, which must fail on bad content). */
  assertValid(): void {
    const problems = this.problems();
    if (problems.length) {
      throw new Error(`Invalid offer content in ${problems.length} file(s):\n${problems.map((p) => p.message).join('\n')}`);
    }
  }

  /** Watches the offers folder and reloads (debounced) when files change. */
  watch(): void {
    if (this.#watcher) return;
    this.#watcher = watch(this.offersDir, () => {
      clearTimeout(this.#reloadTimer);
      this.#reloadTimer = setTimeout(() => {
        try {
          if (this.reload()) this.#log?.info(`Offer content reloaded (${this.#deferParsing ? `${this.#files.size} files` : `${this.all().length} offers`})`);
        } catch (err) {
          this.#log?.warn(`Offer content reload failed: ${(err as Error).message}`);
        }
      }, 40);
    });
    this.#watcher.unref();
  }

  close(): void {
    clearTimeout(this.#reloadTimer);
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #fileRef(name: string): string { return path.relative(this.contentDir, path.join(this.offersDir, name)); }

  #parse(name: string, source: string, hash: string, stamp: string, previous?: CachedFile): CachedFile {
    const file = path.relative(process.cwd(), path.join(this.offersDir, name));
    try {
      const offer = parseOfferFile(source, file, name.slice(0, -3));
      this.#checkReferences(offer, file);
      return { stamp, hash, offer };
    } catch (err) {
      if (!(err instanceof ContentError)) throw err;
      this.#log?.warn(`Invalid offer file kept out of the catalogue: ${err.message}`);
      // Keep the last valid version live so a half-finished edit never removes an offer.
      return { stamp, hash, offer: previous?.offer, error: err };
    }
  }

  #checkReferences(offer: Offer, file: string): void {
    const org = this.organisation(offer.provider.organisation);
    if (!org || org.kind !== 'provider') {
      const known = this.#organisations.filter((o) => o.kind === 'provider').map((o) => o.id).join(', ');
      throw new ContentError(file, [`field "provider.organisation": "${offer.provider.organisation}" is not a provider organisation (known: ${known})`]);
    }
    if (!org.units.some((u) => u.name === offer.provider.unit)) {
      throw new ContentError(file, [`field "provider.unit": "${offer.provider.unit}" is not a unit of ${org.name} (units: ${org.units.map((u) => u.name).join(', ')})`]);
    }
  }

  /** The published offers by title, built again only after a change (an import releases offers 200 at a time). */
  #collectOffers(): Offer[] {
    if (this.#offers) return this.#offers;
    const offers = [...this.#files.values()].flatMap((f) => (f.offer?.published ? [f.offer] : []));
    offers.sort((a, b) => collator.compare(a.title, b.title));
    this.#offers = offers;
    this.#bySlug = new Map(offers.map((o) => [o.slug, o]));
    return offers;
  }

  #rebuild(): void {
    this.#offers = undefined;
    const hash = createHash('sha1');
    for (const [name, f] of this.#files) hash.update(`${name}:${f.hash}\n`);
    this.#version = hash.digest('hex').slice(0, 16);
    for (const listener of this.#listeners) listener(this);
  }
}

function loadOrganisations(file: string): Organisation[] {
  const result = organisationsFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!result.success) throw new ContentError(path.relative(process.cwd(), file), describeIssues(result.error));
  return result.data.organisations;
}
