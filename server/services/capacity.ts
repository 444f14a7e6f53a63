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
import { GenerationCache } from './generation-cache.ts';

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
  readonly #dataVersion?: () => string;
  /** Every offer's counts for one version of the data and one day. */
  readonly #counts = new GenerationCache<AllCounts>(1);
  /** Every referral and offers-list request reads these: compiled once (the seat checks run them in the write transaction). */
  readonly #q;

  /**
   * @param dataVersion when given, the counts of every offer are read once per version of the data (any
   *   write makes a new one) instead of on every list; absent (READ_CACHE=false), they are read every time.
   */
  constructor(db: DatabaseHandle['db'], catalogue: Catalogue, dataVersion?: () => string) {
    this.#db = db;
    this.#catalogue = catalogue;
    this.#dataVersion = dataVersion;
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
      takenByOffer: db.select({ cohortId: referrals.cohortId, n: count() }).from(referrals)
        .where(and(eq(referrals.offerSlug, slug), holding)).groupBy(referrals.cohortId).prepare(),
      waitingByOffer: db.select({ n: count() }).from(referrals)
        .where(and(eq(referrals.offerSlug, slug), eq(referrals.status, 'waitlisted'))).prepare(),
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
    const { taken, waiting, seats, cohortsByOffer } = this.#allCounts(today);
    return new Map(offers.map((offer) => [offer.slug, availabilityOf(offer, {
      taken: (cohortId) => taken.get(`${offer.slug}:${cohortId ?? ''}`) ?? 0,
      waiting: waiting.get(offer.slug) ?? 0,
      seats: seats.get(offer.slug),
      cohorts: cohortsByOffer.get(offer.slug) ?? [],
      today,
    })]));
  }

  /** The four grouped counts over every offer, or the ones read for this version of the data. */
  #allCounts(today: string): AllCounts {
    const generation = this.#dataVersion ? `${this.#dataVersion()}:${today}` : null;
    const kept = generation === null ? undefined : this.#counts.peek(generation, 'all');
    if (kept) return kept;
    const cohortsByOffer = new Map<string, Cohort[]>();
    for (const c of this.#q.openCohortsAll.all({ today })) cohortsByOffer.set(c.offerSlug, [...(cohortsByOffer.get(c.offerSlug) ?? []), c]);
    const counts: AllCounts = {
      taken: new Map(this.#q.takenAll.all().map((r) => [`${r.offerSlug}:${r.cohortId ?? ''}`, r.n])),
      waiting: new Map(this.#q.waitingAll.all().map((r) => [r.offerSlug, r.n])),
      seats: new Map(this.#q.seatsAll.all().map((r) => [r.offerSlug, r.seats])),
      cohortsByOffer,
    };
    if (generation !== null) this.#counts.set(generation, 'all', counts);
    return counts;
  }

  /** Live availability of one offer, from that offer's rows only (an offer page, the offer API). */
  availability(offer: Offer): Availability {
    const slug = offer.slug;
    const today = todayIso();
    const taken = new Map(this.#q.takenByOffer.all({ slug }).map((r) => [r.cohortId ?? null, r.n]));
    return availabilityOf(offer, {
      taken: (cohortId) => taken.get(cohortId) ?? 0,
      waiting: this.#q.waitingByOffer.get({ slug })?.n ?? 0,
      seats: this.#q.seats.get({ slug })?.seats,
      cohorts: offer.capacity.model === 'cohorts' ? this.openCohorts(slug) : [],
      today,
    });
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
      tx.insert(offerSeats).values({ offerSlug: slug, offerId: this.#catalogue.offerId(slug) ?? null, seats, updatedAt: at })
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
        offerSlug: slug, offerId: this.#catalogue.offerId(slug) ?? null, startsOn: input.startsOn, endsOn: input.endsOn,
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

interface AllCounts {
  taken: Map<string, number>;
  waiting: Map<string, number>;
  seats: Map<string, number>;
  cohortsByOffer: Map<string, Cohort[]>;
}

interface OfferCounts {
  taken: (cohortId: number | null) => number;
  waiting: number;
  /** Continuous seats set by the provider; the content's number when unset. */
  seats: number | undefined;
  cohorts: readonly Cohort[];
  today: string;
}

/** An offer's availability from its counts: continuous seats, or its open cohorts. */
function availabilityOf(offer: Offer, counts: OfferCounts): Availability {
  if (offer.capacity.model === 'seats') {
    const total = counts.seats ?? offer.capacity.seats;
    const used = counts.taken(null);
    return { model: 'seats', seats: total, taken: used, free: Math.max(0, total - used), waitlist: counts.waiting };
  }
  const list = counts.cohorts.map((c) => {
    const used = counts.taken(c.id);
    return { id: c.id, startsOn: c.startsOn, endsOn: c.endsOn, seats: c.seats, taken: used, free: Math.max(0, c.seats - used) };
  });
  return {
    model: 'cohorts',
    cohorts: list,
    free: list.reduce((n, c) => n + c.free, 0),
    waitlist: counts.waiting,
    nextStart: list.find((c) => c.startsOn >= counts.today)?.startsOn ?? null,
  };
}
