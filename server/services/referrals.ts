/**
 * Referrals and their life cycle. Every write is one transaction that first locks the offer (see
 * CapacityService.lockOffer), so the seat check and the write that takes the seat never interleave with
 * another request's, in this process or another.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from '../../db/orm.ts';
import type { Engine, Executor, Tables } from '../../db/engine.ts';
import { placeholders, preparedQuery } from '../../db/prepared.ts';
import { statusListSql } from '../../db/schema-values.ts';
import type { Catalogue } from '../../db/catalogue.ts';
import type { OfferSummary } from '../../core/catalogue/offer-summary.ts';
import {
  FINAL_STATUSES, INBOX_STATUSES, OPEN_STATUSES, REFERRAL_STATUSES, STATUS_LABELS, allowedTransitions, checkTransition, holdsSeat, type ReferralStatus,
} from '../../core/referrals/status.ts';
import { formatDay } from '../../core/dates.ts';
import { LIST_COUNT_LIMIT, countedTotal, type CountedTotal } from '../../core/paging.ts';
import { scopeOf, type Action, type Scope } from '../../core/access/policy.ts';
import { actorsFor, canRefer, canSeeReferral, type SessionUser } from '../access.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import type { CapacityService } from './capacity.ts';
import type { ReferralEvents } from '../events.ts';
import { nowIso, todayIso } from './clock.ts';

export type ReferralRow = Tables['referrals']['$inferSelect'];
export type ReferralEventRow = Tables['referralEvents']['$inferSelect'];

export interface NewReferral {
  offerSlug: string;
  cohortId?: number | null;
  citizenRef: string;
  purpose: string;
  note?: string | null;
  consent: { given: true; scope: string };
}

export interface TransitionInput { reason?: string | null; cohortId?: number | null }

export interface ReferralFilter {
  status?: ReferralStatus[];
  offer?: string;
  unit?: string;
  citizenRef?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
  order?: 'newest' | 'oldest';
}

/** Shapes of list kept compiled: the workspace's own lists are a few dozen. */
const MAX_LIST_SHAPES = 200;

const SYSTEM_REASONS = {
  directSeat: 'Direkte optag: der var en ledig plads',
  directWaitlist: 'Direkte optag: ingen ledig plads, borgeren er sat på venteliste',
  promoted: 'En plads blev ledig: borgeren er optaget fra ventelisten',
};

export class ReferralService {
  readonly #engine: Engine;
  readonly #t: Tables;
  readonly #catalogue: Catalogue;
  readonly #capacity: CapacityService;
  readonly #events: ReferralEvents;
  /** Every route on one referral reads it (its access check) and its history: compiled once. */
  readonly #byId;
  readonly #history;
  /** A referral's creation and every status change run these: compiled once too. */
  readonly #openReferral;
  readonly #insert;
  readonly #setStatus;
  /** Compiled lists by shape (listShape), at most MAX_LIST_SHAPES. */
  readonly #lists = new Map<string, { count: (values: ListValues) => Promise<{ n: number }[]>; page: (values: ListValues) => Promise<ReferralRow[]> }>();

