/**
 * Offers as records with revisions, on either engine (db/engine.ts). Every save of an offer's content is a
 * new revision; the offer row points at its latest and its published revision and carries the columns that
 * queries filter on. A save whose content equals the latest revision's makes no revision, so re-importing
 * unchanged files, or two processes importing the same changed file, leaves one revision.
 */
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL } from '../orm.ts';
import type { Offer, OfferData } from '../../core/catalogue/offer-schema.ts';
import { StringPool, offerData, offerFromRevision, serializeOfferFile } from '../../core/catalogue/content/offer-file.ts';
import type { Engine, Executor } from '../engine.ts';
import type { OFFER_STATES, REVISION_SOURCES } from '../schema-values.ts';

export type OfferState = (typeof OFFER_STATES)[number];
export type RevisionSource = (typeof REVISION_SOURCES)[number];

/**
 * What a save from the editor does with the offer: keep it as a draft (a published offer stays live at its
 * published revision), publish it, or submit it for a catalogue administrator's approval. Saves without an
 * intent (files, imports) follow the content's `published` flag.
 */
export type SaveIntent = 'draft' | 'publish' | 'submit';

/** The save was based on a revision that is no longer the latest: someone else saved meanwhile. */
export class RevisionConflict extends Error {
  readonly latestRevisionId: number | null;
  constructor(latestRevisionId: number | null) {
    super('The offer was changed by someone else since this version was opened');
    this.name = 'RevisionConflict';
    this.latestRevisionId = latestRevisionId;
  }
}

/** A new offer was to be created under a slug another offer has. */
export class SlugTaken extends Error {
  readonly slug: string;
  constructor(slug: string) {
    super(`An offer with the slug "${slug}" exists`);
    this.name = 'SlugTaken';
    this.slug = slug;
  }
}

export interface SaveRevisionInput {
  offer: Offer;
  source: RevisionSource;
  intent?: SaveIntent;
  /** The latest revision the author saw: when another has been saved since, the save is refused (RevisionConflict). */
  expectedLatestRevisionId?: number | null;
  /** Create only: refuse (SlugTaken) when an offer has the slug. */
  mustBeNew?: boolean;
  /** The file it came from, for source `file`. */
  sourceRef?: string | null;
  /** SHA-256 of that file's own text, for source `file` (lastFileImports). */
  fileHash?: string | null;
  authorId?: number | null;
  /** The revision the author started from (the editor's conflict check builds on this). */
  basedOnRevisionId?: number | null;
}

export interface SaveResult {
  offerId: string;
  revisionId: number;
  revisionNumber: number;
  /** False when the content equalled the latest revision's: no revision was written. */
  created: boolean;
  /** Whether anything changed (a new revision, or the latest one published or submitted). */
  changed: boolean;
}

export interface StoredOffer {
  id: string;
  slug: string;
  state: OfferState;
  revisionId: number;
  revisionNumber: number;
  offer: Offer;
  freshness: OfferFreshness;
}

/** How fresh an offer's information is: kept on the record, not in its content. */
export interface OfferFreshness {
  /** When an editor last confirmed it still correct; else null. */
  reviewedAt: string | null;
  /** When the revision shown was saved (the last change). */
  changedAt: string;
  /** When the seat and cohort figures were last confirmed or changed; null: never. */
  capacityConfirmedAt: string | null;
}

/** An offer's record as the editor sees it: its state and which revision is which. */
export interface OfferRecord {
  id: string;
  slug: string;
  organisationId: string;
  state: OfferState;
  title: string;
  reviewBy: string;
  publishedRevisionId: number | null;
  latestRevisionId: number | null;
  pendingRevisionId: number | null;
  updatedAt: string;
  reviewedAt: string | null;
  capacityConfirmedAt: string | null;
}

export interface RevisionInfo {
  id: number;
  number: number;
  source: RevisionSource;
  sourceRef: string | null;
  authorId: number | null;
  authorName: string | null;
  basedOnRevisionId: number | null;
  contentHash: string;
  createdAt: string;
}

/** The text an offer is saved and exported as; its hash tells whether a save changes anything. */
export function offerFileText(offer: Offer): string {
  return serializeOfferFile(offerData(offer), offer.body);
}

const collator = new Intl.Collator('da');
/**
 * Offers per query when all are read (published, latest): a page at a time by slug, so the rows of a large
 * catalogue (each with its body and its JSON) are never all in memory at once beside the offers made of them.
 */
