/**
 * Capacity per offer, as its content declares: continuous seats (offer_seats overrides the content's
 * number once a provider changes it) or cohorts with their own seats. Seats are held by referrals in a
 * seat-holding status. The checks run on the one connection, inside the caller's write transaction.
 */
import { and, asc, count, eq, gte, inArray, isNull, sql } from '../../db/orm.ts';
import type { DatabaseHandle, Executor } from '../../db/client.ts';
import { cohorts, offerSeats, referrals } from '../../db/schema.ts';
import type { Catalogue } from '../../db/catalogue.ts';
import type { Offer } from '../../core/catalogue/offer-schema.ts';
import { SEAT_HOLDING } from '../../core/referrals/status.ts';
import { canManageOffer, type SessionUser } from '../access.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import { nowIso, todayIso } from './clock.ts';

export interface CohortAvailability { id: number; startsOn: string; endsOn: string; seats: number; taken: number; free: number }
export type Availability =
  | { model: 'seats'; seats: number; taken: number; free: number; waitlist: number }
  | { model: 'cohorts'; cohorts: CohortAvailability[]; free: number; waitlist: number; nextStart: string | null };

export type Cohort = typeof cohorts.$inferSelect;

/** Called after seats were added or freed, so the waitlist can move up (see ReferralService.promote). */
export type SeatsFreed = (tx: Executor, offer: Offer, cohortId: number | null) => void;

export class CapacityService {
  readonly #db: DatabaseHandle['db'];
  readonly #catalogue: Catalogue;
  #onSeatsFreed: SeatsFreed = () => {};
  /** Every referral and offers-list request reads these: compiled once (the seat checks run them in the write transaction). */
  readonly #q;