  constructor(engine: Engine, catalogue: Catalogue, capacity: CapacityService, events: ReferralEvents) {
    this.#engine = engine;
    this.#t = engine.tables;
    this.#catalogue = catalogue;
    this.#capacity = capacity;
    this.#events = events;
    const { referrals: r, referralEvents: e } = this.#t;
    const id = sql.placeholder('id');
    this.#byId = preparedQuery<{ id: number }, ReferralRow[]>(engine, 'referral_by_id', (db) => db.select().from(r).where(eq(r.id, id)));
    this.#history = preparedQuery<{ id: number }, ReferralEventRow[]>(engine, 'referral_history',
      (db) => db.select().from(e).where(eq(e.referralId, id)).orderBy(asc(e.id)));
    this.#openReferral = preparedQuery<{ citizenRef: string; offerSlug: string }, Pick<ReferralRow, 'id' | 'status'>[]>(engine, 'referral_open_for_citizen',
      (db) => db.select({ id: r.id, status: r.status }).from(r)
        .where(and(eq(r.citizenRef, sql.placeholder('citizenRef')), eq(r.offerSlug, sql.placeholder('offerSlug')), inArray(r.status, [...OPEN_STATUSES]))).limit(1));
    const newReferral = placeholders(['offerSlug', 'offerId', 'providerOrganisationId', 'cohortId', 'unitId', 'caseworkerId', 'citizenRef', 'purpose', 'note',
      'consentScope', 'consentRecordedBy', 'consentRecordedAt', 'status', 'statusReason', 'waitlistedAt', 'createdAt', 'updatedAt']);
    this.#insert = preparedQuery<Record<keyof typeof newReferral, unknown>, ReferralRow[]>(engine, 'referral_insert',
      (db) => db.insert(r).values(newReferral as unknown as typeof r.$inferInsert).returning());
    const change = placeholders(['status', 'statusReason', 'cohortId', 'waitlistedAt', 'updatedAt']);
    this.#setStatus = preparedQuery<Record<keyof typeof change | 'id', unknown>, ReferralRow[]>(engine, 'referral_set_status',
      (db) => db.update(r).set(change as unknown as Partial<typeof r.$inferInsert>).where(eq(r.id, id)).returning());
    capacity.onSeatsFreed((offer, cohortId) => this.#promote(offer, cohortId));
  }

  get #db(): Executor { return this.#engine.executor(); }

  /**
   * The compiled count and page of a list of this shape (compiled at its first use). Past MAX_LIST_SHAPES
   * (status lists are the user's to combine), a new shape is built for each request instead of kept.
   */
  #listOfShape(scope: Scope, filter: ReferralFilter) {
    const shape = listShape(scope, filter);
    let queries = this.#lists.get(shape);
    if (!queries && this.#lists.size >= MAX_LIST_SHAPES) {
      const built = () => listQueries(this.#db, this.#t.referrals, scope, filter, listValues(scope, filter));
      return { count: () => built().count as Promise<{ n: number }[]>, page: () => built().page as Promise<ReferralRow[]> };
    }
    if (!queries) {
      const name = `referral_list_${this.#lists.size}`;
      queries = {
        count: preparedQuery<ListValues, { n: number }[]>(this.#engine, `${name}_count`, (db) => listQueries(db, this.#t.referrals, scope, filter).count),
        page: preparedQuery<ListValues, ReferralRow[]>(this.#engine, `${name}_page`, (db) => listQueries(db, this.#t.referrals, scope, filter).page),
      };
      this.#lists.set(shape, queries);
    }
    return queries;
  }

  // ------------------------------------------------------------------------------------------ reads

  /** A referral whoever may see it or not: for the access check of a route on it (which judges that). */
  async byId(id: number): Promise<ReferralRow | undefined> {
    const [row] = await this.#byId({ id });
    return row;
  }

  /** A referral the user may see; anything else (unknown or another organisation's) is 404. */
  async get(user: SessionUser, id: number): Promise<ReferralRow> {
    const row = await this.byId(id);
    if (!row || !canSeeReferral(user, row)) throw new NotFoundError('Henvisningen');
    return row;
  }

  /** The referrals the policy lets the user see for `action` (a list, or the inbox), filtered and paged. */
  async list(user: SessionUser, filter: ReferralFilter, action: Action = 'referral.read'): Promise<{ items: ReferralRow[] } & CountedTotal> {
    const scope = scopeOf(user, action);
    const q = this.#listOfShape(scope, filter);
    const values = listValues(scope, filter);
    const [counted, items] = await Promise.all([q.count(values), q.page(values)]);
    return { items, ...countedTotal(Number(counted[0]?.n ?? 0)) };
  }

  /** The provider's inbox (core/referrals/status.ts INBOX_STATUSES), newest first, for the API and the page alike. */
  inbox(user: SessionUser, paging: { page: number; pageSize: number } = { page: 1, pageSize: 100 }): Promise<{ items: ReferralRow[] } & CountedTotal> {
    return this.list(user, { status: [...INBOX_STATUSES], ...paging, order: 'newest' }, 'inbox.read');
  }

  async history(user: SessionUser, id: number): Promise<ReferralEventRow[]> {
    await this.get(user, id);
    return this.#history({ id });
  }

  /** The statuses this user may move the referral to now (not "started" before its cohort has begun). */
  async nextStatuses(user: SessionUser, referral: ReferralRow): Promise<ReferralStatus[]> {
    const all = [...new Set(actorsFor(user, referral).flatMap((actor) => allowedTransitions(referral.status, actor)))];
    const notYet = all.includes('started') && (await this.cohortStartsOn(referral)) !== null;
    return all.filter((to) => to !== 'started' || !notYet);
  }

  /** The start date of the referral's cohort while it lies ahead; null once it has begun (or without a cohort). */
  async cohortStartsOn(referral: Pick<ReferralRow, 'offerSlug' | 'cohortId'>): Promise<string | null> {
    if (referral.cohortId === null) return null;
    const { startsOn } = await this.#capacity.cohort(referral.offerSlug, referral.cohortId);
    return startsOn > todayIso() ? startsOn : null;
  }

  // ----------------------------------------------------------------------------------------- writes

  async create(user: SessionUser, input: NewReferral): Promise<ReferralRow> {
    if (!canRefer(user)) throw new ForbiddenError('Kun sagsbehandlere i en jobcenterenhed kan henvise borgere');
    const offer = this.#catalogue.summary(input.offerSlug);
    if (!offer) throw new InputError('offerSlug', `tilbuddet "${input.offerSlug}" findes ikke`);
    if (!offer.referral.routes.includes('jobcenter')) {
      throw new InputError('offerSlug', 'tilbuddet modtager ikke henvisninger fra jobcentret');
    }
    if (offer.capacity.model === 'seats' && input.cohortId != null) {
      throw new InputError('cohortId', 'tilbuddet har løbende optag og ingen hold');
    }
    return this.#engine.transaction(async (tx) => {
      await this.#capacity.lockOffer(offer);
      // One open referral per citizen and offer: a second would take a second seat. Other offers in
      // parallel stay allowed (parallel courses are the point).
      const [open] = await this.#openReferral({ citizenRef: input.citizenRef, offerSlug: offer.slug });
      if (open) {
        throw new ConflictError(
          `Borgeren (sag ${input.citizenRef}) har allerede en åben henvisning til dette tilbud: henvisning nr. ${open.id} (${STATUS_LABELS[open.status].toLowerCase()}).`,
          { openReferralId: open.id, openReferralStatus: open.status },
        );
      }
      if (input.cohortId != null) await this.#capacity.cohort(offer.slug, input.cohortId);
      // Decided before the row is written, so that it is written once, in its final status.
      const placed = offer.referral.intake === 'direct' ? await this.#directPlacement(offer, input.cohortId ?? null) : null;
      const cohortId = placed ? placed.cohortId : input.cohortId ?? null;
      const at = nowIso();
      const [referral] = await this.#insert({
        offerSlug: offer.slug,
        offerId: this.#catalogue.offerId(offer.slug) ?? null,
        providerOrganisationId: offer.provider.organisation,
        cohortId,
        unitId: user.unitId!,
        caseworkerId: user.id,
        citizenRef: input.citizenRef,
        purpose: input.purpose,
        note: input.note ?? null,
        consentScope: input.consent.scope,
        consentRecordedBy: user.id,
        consentRecordedAt: at,
        status: placed?.status ?? 'sent',
        statusReason: placed?.reason ?? null,
        waitlistedAt: placed?.status === 'waitlisted' ? at : null,
        createdAt: at,
        updatedAt: at,
      });
      await this.#events.emit(tx, { type: 'status-changed', referral: referral!, from: null, to: 'sent', actorId: user.id, reason: null, at, tellCaseworker: false });
      if (placed) {
        await this.#events.emit(tx, {
          type: 'status-changed', referral: referral!, from: 'sent', to: placed.status, actorId: null, reason: placed.reason, at, tellCaseworker: false,
        });
      }
      return referral!;
    });
  }

  /** Moves a referral to `to` on the user's behalf, enforcing the state machine, seats and scoping. */
  async transition(user: SessionUser, id: number, to: ReferralStatus, input: TransitionInput = {}): Promise<ReferralRow> {
    return this.#engine.transaction(async (tx) => {
      const seen = await this.get(user, id);
      const offer = this.#offerOf(seen);
      // Lock first, then read the referral again: its status is the one this transaction moves from.
      if (offer) await this.#capacity.lockOffer(offer);
      const referral = offer && this.#engine.kind === 'postgres' ? await this.get(user, id) : seen;
      const actors = actorsFor(user, referral);
      // A move the user's role never makes (a caseworker accepting, a provider withdrawing) is forbidden in any status.
      if (!actors.some((a) => REFERRAL_STATUSES.some((from) => allowedTransitions(from, a).includes(to)))) {
        throw new ForbiddenError(`Din rolle kan ikke sætte status til ${STATUS_LABELS[to].toLowerCase()}`);
      }
      const actor = actors.find((a) => checkTransition(referral.status, to, a, input.reason).ok !== false) ?? actors[0]!;
      const verdict = checkTransition(referral.status, to, actor, input.reason);
      if (!verdict.ok) {
        if (verdict.problem === 'reason_required') throw new InputError('reason', `en begrundelse er påkrævet for at sætte status til ${STATUS_LABELS[to].toLowerCase()}`);
        const allowed = [...new Set(actors.flatMap((a) => allowedTransitions(referral.status, a)))];
        throw new ConflictError(
          `Status kan ikke skifte fra ${STATUS_LABELS[referral.status].toLowerCase()} til ${STATUS_LABELS[to].toLowerCase()}. ` +
          (allowed.length ? `Tilladt: ${allowed.map((s) => STATUS_LABELS[s].toLowerCase()).join(', ')}.`
            : FINAL_STATUSES.includes(referral.status) ? 'Henvisningen er afsluttet.' : 'Du kan ikke ændre status nu.'),
          { from: referral.status, to, allowed },
        );
      }
      // The cohort is chosen when a seat is taken; moving a seat-holder to another cohort would bypass its count.
      if (input.cohortId != null && to !== 'accepted') throw new InputError('cohortId', 'et hold vælges kun, når borgeren optages');
      const cohortId = input.cohortId ?? referral.cohortId;
      if (to === 'accepted' && !offer) throw new ConflictError('Tilbuddet er ikke længere i kataloget, så ingen kan optages på det');
      if (input.cohortId != null && offer?.capacity.model === 'seats') throw new InputError('cohortId', 'tilbuddet har løbende optag og ingen hold');
      if (to === 'accepted' && offer) {
        if (offer.capacity.model === 'cohorts' && cohortId === null) {
          throw new InputError('cohortId', 'vælg det hold, borgeren optages på');
        }
        if (cohortId !== null) await this.#capacity.cohort(offer.slug, cohortId);
        if ((await this.#capacity.freeSeats(offer, cohortId)) <= 0) {
          throw new ConflictError('Der er ingen ledige pladser. Sæt borgeren på venteliste, eller vælg et andet hold.', {
            from: referral.status, to, allowed: allowedTransitions(referral.status, actor).filter((s) => s !== 'accepted'),
          });
        }
      }
      if (to === 'started') {
        const startsOn = await this.cohortStartsOn({ offerSlug: referral.offerSlug, cohortId });
        if (startsOn) {
          throw new ConflictError(`Holdet starter først ${formatDay(startsOn)}. Borgeren kan markeres som startet fra den dag.`, {
            from: referral.status, to, cohortStartsOn: startsOn,
          });
        }
      }
      return this.#move(tx, referral, to, user.id, { reason: input.reason ?? null, cohortId, notify: actor !== 'caseworker' });
    });
  }

  // ---------------------------------------------------------------------------------------- internals

  /**
   * Direct intake works like a booking: a free seat is taken at once (the first cohort with room, unless one
   * was chosen), else the citizen waits in line. Called under the offer's lock before the referral is written:
   * a sent referral holds no seat, so the count is the one the written referral would see.
   */
  async #directPlacement(offer: OfferSummary, chosenCohortId: number | null): Promise<{ status: 'accepted' | 'waitlisted'; reason: string; cohortId: number | null }> {
    // A cohort found with room was counted just now: no second count.
    const room = offer.capacity.model === 'cohorts' && chosenCohortId === null ? await this.#capacity.firstCohortWithRoom(offer) : undefined;
    const cohortId = room ? room.cohort.id : chosenCohortId;
    const free = room ? room.free : await this.#capacity.freeSeats(offer, cohortId);
    return free > 0
      ? { status: 'accepted', reason: SYSTEM_REASONS.directSeat, cohortId }
      : { status: 'waitlisted', reason: SYSTEM_REASONS.directWaitlist, cohortId };
  }

  /** The referral's offer; undefined once it has left the catalogue (its referrals can still move on). */
  #offerOf(referral: ReferralRow): OfferSummary | undefined {
    return this.#catalogue.summary(referral.offerSlug);
  }

  /** Writes the status change, announces it (history, the caseworker's notice), and lets the waitlist move up. */
  async #move(tx: Executor, referral: ReferralRow, to: ReferralStatus, actorId: number | null,
    options: { reason: string | null; cohortId: number | null; notify: boolean }): Promise<ReferralRow> {
    const at = nowIso();
    const [updated] = await this.#setStatus({
      id: referral.id,
      status: to,
      statusReason: options.reason,
      cohortId: options.cohortId,
      waitlistedAt: to === 'waitlisted' ? at : referral.waitlistedAt,
      updatedAt: at,
    });
    await this.#events.emit(tx, {
      type: 'status-changed', referral, from: referral.status, to, actorId, reason: options.reason, at, tellCaseworker: options.notify,
    });
    const offer = this.#offerOf(referral);
    if (offer && holdsSeat(referral.status) && !holdsSeat(to)) await this.#promote(offer, referral.cohortId);
    return updated!;
  }

  /** Gives free seats to the oldest waitlisted referrals of the offer (and cohort); tells their caseworkers. */
  async #promote(offer: OfferSummary, cohortId: number | null): Promise<void> {
    if (offer.capacity.model === 'cohorts' && cohortId === null) return;
    const r = this.#t.referrals;
    // One waiting for "any cohort" takes a seat in whichever frees one.
    const inLine = cohortId === null ? isNull(r.cohortId) : or(eq(r.cohortId, cohortId), isNull(r.cohortId));
    let free = await this.#capacity.freeSeats(offer, cohortId);
    while (free > 0) {
      const tx = this.#db;
      const [next] = await tx.select().from(r).where(and(eq(r.offerSlug, offer.slug), eq(r.status, 'waitlisted'), inLine))
        .orderBy(asc(r.waitlistedAt), asc(r.id)).limit(1);
      if (!next) return;
      await this.#move(tx, next, 'accepted', null, { reason: SYSTEM_REASONS.promoted, cohortId, notify: true });
      free -= 1;
    }
  }
}