export const READ_PAGE_ROWS = 1_000;
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** Columns derived from the content, for queries that filter on them. */
function derivedColumns(data: OfferData) {
  return {
    slug: data.slug,
    organisationId: data.provider.organisation,
    title: data.title,
    taskType: data.taskType,
    intake: data.referral.intake,
    capacityModel: data.capacity.model,
    riskGroups: [...data.riskGroups],
    benefitGroups: [...data.benefitGroups],
    themes: [...data.themes],
    reviewBy: data.reviewBy,
  };
}

/** A save with what it needs computed before its transaction: the content without the body, and the text's hash. */
interface PreparedSave { input: SaveRevisionInput; data: OfferData; contentHash: string }

export class OfferRepository {
  readonly #engine: Engine;
  readonly #listeners = new Set<(change: { offerIds: string[] }) => void>();
  #stopListening?: () => void;

  constructor(engine: Engine) { this.#engine = engine; }

  /**
   * Called after a commit that changed offers (new revisions, renames, archives), in this process or in
   * another on the same database (then within moments; an empty list means "anything may have changed").
   */
  onChange(listener: (change: { offerIds: string[] }) => void): () => void {
    this.#listeners.add(listener);
    this.#stopListening ??= this.#engine.listen('offers_changed', (payload) => {
      const offerIds = payload ? (JSON.parse(payload) as string[]) : [];
      for (const l of this.#listeners) l({ offerIds });
    });
    return () => this.#listeners.delete(listener);
  }

  /**
   * Saves the offer's content as a new revision, creating the offer on its first save. The offer's
   * `published` flag decides its state: published revisions go live, unpublished ones are drafts.
   */
  async saveRevision(input: SaveRevisionInput): Promise<SaveResult> {
    return (await this.saveRevisions([input]))[0]!;
  }

  /** Several saves in one transaction (importing a folder of files: one commit, not one per file). */
  async saveRevisions(inputs: readonly SaveRevisionInput[]): Promise<SaveResult[]> {
    const prepared: PreparedSave[] = inputs.map((input) => ({ input, data: offerData(input.offer), contentHash: hashOf(offerFileText(input.offer)) }));
    const save = () => this.#engine.transaction(async (tx) => {
      const isNew = prepared.length > 1 ? await this.#newOffers(tx, prepared) : () => false;
      const results: SaveResult[] = [];
      // A run of new offers is written in a few statements for the whole run, in the order given; the rest one by one.
      let run: PreparedSave[] = [];
      const flush = async () => { if (run.length) results.push(...await this.#createAll(tx, run)); run = []; };
      for (const p of prepared) {
        if (isNew(p)) { run.push(p); continue; }
        await flush();
        results.push(await this.#save(tx, p.input, p.data, p.contentHash));
      }
      await flush();
      return results;
    });
    let results: SaveResult[];
    try {
      results = await save();
    } catch (error) {
      // Another process created one of the same new offers meanwhile (unique slug): save onto theirs.
      if (!isUniqueViolation(error)) throw error;
      results = await save();
    }
    const changed = results.filter((r) => r.changed).map((r) => r.offerId);
    if (changed.length) this.#announce(changed);
    return results;
  }

  /**
   * Which of these saves create an offer that #createAll may write with others: its slug is not taken (nor
   * twice in the batch), and it is a plain save (a file, an import) that its content's `published` flag settles.
   */
  async #newOffers(tx: Executor, prepared: readonly PreparedSave[]): Promise<(p: PreparedSave) => boolean> {
    const t = this.#engine.tables;
    const slugs = prepared.map((p) => p.data.slug);
    const taken = new Set((await this.#engine.forUpdate(tx.select({ slug: t.offers.slug }).from(t.offers).where(inArray(t.offers.slug, slugs))))
      .map((r) => r.slug));
    const once = new Set(slugs.filter((slug, i) => slugs.indexOf(slug) === i && slugs.lastIndexOf(slug) === i));
    return ({ input, data }) => !taken.has(data.slug) && once.has(data.slug) && input.intent === undefined && input.expectedLatestRevisionId === undefined;
  }

  /**
   * New offers, each with its first revision, in four statements for all: the rows #save would leave (the
   * offer in its final state, pointing at its revision, published when its content says so), not one
   * insert and two updates per offer (an import of 50,000 files spent a fifth of its time building them).
   */
  async #createAll(tx: Executor, run: readonly PreparedSave[]): Promise<SaveResult[]> {
    const t = this.#engine.tables;
    const now = new Date().toISOString();
    const ids = run.map(() => randomUUID());
    await tx.insert(t.offers).values(run.map(({ data }, i) => ({
      id: ids[i]!, state: (data.published ? 'published' : 'draft') as OfferState, ...derivedColumns(data), updatedAt: now,
    })));
    // A new offer under a slug that once redirected elsewhere takes the address over.
    await tx.delete(t.offerSlugRedirects).where(inArray(t.offerSlugRedirects.oldSlug, run.map((p) => p.data.slug)));
    const revisions = await tx.insert(t.offerRevisions).values(run.map(({ input, data, contentHash }, i) => ({
      offerId: ids[i]!, number: 1, data: data as unknown as Record<string, unknown>, body: input.offer.body, contentHash,
      source: input.source, sourceRef: input.sourceRef ?? null, fileHash: input.fileHash ?? null, authorId: input.authorId ?? null,
      basedOnRevisionId: input.basedOnRevisionId ?? null,
    }))).returning({ id: t.offerRevisions.id, offerId: t.offerRevisions.offerId });
    const revisionOf = new Map(revisions.map((r) => [r.offerId, r.id]));
    const first = sql.raw('(select "offer_revisions"."id" from "offer_revisions" where "offer_revisions"."offer_id" = "offers"."id" and "offer_revisions"."number" = 1)');
    await tx.update(t.offers).set({
      latestRevisionId: first,
      publishedRevisionId: sql`case when ${sql.raw('"offers"."state"')} = 'published' then ${first} else null end`,
    }).where(inArray(t.offers.id, ids));
    return ids.map((offerId) => ({ offerId, revisionId: revisionOf.get(offerId)!, revisionNumber: 1, created: true, changed: true }));
  }

