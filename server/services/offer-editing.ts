/**
 * The offer editor's writes over the repository (db/offers/repository.ts): create, save as a draft,
 * publish or submit for approval, archive, restore, go back to an earlier revision, approve. What the
 * policy decides per user is checked by the commands; what the offer's state and the installation's
 * approval setting allow is decided here.
 */
import { allows, can } from '../../core/access/policy.ts';
import type { Catalogue } from '../../db/catalogue.ts';
import { RevisionConflict, SlugTaken, type OfferRecord, type OfferRepository, type SaveIntent, type SaveResult } from '../../db/offers/repository.ts';
import type { Offer, OfferData } from '../../core/catalogue/offer-schema.ts';
import type { EditIntent } from '../../core/catalogue/editing/schemas.ts';
import type { SessionUser } from '../access.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';

export interface EditResult {
  slug: string;
  revisionNumber: number;
  /** Where the change stands: live, a draft, or waiting for approval. */
  outcome: 'published' | 'draft' | 'pending' | 'unchanged' | 'archived';
}

const fieldProblem = (status: number, field: string, message: string) => new AppError(status, `${field}: ${message}`, { fields: [{ field, message }] });

export class OfferEditingService {
  readonly #offers: OfferRepository;
  readonly #catalogue: Catalogue;
  readonly #approval: boolean;

  constructor(offers: OfferRepository, catalogue: Catalogue, options: { approval: boolean }) {
    this.#offers = offers;
    this.#catalogue = catalogue;
    this.#approval = options.approval;
  }

  /** Whether this installation holds provider editors' changes for approval. */
  get approvalRequired(): boolean { return this.#approval; }

  /** What "publish" means for this user: publish at once, or submit for an administrator's approval. */
  intentFor(user: SessionUser, intent: EditIntent): SaveIntent {
    if (intent === 'publish' && this.#approval && !allows(user, 'offer.approve')) return 'submit';
    return intent;
  }

  async record(slug: string): Promise<OfferRecord> {
    const record = await this.#offers.findBySlug(slug);
    if (!record) throw new NotFoundError('Tilbuddet');
    return record;
  }

  async create(user: SessionUser, input: { offer: OfferData; body: string; intent: EditIntent }): Promise<EditResult> {
    this.#checkProvider(user, input.offer);
    const intent = this.intentFor(user, input.intent);
    try {
      const saved = await this.#offers.saveRevision({
        offer: { ...input.offer, published: intent === 'publish', body: input.body, html: '' },
        source: 'editor', authorId: user.id, intent, mustBeNew: true, basedOnRevisionId: null,
      });
      return this.#result(input.offer.slug, saved, intent);
    } catch (error) {
      if (error instanceof SlugTaken) throw fieldProblem(409, 'slug', 'Kortnavnet bruges allerede af et andet tilbud. Vælg et andet');
      throw error;
    }
  }