  constructor(db: DatabaseHandle['db'], catalogue: Catalogue) {
    this.#db = db;
    this.#catalogue = catalogue;
    const slug = sql.placeholder('slug'), cohortId = sql.placeholder('cohortId'), today = sql.placeholder('today');
    const holding = inArray(referrals.status, [...SEAT_HOLDING]);
    this.#q = {
      seats: db.select({ seats: offerSeats.seats }).from(offerSeats).where(eq(offerSeats.offerSlug, slug)).prepare(),
      takenContinuous: db.select({ n: count() }).from(referrals)
        .where(and(eq(referrals.offerSlug, slug), holding, isNull(referrals.cohortId))).prepare(),
      takenInCohort: db.select({ n: count() }).from(referrals)
        .where(and(eq(referrals.offerSlug, slug), holding, eq(referrals.cohortId, cohortId))).prepare(),
      cohort: db.select().from(cohorts).where(and(eq(cohorts.id, cohortId), eq(cohorts.offerSlug, slug))).prepare(),
      openCohorts: db.select().from(cohorts).where(and(eq(cohorts.offerSlug, slug), gte(cohorts.endsOn, today)))
        .orderBy(asc(cohorts.startsOn), asc(cohorts.id)).prepare(),
      takenAll: db.select({ offerSlug: referrals.offerSlug, cohortId: referrals.cohortId, n: count() })
        .from(referrals).where(holding).groupBy(referrals.offerSlug, referrals.cohortId).prepare(),
      waitingAll: db.select({ offerSlug: referrals.offerSlug, n: count() })
        .from(referrals).where(eq(referrals.status, 'waitlisted')).groupBy(referrals.offerSlug).prepare(),
      seatsAll: db.select().from(offerSeats).prepare(),
      openCohortsAll: db.select().from(cohorts).where(gte(cohorts.endsOn, today)).orderBy(asc(cohorts.startsOn), asc(cohorts.id)).prepare(),
    };
  }

  onSeatsFreed(listener: SeatsFreed): void { this.#onSeatsFreed = listener; }

  /** The offer's continuous seats (seats model). */
  seatsOf(offer: Offer): number {
    if (offer.capacity.model !== 'seats') return 0;
    return this.#q.seats.get({ slug: offer.slug })?.seats ?? offer.capacity.seats;
  }

  /** Referrals holding a seat of the offer (continuous) or of one cohort. */
  taken(offerSlug: string, cohortId: number | null): number {
    const row = cohortId === null
      ? this.#q.takenContinuous.get({ slug: offerSlug })
      : this.#q.takenInCohort.get({ slug: offerSlug, cohortId });
    return row?.n ?? 0;
  }

  /** Free seats where a referral would be placed: the offer's seats, or the given cohort's. */
  freeSeats(offer: Offer, cohortId: number | null): number {
    if (offer.capacity.model === 'seats') return this.seatsOf(offer) - this.taken(offer.slug, null);
    if (cohortId === null) return 0;
    const cohort = this.cohort(offer.slug, cohortId);
    return cohort.seats - this.taken(offer.slug, cohortId);
  }

  cohort(offerSlug: string, cohortId: number): Cohort {
    const cohort = this.#q.cohort.get({ slug: offerSlug, cohortId });
    if (!cohort) throw new InputError('cohortId', `holdet ${cohortId} findes ikke for dette tilbud`);
    return cohort;
  }

  /** A cohort named in the URL: unknown (or another offer's) is 404, unlike a cohortId field of a body (400). */
  #cohortInPath(offerSlug: string, cohortId: number): Cohort {
    const cohort = this.#q.cohort.get({ slug: offerSlug, cohortId });
    if (!cohort) throw new NotFoundError('Holdet');
    return cohort;
  }

  /** Cohorts that have not ended, soonest first. */
  openCohorts(offerSlug: string): Cohort[] {
    return this.#q.openCohorts.all({ slug: offerSlug, today: todayIso() });
  }

  /** The first open cohort with a free seat, if any. */
  firstCohortWithRoom(offer: Offer): Cohort | undefined {
    return this.openCohorts(offer.slug).find((c) => c.seats - this.taken(offer.slug, c.id) > 0);
  }

  /** Live availability of every offer, in four grouped queries (the offers list reads this per request). */
  availabilityAll(offers: readonly Offer[]): Map<string, Availability> {
    const today = todayIso();
    const takenRows = this.#q.takenAll.all();
    const waitRows = this.#q.waitingAll.all();
    const seatRows = this.#q.seatsAll.all();
    const cohortRows = this.#q.openCohortsAll.all({ today });

    const taken = new Map(takenRows.map((r) => [`${r.offerSlug}:${r.cohortId ?? ''}`, r.n]));
    const waiting = new Map(waitRows.map((r) => [r.offerSlug, r.n]));
    const seats = new Map(seatRows.map((r) => [r.offerSlug, r.seats]));
    const cohortsByOffer = new Map<string, Cohort[]>();
    for (const c of cohortRows) cohortsByOffer.set(c.offerSlug, [...(cohortsByOffer.get(c.offerSlug) ?? []), c]);

    const result = new Map<string, Availability>();
    for (const offer of offers) {
      const waitlist = waiting.get(offer.slug) ?? 0;
      if (offer.capacity.model === 'seats') {
        const total = seats.get(offer.slug) ?? offer.capacity.seats;
        const used = taken.get(`${offer.slug}:`) ?? 0;
        result.set(offer.slug, { model: 'seats', seats: total, taken: used, free: Math.max(0, total - used), waitlist });
      } else {
        const list = (cohortsByOffer.get(offer.slug) ?? []).map((c) => {
          const used = taken.get(`${offer.slug}:${c.id}`) ?? 0;
          return { id: c.id, startsOn: c.startsOn, endsOn: c.endsOn, seats: c.seats, taken: used, free: Math.max(0, c.seats - used) };
        });
        result.set(offer.slug, {
          model: 'cohorts',
          cohorts: list,
          free: list.reduce((n, c) => n + c.free, 0),
          waitlist,
          nextStart: list.find((c) => c.startsOn >= today)?.startsOn ?? null,
        });
      }
    }
    return result;
  }

  availability(offer: Offer): Availability {
    return this.availabilityAll([offer]).get(offer.slug)!;
  }

  // ------------------------------------------------------------------ provider's capacity management

  #managedOffer(user: SessionUser, slug: string): Offer {
    const offer = this.#catalogue.offer(slug);
    if (!offer) throw new NotFoundError('Tilbuddet');
    if (!canManageOffer(user, offer)) {
      // Providers of other organisations may read the offer, but not touch its capacity.
      throw new ForbiddenError('Kun tilbuddets egen udbyder kan ændre kapaciteten');
    }
    return offer;
  }

  setSeats(user: SessionUser, slug: string, seats: number): Availability {
    const offer = this.#managedOffer(user, slug);
    if (offer.capacity.model !== 'seats') {
      throw new ConflictError('Tilbuddet optager på hold: ret pladserne på det enkelte hold', { model: offer.capacity.model });
    }
    this.#db.transaction((tx) => {
      const held = this.taken(slug, null);
      if (seats < held) throw new ConflictError(`Der er ${held} borgere optaget; antallet af pladser kan ikke være lavere`, { taken: held });
      const at = nowIso();
      tx.insert(offerSeats).values({ offerSlug: slug, seats, updatedAt: at })
        .onConflictDoUpdate({ target: offerSeats.offerSlug, set: { seats, updatedAt: at } }).run();
      this.#onSeatsFreed(tx, offer, null);
    }, { behavior: 'immediate' });
    return this.availability(offer);
  }

  createCohort(user: SessionUser, slug: string, input: { startsOn: string; endsOn: string; seats?: number }): Cohort {
    const offer = this.#managedOffer(user, slug);
    if (offer.capacity.model !== 'cohorts') {
      throw new ConflictError('Tilbuddet har løbende optag og ingen hold: ret antallet af pladser i stedet', { model: offer.capacity.model });
    }
    checkDates(input.startsOn, input.endsOn);
    const defaultSeats = offer.capacity.seatsPerCohort;
    return this.#db.transaction((tx) => {
      const at = nowIso();
      const cohort = tx.insert(cohorts).values({
        offerSlug: slug, startsOn: input.startsOn, endsOn: input.endsOn,
        seats: input.seats ?? defaultSeats, updatedAt: at,
      }).returning().get();
      this.#onSeatsFreed(tx, offer, cohort.id);
      return cohort;
    }, { behavior: 'immediate' });
  }

  updateCohort(user: SessionUser, slug: string, cohortId: number, patch: { startsOn?: string; endsOn?: string; seats?: number }): Cohort {
    const offer = this.#managedOffer(user, slug);
    return this.#db.transaction((tx) => {
      const current = this.#cohortInPath(slug, cohortId);
      const next = { startsOn: patch.startsOn ?? current.startsOn, endsOn: patch.endsOn ?? current.endsOn, seats: patch.seats ?? current.seats };
      checkDates(next.startsOn, next.endsOn);
      const held = this.taken(slug, cohortId);
      if (next.seats < held) throw new ConflictError(`Der er ${held} borgere optaget på holdet; antallet af pladser kan ikke være lavere`, { taken: held });
      const cohort = tx.update(cohorts).set({ ...next, updatedAt: nowIso() }).where(eq(cohorts.id, cohortId)).returning().get();
      if (next.seats > current.seats) this.#onSeatsFreed(tx, offer, cohortId);
      return cohort;
    }, { behavior: 'immediate' });
  }

  deleteCohort(user: SessionUser, slug: string, cohortId: number): void {
    this.#managedOffer(user, slug);
    this.#db.transaction((tx) => {
      this.#cohortInPath(slug, cohortId);
      const used = tx.select({ n: count() }).from(referrals).where(eq(referrals.cohortId, cohortId)).get()?.n ?? 0;
      if (used > 0) throw new ConflictError(`Holdet har ${used} henvisninger og kan ikke slettes; sæt pladserne ned i stedet`, { referrals: used });
      tx.delete(cohorts).where(eq(cohorts.id, cohortId)).run();
    }, { behavior: 'immediate' });
  }

  cohortsOf(slug: string): Cohort[] {
    return this.#db.select().from(cohorts).where(eq(cohorts.offerSlug, slug)).orderBy(asc(cohorts.startsOn), asc(cohorts.id)).all();
  }
}

function checkDates(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) throw new InputError('endsOn', 'slutdatoen skal ligge på eller efter startdatoen');
}
