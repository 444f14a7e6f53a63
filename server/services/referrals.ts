/**
 * Referrals and their life cycle. Every write is one synchronous IMMEDIATE transaction (better-sqlite3:
 * an async callback would commit early and never roll back), so the seat check and the write that takes
 * the seat can never interleave with another request's.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from '../../db/orm.ts';
import type { DatabaseHandle, Executor } from '../../db/client.ts';
import { referralEvents, referrals } from '../../db/schema.ts';
import type { Catalogue } from '../../db/catalogue.ts';
import type { Offer } from '../../core/catalogue/offer-schema.ts';
import {
  FINAL_STATUSES, INBOX_STATUSES, OPEN_STATUSES, REFERRAL_STATUSES, STATUS_LABELS, allowedTransitions, checkTransition, holdsSeat, type ReferralStatus,
} from '../../core/referrals/status.ts';
import { formatDay } from '../../core/dates.ts';
import { LruCache } from '../../core/lru-cache.ts';
import { scopeOf, type Action, type Scope } from '../../core/access/policy.ts';
import { actorsFor, canRefer, canSeeReferral, type SessionUser } from '../access.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import type { CapacityService } from './capacity.ts';
import type { ReferralEvents } from '../events.ts';
import { nowIso, todayIso } from './clock.ts';

export type ReferralRow = typeof referrals.$inferSelect;
export type ReferralEventRow = typeof referralEvents.$inferSelect;

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

const SYSTEM_REASONS = {
  directSeat: 'Direkte optag: der var en ledig plads',
  directWaitlist: 'Direkte optag: ingen ledig plads, borgeren er sat på venteliste',
  promoted: 'En plads blev ledig: borgeren er optaget fra ventelisten',
};

export class ReferralService {
  readonly #db: DatabaseHandle['db'];
  readonly #catalogue: Catalogue;
  readonly #capacity: CapacityService;
  readonly #events: ReferralEvents;
  // The hottest statements, compiled once (they also run inside the write transactions: one connection).
  readonly #byId;
  readonly #history;
  readonly #insertReferral;
  readonly #setStatus;
  readonly #nextWaitingContinuous;
  readonly #nextWaitingForCohort;
  readonly #openForCitizen;
  /** The list statements, one per shape of filter. */
  readonly #lists = new LruCache<string, { count: ListStatement<{ n: number }>; page: ListStatement<ReferralRow> }>({ maxEntries: 256 });

  constructor(db: DatabaseHandle['db'], catalogue: Catalogue, capacity: CapacityService, events: ReferralEvents) {
    this.#db = db;
    this.#catalogue = catalogue;
    this.#capacity = capacity;
    this.#events = events;
    const p = sql.placeholder;
    this.#byId = db.select().from(referrals).where(eq(referrals.id, p('id'))).prepare();
    this.#history = db.select().from(referralEvents).where(eq(referralEvents.referralId, p('id'))).orderBy(asc(referralEvents.id)).prepare();
    this.#insertReferral = db.insert(referrals).values({
      offerSlug: p('offerSlug'), offerId: p('offerId'), providerOrganisationId: p('providerOrganisationId'), cohortId: p('cohortId'),
      unitId: p('unitId'), caseworkerId: p('caseworkerId'), citizenRef: p('citizenRef'), purpose: p('purpose'),
      note: p('note'), consentScope: p('consentScope'), consentRecordedBy: p('consentRecordedBy'),
      consentRecordedAt: p('at'), status: 'sent', createdAt: p('at'), updatedAt: p('at'),
    }).returning().prepare();
    // drizzle types `set` without placeholders; inside `sql` they bind like any parameter.
    const param = (name: string) => sql`${p(name)}`;
    this.#setStatus = db.update(referrals).set({
      status: param('status'), statusReason: param('statusReason'), cohortId: param('cohortId'),
      waitlistedAt: param('waitlistedAt'), updatedAt: param('at'),
    }).where(eq(referrals.id, p('id'))).returning().prepare();
    // The oldest waiting referral for a freed seat; one waiting for "any cohort" takes a seat in whichever frees one.
    const waiting = (cohort: SQL) => db.select().from(referrals)
      .where(and(eq(referrals.offerSlug, p('offerSlug')), eq(referrals.status, 'waitlisted'), cohort))
      .orderBy(asc(referrals.waitlistedAt), asc(referrals.id)).limit(1).prepare();
    this.#nextWaitingContinuous = waiting(isNull(referrals.cohortId));
    this.#nextWaitingForCohort = waiting(or(eq(referrals.cohortId, p('cohortId')), isNull(referrals.cohortId))!);
    this.#openForCitizen = db.select({ id: referrals.id, status: referrals.status }).from(referrals)
      .where(and(eq(referrals.citizenRef, p('citizenRef')), eq(referrals.offerSlug, p('offerSlug')), inArray(referrals.status, [...OPEN_STATUSES])))
      .limit(1).prepare();
    capacity.onSeatsFreed((tx, offer, cohortId) => this.#promote(tx, offer, cohortId));
  }

  // ------------------------------------------------------------------------------------------ reads

  /** A referral whoever may see it or not: for the access check of a route on it (which judges that). */
  byId(id: number): ReferralRow | undefined {
    return this.#byId.get({ id });
  }

  /** A referral the user may see; anything else (unknown or another organisation's) is 404. */
  get(user: SessionUser, id: number): ReferralRow {
    const row = this.#byId.get({ id });
    if (!row || !canSeeReferral(user, row)) throw new NotFoundError('Henvisningen');
    return row;
  }

  /** The referrals the policy lets the user see for `action` (a list, or the inbox), filtered and paged. */
  list(user: SessionUser, filter: ReferralFilter, action: Action = 'referral.read'): { items: ReferralRow[]; total: number } {
    const { shape, where, params } = listQuery(scopeOf(user, action), filter);
    // Lists are read all the time: their statements are compiled once per shape (which filters are set).
    const q = this.#lists.getOrCreate(`${shape}|${filter.order ?? 'newest'}`, () => {
      const order = filter.order === 'oldest' ? [asc(referrals.createdAt), asc(referrals.id)] : [desc(referrals.createdAt), desc(referrals.id)];
      return {
        count: this.#db.select({ n: count() }).from(referrals).where(where).prepare(),
        page: this.#db.select().from(referrals).where(where).orderBy(...order)
          .limit(sql.placeholder('limit')).offset(sql.placeholder('offset')).prepare(),
      };
    });
    const total = q.count.get(params)?.n ?? 0;
    const items = q.page.all({ ...params, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize });
    return { items, total };
  }

  /** The provider's inbox (core/referrals/status.ts INBOX_STATUSES), newest first, for the API and the page alike. */
  inbox(user: SessionUser, paging: { page: number; pageSize: number } = { page: 1, pageSize: 100 }): { items: ReferralRow[]; total: number } {
    return this.list(user, { status: [...INBOX_STATUSES], ...paging, order: 'newest' }, 'inbox.read');
  }

  history(user: SessionUser, id: number): ReferralEventRow[] {
    this.get(user, id);
    return this.#history.all({ id });
  }

  /** The statuses this user may move the referral to now (not "started" before its cohort has begun). */
  nextStatuses(user: SessionUser, referral: ReferralRow): ReferralStatus[] {
    const all = actorsFor(user, referral).flatMap((actor) => allowedTransitions(referral.status, actor));
    return [...new Set(all)].filter((to) => to !== 'started' || this.cohortStartsOn(referral) === null);
  }

  /** The start date of the referral's cohort while it lies ahead; null once it has begun (or without a cohort). */
  cohortStartsOn(referral: Pick<ReferralRow, 'offerSlug' | 'cohortId'>): string | null {
    if (referral.cohortId === null) return null;
    const { startsOn } = this.#capacity.cohort(referral.offerSlug, referral.cohortId);
    return startsOn > todayIso() ? startsOn : null;
  }

  // ----------------------------------------------------------------------------------------- writes

  create(user: SessionUser, input: NewReferral): ReferralRow {
    if (!canRefer(user)) throw new ForbiddenError('Kun sagsbehandlere i en jobcenterenhed kan henvise borgere');
    const offer = this.#catalogue.offer(input.offerSlug);
    if (!offer) throw new InputError('offerSlug', `tilbuddet "${input.offerSlug}" findes ikke`);
    if (!offer.referral.routes.includes('jobcenter')) {
      throw new InputError('offerSlug', 'tilbuddet modtager ikke henvisninger fra jobcentret');
    }
    if (offer.capacity.model === 'seats' && input.cohortId != null) {
      throw new InputError('cohortId', 'tilbuddet har løbende optag og ingen hold');
    }
    return this.#db.transaction((tx) => {
      // One open referral per citizen and offer: a second would take a second seat. Other offers in
      // parallel stay allowed (parallel courses are the point).
      const open = this.#openForCitizen.get({ citizenRef: input.citizenRef, offerSlug: offer.slug });
      if (open) {
        throw new ConflictError(
          `Borgeren (sag ${input.citizenRef}) har allerede en åben henvisning til dette tilbud: henvisning nr. ${open.id} (${STATUS_LABELS[open.status].toLowerCase()}).`,
          { openReferralId: open.id, openReferralStatus: open.status },
        );
      }
      let cohortId = input.cohortId ?? null;
      if (cohortId !== null) this.#capacity.cohort(offer.slug, cohortId);
      const at = nowIso();
      const referral = this.#insertReferral.get({
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
        at,
      })!;
      this.#events.emit(tx, { type: 'status-changed', referral, from: null, to: 'sent', actorId: user.id, reason: null, at, tellCaseworker: false });
      if (offer.referral.intake !== 'direct') return referral;

      // Direct intake works like a booking: a free seat is taken at once, else the citizen waits in line.
      if (offer.capacity.model === 'cohorts' && cohortId === null) cohortId = this.#capacity.firstCohortWithRoom(offer)?.id ?? null;
      const free = this.#capacity.freeSeats(offer, cohortId) > 0;
      return this.#move(tx, referral, free ? 'accepted' : 'waitlisted', null, {
        reason: free ? SYSTEM_REASONS.directSeat : SYSTEM_REASONS.directWaitlist, cohortId, notify: false,
      });
    }, { behavior: 'immediate' });
  }

  /** Moves a referral to `to` on the user's behalf, enforcing the state machine, seats and scoping. */
  transition(user: SessionUser, id: number, to: ReferralStatus, input: TransitionInput = {}): ReferralRow {
    return this.#db.transaction((tx) => {
      const referral = this.get(user, id);
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
      const offer = this.#offerOf(referral);
      const cohortId = input.cohortId ?? referral.cohortId;
      if (to === 'accepted' && !offer) throw new ConflictError('Tilbuddet er ikke længere i kataloget, så ingen kan optages på det');
      if (input.cohortId != null && offer?.capacity.model === 'seats') throw new InputError('cohortId', 'tilbuddet har løbende optag og ingen hold');
      if (to === 'accepted' && offer) {
        if (offer.capacity.model === 'cohorts' && cohortId === null) {
          throw new InputError('cohortId', 'vælg det hold, borgeren optages på');
        }
        if (cohortId !== null) this.#capacity.cohort(offer.slug, cohortId);
        if (this.#capacity.freeSeats(offer, cohortId) <= 0) {
          throw new ConflictError('Der er ingen ledige pladser. Sæt borgeren på venteliste, eller vælg et andet hold.', {
            from: referral.status, to, allowed: allowedTransitions(referral.status, actor).filter((s) => s !== 'accepted'),
          });
        }
      }
      if (to === 'started') {
        const startsOn = this.cohortStartsOn({ offerSlug: referral.offerSlug, cohortId });
        if (startsOn) {
          throw new ConflictError(`Holdet starter først ${formatDay(startsOn)}. Borgeren kan markeres som startet fra den dag.`, {
            from: referral.status, to, cohortStartsOn: startsOn,
          });
        }
      }
      return this.#move(tx, referral, to, user.id, { reason: input.reason ?? null, cohortId, notify: actor !== 'caseworker' });
    }, { behavior: 'immediate' });
  }

  // ---------------------------------------------------------------------------------------- internals

  /** The referral's offer; undefined once it has left the catalogue (its referrals can still move on). */
  #offerOf(referral: ReferralRow): Offer | undefined {
    return this.#catalogue.offer(referral.offerSlug);
  }

  /** Writes the status change, announces it (history, the caseworker's notice), and lets the waitlist move up. */
  #move(tx: Executor, referral: ReferralRow, to: ReferralStatus, actorId: number | null,
    options: { reason: string | null; cohortId: number | null; notify: boolean }): ReferralRow {
    const at = nowIso();
    const updated = this.#setStatus.get({
      id: referral.id,
      status: to,
      statusReason: options.reason,
      cohortId: options.cohortId,
      waitlistedAt: to === 'waitlisted' ? at : referral.waitlistedAt,
      at,
    })!;
    this.#events.emit(tx, {
      type: 'status-changed', referral, from: referral.status, to, actorId, reason: options.reason, at, tellCaseworker: options.notify,
    });
    const offer = this.#offerOf(referral);
    if (offer && holdsSeat(referral.status) && !holdsSeat(to)) this.#promote(tx, offer, referral.cohortId);
    return updated;
  }

  /** Gives free seats to the oldest waitlisted referrals of the offer (and cohort); tells their caseworkers. */
  #promote(tx: Executor, offer: Offer, cohortId: number | null): void {
    if (offer.capacity.model === 'cohorts' && cohortId === null) return;
    let free = this.#capacity.freeSeats(offer, cohortId);
    while (free > 0) {
      const next = cohortId === null
        ? this.#nextWaitingContinuous.get({ offerSlug: offer.slug })
        : this.#nextWaitingForCohort.get({ offerSlug: offer.slug, cohortId });
      if (!next) return;
      this.#move(tx, next, 'accepted', null, { reason: SYSTEM_REASONS.promoted, cohortId, notify: true });
      free -= 1;
    }
  }
}