  async save(user: SessionUser, slug: string, input: { offer: OfferData; body: string; intent: EditIntent; basedOnRevisionId?: number | null }): Promise<EditResult> {
    const record = await this.record(slug);
    this.#checkProvider(user, input.offer);
    if (record.state === 'archived') throw new ConflictError('Tilbuddet er arkiveret. Gendan det, før du retter det');
    if (input.offer.slug !== record.slug) {
      if (record.publishedRevisionId !== null) {
        throw fieldProblem(400, 'slug', 'Kortnavnet kan ikke ændres, når tilbuddet har været offentliggjort');
      }
      if (await this.#offers.findBySlug(input.offer.slug)) throw fieldProblem(409, 'slug', 'Kortnavnet bruges allerede af et andet tilbud. Vælg et andet');
      await this.#offers.rename(record.id, input.offer.slug, user.id);
      // The rename is a revision of its own: the save builds on it if the editor built on the latest.
      if (input.basedOnRevisionId === record.latestRevisionId) input.basedOnRevisionId = (await this.record(input.offer.slug)).latestRevisionId;
    }
    const intent = this.intentFor(user, input.intent);
    const published = intent === 'publish' || intent === 'submit' || record.publishedRevisionId !== null;
    try {
      const saved = await this.#offers.saveRevision({
        offer: { ...input.offer, published, body: input.body, html: '' },
        source: 'editor', authorId: user.id, intent,
        basedOnRevisionId: input.basedOnRevisionId ?? record.latestRevisionId,
        expectedLatestRevisionId: input.basedOnRevisionId === undefined ? undefined : input.basedOnRevisionId,
      });
      return this.#result(input.offer.slug, saved, intent);
    } catch (error) {
      throw this.#conflict(error);
    }
  }

  async archive(slug: string): Promise<EditResult> {
    const record = await this.record(slug);
    if (record.state !== 'archived') await this.#offers.archive(record.id);
    return { slug, revisionNumber: 0, outcome: 'archived' };
  }

  async restore(slug: string): Promise<EditResult> {
    const record = await this.record(slug);
    await this.#offers.restore(record.id);
    return { slug, revisionNumber: 0, outcome: record.publishedRevisionId ? 'published' : 'draft' };
  }

  /** Saves revision `number`'s content as a new revision. */
  async revert(user: SessionUser, slug: string, input: { revision: number; intent: EditIntent; basedOnRevisionId?: number | null }): Promise<EditResult> {
    const record = await this.record(slug);
    if (record.state === 'archived') throw new ConflictError('Tilbuddet er arkiveret. Gendan det, før du retter det');
    const earlier = await this.#offers.revisionByNumber(record.id, input.revision);
    if (!earlier) throw fieldProblem(404, 'revision', `Version ${input.revision} findes ikke`);
    this.#checkProvider(user, earlier.offer);
    const intent = this.intentFor(user, input.intent);
    try {
      const saved = await this.#offers.revert(record.id, input.revision, {
        authorId: user.id, intent, expectedLatestRevisionId: input.basedOnRevisionId ?? record.latestRevisionId,
      });
      return this.#result(slug, saved!, intent);
    } catch (error) {
      throw this.#conflict(error);
    }
  }

  async approve(slug: string, revisionId: number): Promise<EditResult> {
    const record = await this.record(slug);
    try {
      await this.#offers.approve(record.id, revisionId);
    } catch (error) {
      if (error instanceof RevisionConflict) throw new ConflictError('Ændringen venter ikke længere på godkendelse: den er erstattet eller sendt tilbage');
      throw error;
    }
    return { slug, revisionNumber: 0, outcome: 'published' };
  }

  async reject(slug: string, revisionId: number): Promise<EditResult> {
    const record = await this.record(slug);
    if (record.pendingRevisionId !== revisionId) throw new ConflictError('Ændringen venter ikke længere på godkendelse');
    await this.#offers.rejectPending(record.id);
    return { slug, revisionNumber: 0, outcome: 'draft' };
  }

  /**
   * "Still correct": the offer's review date moves a year on (a revision of its own, published as the
   * offer is; an unpublished draft on top keeps its place), and who confirmed it and when is recorded.
   */
  async confirmReview(user: SessionUser, slug: string, today = new Date()): Promise<EditResult & { reviewBy: string }> {
    const record = await this.record(slug);
    if (record.state === 'archived') throw new ConflictError('Tilbuddet er arkiveret. Gendan det, før du bekræfter det');
    const next = new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate())).toISOString().slice(0, 10);
    const withDate = (offer: Offer, published: boolean) => ({ ...offer, reviewBy: next, published, html: '' });
    const latest = (await this.#offers.revision(record.latestRevisionId!))!;
    let revisionNumber = 0;
    if (record.publishedRevisionId !== null && record.publishedRevisionId !== record.latestRevisionId) {
      // A draft waits on top of the live version: confirm the live one, then keep the draft as the latest.
      const live = (await this.#offers.revision(record.publishedRevisionId))!;
      await this.#offers.saveRevision({ offer: withDate(live, true), source: 'editor', sourceRef: 'review', authorId: user.id, intent: 'publish' });
      revisionNumber = (await this.#offers.saveRevision({ offer: withDate(latest, true), source: 'editor', sourceRef: 'review', authorId: user.id, intent: 'draft' })).revisionNumber;
    } else {
      const live = record.state === 'published';
      revisionNumber = (await this.#offers.saveRevision({
        offer: withDate(latest, live), source: 'editor', sourceRef: 'review', authorId: user.id, intent: live ? 'publish' : 'draft',
      })).revisionNumber;
    }
    await this.#offers.markReviewed(record.id, user.id, today.toISOString());
    return { slug, revisionNumber, outcome: record.state === 'published' ? 'published' : 'draft', reviewBy: next };
  }

  /** An editor keeps their own organisation's offers only, and an offer belongs to a known provider. */
  #checkProvider(user: SessionUser, offer: Pick<OfferData, 'provider'>): void {
    const organisation = this.#catalogue.organisation(offer.provider.organisation);
    if (!organisation || organisation.kind !== 'provider') {
      throw fieldProblem(400, 'provider.organisation', 'Vælg en af katalogets udbydere');
    }
    if (!can(user, 'offer.edit', { organisationId: organisation.id })) {
      throw new ForbiddenError('Du kan kun oprette og rette tilbud for din egen organisation');
    }
  }

  #result(slug: string, saved: SaveResult, intent: SaveIntent): EditResult {
    if (!saved.changed) return { slug, revisionNumber: saved.revisionNumber, outcome: 'unchanged' };
    const outcome = intent === 'publish' ? 'published' : intent === 'submit' ? 'pending' : 'draft';
    return { slug, revisionNumber: saved.revisionNumber, outcome };
  }

  #conflict(error: unknown): unknown {
    if (error instanceof RevisionConflict) {
      return new ConflictError('Tilbuddet er rettet af en anden, siden du åbnede det. Intet er overskrevet', {
        conflict: true, latestRevisionId: error.latestRevisionId,
      });
    }
    return error;
  }
}