/** A list's two queries, its count and its page (also what the benchmark EXPLAINs on a million referrals). */
export function referralListQueries(db: Executor, r: Tables['referrals'], scope: Scope, filter: ReferralFilter) {
  return listQueries(db, r, scope, filter, listValues(scope, filter));
}

/** A list's values by name: the scope's id, the filters that are set, the page's limit and offset. */
type ListValues = Record<string, string | number>;

/**
 * The list's queries, with its values either written in (`values`) or left as placeholders to fill in when
 * it runs (`values` absent): lists are read on every page of the workspace, so each shape of list (scope
 * and which filters are set) is compiled once.
 */
function listQueries(db: Executor, r: Tables['referrals'], scope: Scope, filter: ReferralFilter, values?: ListValues) {
  const v = (name: string) => (values ? values[name]! : sql.placeholder(name));
  const where = listConditions(r, scope, filter, v);
  const order = filter.order === 'oldest' ? [asc(r.createdAt), asc(r.id)] : [desc(r.createdAt), desc(r.id)];
  return {
    // Counts at most one row past the limit (an index range that stops), never the whole scope.
    count: db.select({ n: count() }).from(db.select({ one: sql`1`.as('one') }).from(r).where(where).limit(LIST_COUNT_LIMIT + 1).as('capped')),
    page: db.select().from(r).where(where).orderBy(...order).limit(v('limit') as number).offset(v('offset') as number),
  };
}