/**
 * A list's conditions, with placeholders for its values: the policy's scope (unit: the referring unit;
 * organisation: the provider's) and the filters that are set. `shape` names which those are.
 */
function listQuery(scope: Scope, filter: ReferralFilter): { shape: string; where: SQL | undefined; params: Record<string, unknown> } {
  const p = sql.placeholder;
  const params: Record<string, unknown> = {};
  const conditions: (SQL | undefined)[] = [];
  const shape: string[] = [scope.kind];
  const add = (name: string, value: unknown, condition: SQL | undefined) => {
    params[name] = value;
    conditions.push(condition);
    shape.push(name);
  };
  switch (scope.kind) {
    case 'all': break;
    case 'unit': add('scopeUnit', scope.unitId, eq(referrals.unitId, p('scopeUnit'))); break;
    case 'organisation': add('scopeOrganisation', scope.organisationId, eq(referrals.providerOrganisationId, p('scopeOrganisation'))); break;
    case 'user': add('scopeUser', scope.userId, eq(referrals.caseworkerId, p('scopeUser'))); break;
    case 'none': conditions.push(sql`0`); break;
  }
  const statuses = filter.status ?? [];
  statuses.forEach((status, i) => { params[`status${i}`] = status; });
  if (statuses.length) {
    conditions.push(inArray(referrals.status, statuses.map((_, i) => p(`status${i}`))));
    shape.push(`status×${statuses.length}`);
  }
  if (filter.offer) add('offer', filter.offer, eq(referrals.offerSlug, p('offer')));
  if (filter.unit) add('unit', filter.unit, eq(referrals.unitId, p('unit')));
  if (filter.citizenRef) add('citizenRef', filter.citizenRef, eq(referrals.citizenRef, p('citizenRef')));
  if (filter.from) add('from', filter.from, gte(referrals.createdAt, p('from')));
  // `to` is a date: include the whole day.
  if (filter.to) add('to', `${filter.to}T23:59:59.999Z`, lte(referrals.createdAt, p('to')));
  return { shape: shape.join(','), where: and(...conditions), params };
}

/** A prepared list statement (drizzle's type for it is not exported in a usable form). */
interface ListStatement<T> { get(params: Record<string, unknown>): T | undefined; all(params: Record<string, unknown>): T[] }