  async #save(tx: Executor, input: SaveRevisionInput, data: OfferData, contentHash: string): Promise<SaveResult> {
    const t = this.#engine.tables;
    const now = new Date().toISOString();
    const [existing] = await this.#engine.forUpdate(
      tx.select({
        id: t.offers.id, latestRevisionId: t.offers.latestRevisionId, publishedRevisionId: t.offers.publishedRevisionId,
        pendingRevisionId: t.offers.pendingRevisionId, state: t.offers.state,
      }).from(t.offers).where(eq(t.offers.slug, data.slug)),
    );
    if (existing && input.mustBeNew) throw new SlugTaken(data.slug);
    let offerId: string;
    let nextNumber = 1;
    if (existing) {
      offerId = existing.id;
      const [latest] = await tx.select({ id: t.offerRevisions.id, number: t.offerRevisions.number, contentHash: t.offerRevisions.contentHash })
        .from(t.offerRevisions).where(eq(t.offerRevisions.offerId, offerId)).orderBy(desc(t.offerRevisions.number)).limit(1);
      if (latest && latest.contentHash === contentHash && existing.state !== 'archived') {
        // Nothing new to store; an editor's "publish" or "submit" of the draft they saved still counts.
        const changed = await this.#settle(tx, offerId, existing, latest.id, input.intent, null, now);
        return { offerId, revisionId: latest.id, revisionNumber: latest.number, created: false, changed };
      }
      if (input.expectedLatestRevisionId !== undefined && existing.latestRevisionId !== input.expectedLatestRevisionId) {
        throw new RevisionConflict(existing.latestRevisionId);
      }
      if (latest && input.source === 'file') {
        // A file read again unchanged since its last import (a restart, another process) must not undo
        // what was saved in the browser since: only a changed file makes a revision.
        const [lastFromFile] = await tx.select({ contentHash: t.offerRevisions.contentHash }).from(t.offerRevisions)
          .where(and(eq(t.offerRevisions.offerId, offerId), eq(t.offerRevisions.source, 'file')))
          .orderBy(desc(t.offerRevisions.number)).limit(1);
        if (lastFromFile?.contentHash === contentHash) {
          return { offerId, revisionId: latest.id, revisionNumber: latest.number, created: false, changed: false };
        }
      }
      nextNumber = (latest?.number ?? 0) + 1;
    } else {
      offerId = randomUUID();
      await tx.insert(t.offers).values({ id: offerId, state: 'draft', ...derivedColumns(data), updatedAt: now });
      // A new offer under a slug that once redirected elsewhere takes the address over.
      await tx.delete(t.offerSlugRedirects).where(eq(t.offerSlugRedirects.oldSlug, data.slug));
    }
    const [revision] = await tx.insert(t.offerRevisions).values({
      offerId, number: nextNumber, data: data as unknown as Record<string, unknown>, body: input.offer.body, contentHash,
      source: input.source, sourceRef: input.sourceRef ?? null, fileHash: input.fileHash ?? null, authorId: input.authorId ?? null,
      basedOnRevisionId: input.basedOnRevisionId ?? existing?.latestRevisionId ?? null,
    }).returning({ id: t.offerRevisions.id });
    const current = existing ?? { latestRevisionId: null, publishedRevisionId: null, pendingRevisionId: null, state: 'draft' as OfferState };
    await tx.update(t.offers).set({ latestRevisionId: revision!.id, updatedAt: now }).where(eq(t.offers.id, offerId));
    await this.#settle(tx, offerId, current, revision!.id, input.intent ?? (data.published ? 'publish' : 'unpublish'), data, now);
    return { offerId, revisionId: revision!.id, revisionNumber: nextNumber, created: true, changed: true };
  }

  /**
   * Sets the offer's state after a save of `revisionId`: published (and the derived columns from it),
   * kept as a draft, or waiting for approval. `data` is the revision's content when it is new. Returns
   * whether the offer row changed.
   */
  async #settle(tx: Executor, offerId: string, current: { publishedRevisionId: number | null; pendingRevisionId: number | null; state: OfferState },
    revisionId: number, intent: SaveIntent | 'unpublish' | undefined, data: OfferData | null, now: string): Promise<boolean> {
    const t = this.#engine.tables;
    const live = current.state === 'published' && current.publishedRevisionId !== null;
    const derived = data ? derivedColumns(data) : await this.#derivedOf(tx, revisionId);
    switch (intent) {
      case 'publish':
        if (current.state === 'published' && current.publishedRevisionId === revisionId && current.pendingRevisionId === null) return false;
        await tx.update(t.offers).set({ ...derived, state: 'published', publishedRevisionId: revisionId, pendingRevisionId: null, updatedAt: now })
          .where(eq(t.offers.id, offerId));
        return true;
      case 'unpublish': // a file that says `published: false`
        await tx.update(t.offers).set({ ...derived, state: 'draft', pendingRevisionId: null, updatedAt: now }).where(eq(t.offers.id, offerId));
        return true;
      case 'submit':
        if (current.pendingRevisionId === revisionId) return false;
        // A live offer keeps what the public sees until the change is approved.
        await tx.update(t.offers).set({ ...(live ? {} : derived), pendingRevisionId: revisionId, updatedAt: now }).where(eq(t.offers.id, offerId));
        return true;
      case 'draft':
      default:
        if (!data) return false;
        await tx.update(t.offers).set({ ...(live ? {} : derived), updatedAt: now }).where(eq(t.offers.id, offerId));
        return true;
    }
  }

  async #derivedOf(tx: Executor, revisionId: number) {
    const t = this.#engine.tables;
    const [row] = await tx.select({ data: t.offerRevisions.data, body: t.offerRevisions.body, number: t.offerRevisions.number })
      .from(t.offerRevisions).where(eq(t.offerRevisions.id, revisionId));
    return derivedColumns(offerData(offerFromRevision(row!.data, row!.body, `revision ${row!.number}`)));
  }

  /**
   * Publishes the change that waits for approval, if `revisionId` is still the one waiting (else
   * RevisionConflict: it was replaced or withdrawn meanwhile).
   */
  async approve(offerId: string, revisionId: number): Promise<void> {
    const t = this.#engine.tables;
    await this.#engine.transaction(async (tx) => {
      const [offer] = await this.#engine.forUpdate(tx.select({
        publishedRevisionId: t.offers.publishedRevisionId, pendingRevisionId: t.offers.pendingRevisionId, state: t.offers.state,
      }).from(t.offers).where(eq(t.offers.id, offerId)));
      if (!offer || offer.pendingRevisionId !== revisionId) throw new RevisionConflict(offer?.pendingRevisionId ?? null);
      const derived = await this.#derivedOf(tx, revisionId);
      await tx.update(t.offers).set({
        ...derived, state: offer.state === 'archived' ? 'archived' : 'published', publishedRevisionId: revisionId, pendingRevisionId: null,
        updatedAt: new Date().toISOString(),
      }).where(eq(t.offers.id, offerId));
    });
    this.#announce([offerId]);
  }

  /** Sends a waiting change back: it stays in the history as a draft, and the published revision stays live. */
  async rejectPending(offerId: string): Promise<void> {
    const t = this.#engine.tables;
    await this.#engine.transaction((tx) => tx.update(t.offers).set({ pendingRevisionId: null, updatedAt: new Date().toISOString() })
      .where(eq(t.offers.id, offerId)));
  }

  /** Brings an archived offer back: live again when it had a published revision, else a draft. */
  async restore(offerId: string): Promise<void> {
    const t = this.#engine.tables;
    await this.#engine.transaction(async (tx) => {
      const [offer] = await this.#engine.forUpdate(tx.select({ publishedRevisionId: t.offers.publishedRevisionId, state: t.offers.state })
        .from(t.offers).where(eq(t.offers.id, offerId)));
      if (!offer || offer.state !== 'archived') return;
      await tx.update(t.offers).set({ state: offer.publishedRevisionId ? 'published' : 'draft', updatedAt: new Date().toISOString() })
        .where(eq(t.offers.id, offerId));
    });
    this.#announce([offerId]);
  }

  /**
   * Saves an earlier revision's content as a new revision (the history keeps everything in between), under
   * the offer's current slug, with the editor's intent.
   */
  async revert(offerId: string, revisionNumber: number, options: { authorId: number; intent: SaveIntent; expectedLatestRevisionId: number | null }): Promise<SaveResult | undefined> {
    const t = this.#engine.tables;
    const [row] = await this.#engine.db.select({ data: t.offerRevisions.data, body: t.offerRevisions.body, slug: t.offers.slug })
      .from(t.offerRevisions).innerJoin(t.offers, eq(t.offers.id, t.offerRevisions.offerId))
      .where(and(eq(t.offerRevisions.offerId, offerId), eq(t.offerRevisions.number, revisionNumber)));
    if (!row) return undefined;
    const offer = offerFromRevision({ ...(row.data as object), slug: row.slug, published: true }, row.body, `revision ${revisionNumber}`);
    return this.saveRevision({
      offer, source: 'editor', sourceRef: `restore:${revisionNumber}`, authorId: options.authorId,
      intent: options.intent, expectedLatestRevisionId: options.expectedLatestRevisionId,
    });
  }

  /** Takes the offer out of the catalogue, search and new referrals; its referrals and revisions stay. */
  async archive(offerId: string): Promise<void> {
    const t = this.#engine.tables;
    await this.#engine.transaction((tx) => tx.update(t.offers).set({ state: 'archived', pendingRevisionId: null, updatedAt: new Date().toISOString() })
      .where(eq(t.offers.id, offerId)));
    this.#announce([offerId]);
  }

  /**
   * Gives the offer a new slug. Its old URLs keep working: the old slug redirects to the new one (and a
   * chain of renames collapses onto the newest slug). The slug is part of the content, so the rename is a
   * revision too: an export writes the file under its new name, and importing it again changes nothing.
   */
  async rename(offerId: string, newSlug: string, authorId?: number): Promise<void> {
    const t = this.#engine.tables;
    const renamed = await this.#engine.transaction(async (tx) => {
      const [offer] = await this.#engine.forUpdate(tx.select({
        slug: t.offers.slug, latestRevisionId: t.offers.latestRevisionId, publishedRevisionId: t.offers.publishedRevisionId,
      }).from(t.offers).where(eq(t.offers.id, offerId)));
      if (!offer || offer.slug === newSlug || offer.latestRevisionId === null) return false;
      const [latest] = await tx.select({ number: t.offerRevisions.number, data: t.offerRevisions.data, body: t.offerRevisions.body })
        .from(t.offerRevisions).where(eq(t.offerRevisions.id, offer.latestRevisionId));
      const content = offerFromRevision({ ...(latest!.data as object), slug: newSlug }, latest!.body, `offer ${newSlug}`);
      const now = new Date().toISOString();
      const [revision] = await tx.insert(t.offerRevisions).values({
        offerId, number: latest!.number + 1, data: offerData(content) as unknown as Record<string, unknown>, body: content.body,
        contentHash: hashOf(offerFileText(content)), source: 'editor', sourceRef: `rename:${offer.slug}`,
        authorId: authorId ?? null, basedOnRevisionId: offer.latestRevisionId,
      }).returning({ id: t.offerRevisions.id });
      // A published offer whose latest revision is published stays published under its new name.
      const republish = offer.publishedRevisionId === offer.latestRevisionId;
      await tx.delete(t.offerSlugRedirects).where(eq(t.offerSlugRedirects.oldSlug, newSlug));
      await tx.update(t.offers).set({
        slug: newSlug, latestRevisionId: revision!.id, ...(republish ? { publishedRevisionId: revision!.id } : {}), updatedAt: now,
      }).where(eq(t.offers.id, offerId));
      await tx.insert(t.offerSlugRedirects).values({ oldSlug: offer.slug, offerId });
      // What points at the offer carries its current slug too (the lists read it): moved in the same commit.
      for (const table of [t.referrals, t.cohorts, t.offerSeats, t.proposals]) {
        await tx.update(table).set({ offerSlug: newSlug, offerId })
          .where(or(eq(table.offerId, offerId), and(isNull(table.offerId), eq(table.offerSlug, offer.slug))));
      }
      return true;
    });
    if (renamed) this.#announce([offerId]);
  }

  /**
   * Points the referrals, cohorts, seats and proposals that name their offer only by slug (written before
   * offers were records, or while offers were read from files) at the offer's id. Returns how many rows.
   */
  async linkBySlug(): Promise<number> {
    const t = this.#engine.tables;
    return this.#engine.transaction(async (tx) => {
      let linked = 0;
      for (const [name, table] of [['referrals', t.referrals], ['cohorts', t.cohorts], ['offer_seats', t.offerSeats], ['proposals', t.proposals]] as const) {
        const own = sql.raw(`"${name}"."offer_slug"`);
        const rows = await tx.update(table)
          .set({ offerId: sql`(select "offers"."id" from "offers" where "offers"."slug" = ${own})` })
          .where(and(isNull(table.offerId), sql`${own} in (select "slug" from "offers")`))
          .returning({ slug: table.offerSlug });
        linked += rows.length;
      }
      return linked;
    });
  }

  /** The current slug of an offer that was once at `oldSlug`, if it moved. */
  async redirectFor(oldSlug: string): Promise<string | undefined> {
    const t = this.#engine.tables;
    const [row] = await this.#engine.db.select({ slug: t.offers.slug }).from(t.offerSlugRedirects)
      .innerJoin(t.offers, eq(t.offers.id, t.offerSlugRedirects.offerId))
      .where(and(eq(t.offerSlugRedirects.oldSlug, oldSlug), ne(t.offers.state, 'archived')));
    return row?.slug;
  }

  /** Every published offer at its published revision; or only those of `offerIds` that are published. */
  published(offerIds?: readonly string[], options: { pageRows?: number } = {}): Promise<StoredOffer[]> {
    return this.#collect('published', offerIds, options.pageRows);
  }

  /**
   * The same as `published`, handed over a page at a time (by slug), so that a reader that keeps less than
   * the whole offer (the live catalogue keeps summaries) never holds every offer at once.
   */
  async eachPublished(visit: (page: readonly StoredOffer[]) => void, offerIds?: readonly string[], options: { pageRows?: number } = {}): Promise<void> {
    await this.#current('published', visit, offerIds, options.pageRows, false);
  }

  /** One published offer by its record id, at its published revision: one query (an offer page's read). */
  async publishedOne(offerId: string): Promise<StoredOffer | undefined> {
    const [row] = await this.#currentRows(this.#engine.executor(), 'published', eq(this.#engine.tables.offers.id, offerId), 1);
    return row && storedOfferOf(row);
  }

  /** Every offer that is not archived, at its latest revision (what an export writes). */
  latest(options: { pageRows?: number } = {}): Promise<StoredOffer[]> {
    return this.#collect('latest', undefined, options.pageRows);
  }

  /**
   * The last revision imported from a file of each of these offers (by slug): the hashes of its file text
   * (as stored, and as the file was) and the file it came from. A file whose text hashes the same is that
   * import's text, and importing it again changes nothing (OfferFileSync then skips parsing it).
   */
  async lastFileImports(slugs: readonly string[]): Promise<Map<string, { contentHash: string; fileHash: string | null; sourceRef: string | null }>> {
    const last = new Map<string, { number: number; contentHash: string; fileHash: string | null; sourceRef: string | null }>();
    if (!slugs.length) return last;
    const t = this.#engine.tables;
    const rows = await this.#engine.db.select({
      slug: t.offers.slug, number: t.offerRevisions.number, contentHash: t.offerRevisions.contentHash, fileHash: t.offerRevisions.fileHash,
      sourceRef: t.offerRevisions.sourceRef,
    }).from(t.offers).innerJoin(t.offerRevisions, eq(t.offerRevisions.offerId, t.offers.id))
      .where(and(inArray(t.offers.slug, [...slugs]), eq(t.offerRevisions.source, 'file')));
    for (const { slug, ...row } of rows) if ((last.get(slug)?.number ?? 0) < row.number) last.set(slug, row);
    return new Map([...last].map(([slug, { number: _number, ...row }]) => [slug, row]));
  }

  /** What `#current` reads, kept whole (the offers of one read share their repeated strings). */
  async #collect(which: 'published' | 'latest', offerIds?: readonly string[], pageRows?: number): Promise<StoredOffer[]> {
    const out: StoredOffer[] = [];
    await this.#current(which, (page) => { out.push(...page); }, offerIds, pageRows);
    return out;
  }

  /**
   * Reads in pages of `pageRows` by slug (keyset), in one transaction so the pages are one snapshot (a
   * rename between two pages would otherwise show an offer twice or not at all); on PostgreSQL a read-only
   * repeatable-read one. With `pooled`, the offers of one read share their repeated strings (StringPool): for a
   * reader that keeps them all; one that visits page by page keeps less, and a pool would hold every string.
   */
  async #current(which: 'published' | 'latest', visit: (page: StoredOffer[]) => void, offerIds?: readonly string[], pageRows = READ_PAGE_ROWS, pooled = true): Promise<void> {
    const t = this.#engine.tables;
    const strings = pooled ? new StringPool() : undefined;
    const joined = this.#engine.transactionExecutor() !== undefined;
    await this.#engine.transaction(async (tx) => {
      if (!joined && this.#engine.kind === 'postgres') await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      let after: string | undefined;
      for (;;) {
        const rows = await this.#currentRows(tx, which,
          and(offerIds ? inArray(t.offers.id, [...offerIds]) : undefined, after === undefined ? undefined : gt(t.offers.slug, after)), pageRows);
        visit(rows.map((row) => storedOfferOf(row, strings)));
        if (rows.length < pageRows) return;
        after = rows.at(-1)!.slug;
      }
    });
  }

  /** Offers in `which` state joined to their current revision, by slug: the one query behind every offer read. */
  #currentRows(db: Executor, which: 'published' | 'latest', where: SQL | undefined, limit: number): Promise<CurrentRow[]> {
    const t = this.#engine.tables;
    const revisionOf = which === 'published' ? t.offers.publishedRevisionId : t.offers.latestRevisionId;
    const states: OfferState[] = which === 'published' ? ['published'] : ['published', 'draft'];
    return db.select({
      id: t.offers.id, slug: t.offers.slug, state: t.offers.state,
      revisionId: t.offerRevisions.id, revisionNumber: t.offerRevisions.number, data: t.offerRevisions.data, body: t.offerRevisions.body,
      changedAt: t.offerRevisions.createdAt, reviewedAt: t.offers.reviewedAt, capacityConfirmedAt: t.offers.capacityConfirmedAt,
    }).from(t.offers).innerJoin(t.offerRevisions, eq(t.offerRevisions.id, revisionOf))
      .where(and(inArray(t.offers.state, states), where))
      .orderBy(asc(t.offers.slug)).limit(limit);
  }

  /**
   * Records that an editor confirmed the offer still correct. The content's review date moves on in the
   * same commit (a revision of its own; see OfferEditingService.confirmReview).
   */
  async markReviewed(offerId: string, userId: number, at: string): Promise<void> {
    const t = this.#engine.tables;
    await this.#engine.transaction((tx) => tx.update(t.offers).set({ reviewedAt: at, reviewedBy: userId }).where(eq(t.offers.id, offerId)));
    this.#announce([offerId]);
  }

  /** Records that the provider confirmed (or just set) the offer's seat and cohort figures. */
  async markCapacityConfirmed(offerId: string, userId: number, at: string): Promise<void> {
    const t = this.#engine.tables;
    await this.#engine.transaction((tx) => tx.update(t.offers).set({ capacityConfirmedAt: at, capacityConfirmedBy: userId }).where(eq(t.offers.id, offerId)));
    this.#announce([offerId]);
  }

  /**
   * Offers (not archived) whose review date has come by `today` and that have had no reminder for that
   * date; with their owners' e-mail and organisation.
   */
  async dueForReminder(today: string): Promise<{ id: string; slug: string; title: string; organisationId: string; reviewBy: string; ownerEmail: string }[]> {
    const t = this.#engine.tables;
    const rows = await this.#engine.db.select({
      id: t.offers.id, slug: t.offers.slug, title: t.offers.title, organisationId: t.offers.organisationId, reviewBy: t.offers.reviewBy,
      remindedFor: t.offers.reviewRemindedFor, data: t.offerRevisions.data,
    }).from(t.offers).innerJoin(t.offerRevisions, eq(t.offerRevisions.id, t.offers.latestRevisionId))
      .where(and(ne(t.offers.state, 'archived'), lte(t.offers.reviewBy, today)));
    return rows.filter((r) => r.remindedFor !== r.reviewBy).map((r) => ({
      id: r.id, slug: r.slug, title: r.title, organisationId: r.organisationId, reviewBy: r.reviewBy,
      ownerEmail: String((r.data as { owner?: { email?: string } }).owner?.email ?? ''),
    }));
  }

  async markReminded(tx: Executor, offerId: string, reviewBy: string): Promise<void> {
    const t = this.#engine.tables;
    await tx.update(t.offers).set({ reviewRemindedFor: reviewBy }).where(eq(t.offers.id, offerId));
  }

  #recordColumns() {
    const t = this.#engine.tables;
    return {
      id: t.offers.id, slug: t.offers.slug, organisationId: t.offers.organisationId, state: t.offers.state, title: t.offers.title,
      reviewBy: t.offers.reviewBy, publishedRevisionId: t.offers.publishedRevisionId, latestRevisionId: t.offers.latestRevisionId,
      pendingRevisionId: t.offers.pendingRevisionId, updatedAt: t.offers.updatedAt, reviewedAt: t.offers.reviewedAt,
      capacityConfirmedAt: t.offers.capacityConfirmedAt,
    };
  }

  async findBySlug(slug: string): Promise<OfferRecord | undefined> {
    const t = this.#engine.tables;
    const [row] = await this.#engine.db.select(this.#recordColumns()).from(t.offers).where(eq(t.offers.slug, slug));
    return row;
  }

  /** The offers an editor keeps: one organisation's, or every one (null), archived included, by title. */
  async records(organisationId: string | null): Promise<OfferRecord[]> {
    const t = this.#engine.tables;
    const rows = await this.#engine.db.select(this.#recordColumns()).from(t.offers)
      .where(organisationId === null ? undefined : eq(t.offers.organisationId, organisationId));
    return rows.sort((a, b) => collator.compare(a.title, b.title));
  }

  /** Offers with a change that waits for approval. */
  async pending(): Promise<OfferRecord[]> {
    const t = this.#engine.tables;
    return this.#engine.db.select(this.#recordColumns()).from(t.offers).where(isNotNull(t.offers.pendingRevisionId)).orderBy(asc(t.offers.updatedAt));
  }

  /** Every revision of an offer, oldest first. */
  async revisions(offerId: string): Promise<RevisionInfo[]> {
    const t = this.#engine.tables;
    return this.#engine.db.select({
      id: t.offerRevisions.id, number: t.offerRevisions.number, source: t.offerRevisions.source, sourceRef: t.offerRevisions.sourceRef,
      authorId: t.offerRevisions.authorId, authorName: t.users.name, basedOnRevisionId: t.offerRevisions.basedOnRevisionId,
      contentHash: t.offerRevisions.contentHash, createdAt: t.offerRevisions.createdAt,
    }).from(t.offerRevisions).leftJoin(t.users, eq(t.users.id, t.offerRevisions.authorId))
      .where(eq(t.offerRevisions.offerId, offerId)).orderBy(asc(t.offerRevisions.number));
  }

  /** One revision of an offer by its number: its content and its record. */
  async revisionByNumber(offerId: string, number: number): Promise<{ id: number; number: number; offer: Offer } | undefined> {
    const t = this.#engine.tables;
    const [row] = await this.#engine.db.select({ id: t.offerRevisions.id, data: t.offerRevisions.data, body: t.offerRevisions.body })
      .from(t.offerRevisions).where(and(eq(t.offerRevisions.offerId, offerId), eq(t.offerRevisions.number, number)));
    return row && { id: row.id, number, offer: offerFromRevision(row.data, row.body, `revision ${number}`) };
  }

  /** One revision's content. */
  async revision(revisionId: number): Promise<Offer | undefined> {
    const t = this.#engine.tables;
    const [row] = await this.#engine.db.select({ data: t.offerRevisions.data, body: t.offerRevisions.body, number: t.offerRevisions.number })
      .from(t.offerRevisions).where(eq(t.offerRevisions.id, revisionId));
    return row && offerFromRevision(row.data, row.body, `revision ${row.number}`);
  }

  async count(): Promise<number> {
    const t = this.#engine.tables;
    const [row] = await this.#engine.db.select({ n: count() }).from(t.offers);
    return Number(row?.n ?? 0);
  }

  /** Every process hears it, this one included (through the engine). A lost notice is logged by no one: the next one reloads all. */
  #announce(offerIds: string[]): void {
    // A notice's payload is limited (8 KB on PostgreSQL): a big import says "anything may have changed".
    const payload = offerIds.length <= 100 ? JSON.stringify(offerIds) : '';
    this.#engine.notify('offers_changed', payload).catch(() => {
      for (const listener of this.#listeners) listener({ offerIds: [] });
    });
  }
}

/** A unique constraint refused the write (PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE). */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  }
  return false;
}

/** A row of the offer read (`#currentRows`): the record, its current revision's content, its freshness. */
interface CurrentRow extends Pick<StoredOffer, 'id' | 'slug' | 'state' | 'revisionId' | 'revisionNumber'>, OfferFreshness {
  data: unknown;
  body: string;
}

function storedOfferOf(row: CurrentRow, strings?: StringPool): StoredOffer {
  return {
    id: row.id, slug: row.slug, state: row.state, revisionId: row.revisionId, revisionNumber: row.revisionNumber,
    // The record's slug is the offer's address: a published revision from before a rename still answers under it.
    offer: offerFromRevision({ ...(row.data as object), slug: row.slug }, row.body, `offer ${row.slug}, revision ${row.revisionNumber}`, strings),
    freshness: { reviewedAt: row.reviewedAt, changedAt: row.changedAt, capacityConfirmedAt: row.capacityConfirmedAt },
  };
}
