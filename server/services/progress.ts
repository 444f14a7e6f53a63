/**
 * The provider's record of a course: sub-goals (delmål) and their outcome, WHO-5 at start and end, the
 * closing report the caseworker receives, and re-assessment proposals of another offer. Reads follow
 * the referral's scoping; writes are the provider's.
 */
import { and, asc, desc, eq, sql } from '../../db/orm.ts';
import type { Engine, Executor, Tables } from '../../db/engine.ts';
import { jsonRows } from '../../db/json-rows.ts';
import { preparedQuery } from '../../db/prepared.ts';
import type { Catalogue } from '../../db/catalogue.ts';
import { mayRecord, type Recording } from '../../core/referrals/status.ts';
import { who5Score } from '../../core/progress/who5.ts';
import { actorsFor, type SessionUser } from '../access.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import { nowIso } from './clock.ts';
import type { ReferralEvents } from '../events.ts';
import type { ReferralRow, ReferralService } from './referrals.ts';

/** Why a recording is refused in the referral's current status (src/lib/referrals/status.ts RECORDING_RULES). */
const RECORDING_REFUSED: Record<Recording, string> = {
  subGoal: 'Delmål sættes, når borgeren er optaget eller startet – ikke efter forløbet er afsluttet',
  subGoalOutcome: 'Delmål vurderes, når forløbet er startet eller afsluttet',
  who5Start: 'WHO-5 ved start registreres, når borgeren er optaget eller startet',
  who5End: 'WHO-5 ved afslutning registreres, mens forløbet er i gang – før det markeres som gennemført',
  closingReport: 'Den afsluttende rapport skrives, når forløbet er gennemført, afbrudt eller ikke startet',
  proposal: 'Henvisningen er trukket tilbage: der kan ikke foreslås et andet tilbud',
};

export type SubGoalOutcome = 'achieved' | 'partly_achieved' | 'not_achieved';
export type Who5Phase = 'start' | 'end';

export class ProgressService {
  readonly #engine: Engine;
  readonly #t: Tables;
  readonly #catalogue: Catalogue;
  readonly #referrals: ReferralService;
  readonly #events: ReferralEvents;
  /** What a referral page and `GET /referrals/:id` read each time, compiled once. */
  readonly #recordQuery;