function listValues(scope: Scope, filter: ReferralFilter): ListValues {
  const values: ListValues = { limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize };
  if (scope.kind === 'unit') values.scope = scope.unitId;
  if (scope.kind === 'organisation') values.scope = scope.organisationId;
  if (scope.kind === 'user') values.scope = scope.userId;
  if (filter.offer) values.offer = filter.offer;
  if (filter.unit) values.unit = filter.unit;
  if (filter.citizenRef) values.citizenRef = filter.citizenRef;
  if (filter.from) values.from = filter.from;
  // `to` is a date: include the whole day.
  if (filter.to) values.to = `${filter.to}T23:59:59.999Z`;
  return values;
}

/** Lists of one shape share their compiled queries: the scope's kind, which filters are set, the order. */
function listShape(scope: Scope, filter: ReferralFilter): string {
  const set = (['offer', 'unit', 'citizenRef', 'from', 'to'] as const).filter((key) => filter[key]);
  return `${scope.kind}:${filter.status?.join('|') ?? ''}:${set.join(',')}:${filter.order ?? 'newest'}`;
}

/** A list's conditions: the policy's scope (unit: the referring unit; organisation: the provider's) and the filters that are set. */
function listConditions(r: Tables['referrals'], scope: Scope, filter: ReferralFilter, v: (name: string) => unknown): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  switch (scope.kind) {
    case 'all': break;
    case 'unit': conditions.push(eq(r.unitId, v('scope') as string)); break;
    case 'organisation': conditions.push(eq(r.providerOrganisationId, v('scope') as string)); break;
    case 'user': conditions.push(eq(r.caseworkerId, v('scope') as number)); break;
    case 'none': conditions.push(sql`1 = 0`); break;
  }
  // Written in, not a placeholder: the inbox's partial index serves only a query whose list is its own.
  if (filter.status?.length) conditions.push(sql`${r.status} in (${sql.raw(statusListSql(filter.status))})`);
  if (filter.offer) conditions.push(eq(r.offerSlug, v('offer') as string));
  if (filter.unit) conditions.push(eq(r.unitId, v('unit') as string));
  if (filter.citizenRef) conditions.push(eq(r.citizenRef, v('citizenRef') as string));
  if (filter.from) conditions.push(gte(r.createdAt, v('from') as string));
  if (filter.to) conditions.push(lte(r.createdAt, v('to') as string));
  return and(...conditions);
}