  constructor(engine: Engine, catalogue: Catalogue, referrals: ReferralService, events: ReferralEvents) {
    this.#engine = engine;
    this.#t = engine.tables;
    this.#catalogue = catalogue;
    this.#referrals = referrals;
    this.#events = events;
    const { referrals: r, subGoals, who5Scores, closingReports, proposals } = this.#t;
    const id = sql.placeholder('id');
    const kind = engine.kind;
    type Row<K extends keyof Tables> = Tables[K]['$inferSelect'];
    // The four lists in one statement (db/json-rows.ts): most referrals have none of them, and an empty
    // list cost a whole query of its own.
    this.#recordQuery = preparedQuery<{ id: number }, { subGoals: Row<'subGoals'>[]; who5: Row<'who5Scores'>[]; closingReports: Row<'closingReports'>[]; proposals: Row<'proposals'>[] }[]>(
      engine, 'progress_record', (db) => db.select({
        subGoals: jsonRows<Row<'subGoals'>>(kind, subGoals, eq(subGoals.referralId, r.id), asc(subGoals.id)),
        // Start before end: 'end' sorts first alphabetically.
        who5: jsonRows<Row<'who5Scores'>>(kind, who5Scores, eq(who5Scores.referralId, r.id), desc(who5Scores.phase)),
        closingReports: jsonRows<Row<'closingReports'>>(kind, closingReports, eq(closingReports.referralId, r.id), asc(closingReports.referralId)),
        proposals: jsonRows<Row<'proposals'>>(kind, proposals, eq(proposals.referralId, r.id), asc(proposals.id)),
      }).from(r).where(eq(r.id, id)));
  }

  get #db(): Executor { return this.#engine.executor(); }

  /** The referral, if the user is its provider (or an admin) and its status allows `recording` (when given). */
  async #asProvider(user: SessionUser, id: number, what: string, recording?: Recording): Promise<ReferralRow> {
    const referral = await this.#referrals.get(user, id);
    if (!actorsFor(user, referral).includes('provider')) throw new ForbiddenError(`Kun udbyderen kan ${what}`);
    if (recording) this.#mayRecord(recording, referral);
    return referral;
  }

  #mayRecord(recording: Recording, referral: ReferralRow): void {
    if (!mayRecord(recording, referral.status)) throw new ConflictError(RECORDING_REFUSED[recording], { status: referral.status });
  }

  /** Everything recorded on a referral, for whoever may see it (pass the row when the caller has read it). */
  async record(user: SessionUser, referral: number | ReferralRow) {
    const { id } = typeof referral === 'number' ? await this.#referrals.get(user, referral) : referral;
    const [found] = await this.#recordQuery({ id });
    return { subGoals: found?.subGoals ?? [], who5: found?.who5 ?? [], closingReport: found?.closingReports[0] ?? null, proposals: found?.proposals ?? [] };
  }

  async addSubGoal(user: SessionUser, id: number, text: string) {
    await this.#asProvider(user, id, 'sætte delmål', 'subGoal');
    const at = nowIso();
    const [goal] = await this.#db.insert(this.#t.subGoals).values({ referralId: id, text, createdBy: user.id, createdAt: at, updatedAt: at }).returning();
    return goal!;
  }

  async setSubGoalOutcome(user: SessionUser, id: number, goalId: number, outcome: SubGoalOutcome | null) {
    // An unknown goal is 404 whatever the status, so the status is checked once the goal is found.
    const referral = await this.#asProvider(user, id, 'vurdere delmål');
    const { subGoals } = this.#t;
    const ofReferral = and(eq(subGoals.id, goalId), eq(subGoals.referralId, id));
    const [found] = await this.#db.select({ id: subGoals.id }).from(subGoals).where(ofReferral);
    if (!found) throw new NotFoundError('Delmålet');
    this.#mayRecord('subGoalOutcome', referral);
    const [goal] = await this.#db.update(subGoals).set({ outcome, updatedAt: nowIso() }).where(ofReferral).returning();
    return goal!;
  }

  /** Records (or corrects) the WHO-5 at the start or the end of the course. */
  async recordWho5(user: SessionUser, id: number, phase: Who5Phase, items: number[]) {
    await this.#asProvider(user, id, 'registrere WHO-5', phase === 'start' ? 'who5Start' : 'who5End');
    const score = who5Score(items);
    const at = nowIso();
    const { who5Scores } = this.#t;
    const [row] = await this.#db.insert(who5Scores).values({ referralId: id, phase, items, score, recordedBy: user.id, recordedAt: at })
      .onConflictDoUpdate({ target: [who5Scores.referralId, who5Scores.phase], set: { items, score, recordedBy: user.id, recordedAt: at } })
      .returning();
    return row!;
  }

  /** The closing report (afsluttende indsatsrapport), when the course has ended; the caseworker is told. */
  async writeClosingReport(user: SessionUser, id: number, input: { summary: string; recommendation?: string | null }) {
    const referral = await this.#asProvider(user, id, 'skrive den afsluttende rapport', 'closingReport');
    const { closingReports } = this.#t;
    return this.#engine.transaction(async (tx) => {
      const at = nowIso();
      const [existed] = await tx.select({ id: closingReports.referralId }).from(closingReports).where(eq(closingReports.referralId, id));
      const values = { summary: input.summary, recommendation: input.recommendation ?? null, recordedBy: user.id, recordedAt: at };
      const [report] = await tx.insert(closingReports).values({ referralId: id, ...values })
        .onConflictDoUpdate({ target: closingReports.referralId, set: values }).returning();
      await this.#events.emit(tx, { type: 'closing-report-written', referral, revised: Boolean(existed) });
      return report!;
    });
  }

  /** Re-assessment: the provider proposes another offer instead; the caseworker is told and decides. */
  async propose(user: SessionUser, id: number, input: { offerSlug: string; reason: string }) {
    const referral = await this.#asProvider(user, id, 'foreslå et andet tilbud', 'proposal');
    const offer = this.#catalogue.summary(input.offerSlug);
    if (!offer) throw new InputError('offerSlug', `tilbuddet "${input.offerSlug}" findes ikke`);
    if (offer.slug === referral.offerSlug) throw new InputError('offerSlug', 'foreslå et andet tilbud end det, borgeren er henvist til');
    return this.#engine.transaction(async (tx) => {
      const [proposal] = await tx.insert(this.#t.proposals).values({
        referralId: id, offerSlug: offer.slug, offerId: this.#catalogue.offerId(offer.slug) ?? null, reason: input.reason, proposedBy: user.id, proposedAt: nowIso(),
      }).returning();
      await this.#events.emit(tx, { type: 'proposal-made', referral, offerTitle: offer.title });
      return proposal!;
    });
  }
}
