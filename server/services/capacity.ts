/**
 * Capacity per offer, as its content declares: continuous seats (offer_seats overrides the content's
 * number once a provider changes it) or cohorts with their own seats. Seats are held by referrals in a
 * seat-holding status. The checks run inside the caller's transaction, after it has locked the offer
 * (`lockOffer`): on PostgreSQL with several processes, two seat checks of one offer never interleave.
 */
import { and, asc, count, eq, gt, gte, inArray, isNull, or, sql } from '../../db/orm.ts';
import type { Engine, Executor, Tables } from '../../db/engine.ts';
import { preparedQuery } from '../../db/prepared.ts';
import type { Catalogue } from '../../db/catalogue.ts';
import type { OfferSummary } from '../../core/catalogue/offer-summary.ts';
import { SEAT_HOLDING } from '../../core/referrals/status.ts';
import { canManageOffer, type SessionUser } from '../access.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import { nowIso, todayIso } from './clock.ts';
import { GenerationCache } from './generation-cache.ts';

export interface CohortAvailability { id: number; startsOn: string; endsOn: string; seats: number; taken: number; free: number }
export type Availability =
  | { model: 'seats'; seats: number; taken: number; free: number; waitlist: number }
  | { model: 'cohorts'; cohorts: CohortAvailability[]; free: number; waitlist: number; nextStart: string | null };

export type Cohort = Tables['cohorts']['$inferSelect'];
/** A row of the counts the database keeps per offer and cohort (db/schema.ts seatCounts). */
interface SeatCountRow { offerSlug: string; cohortKey: number; taken: number; waiting: number }
/** The cohort key of continuous seats in those counts (cohort ids start at 1). */
const NO_COHORT = 0;

/** The part of a cohort that availability shows. */
type CohortSeats = Pick<Cohort, 'id' | 'startsOn' | 'endsOn' | 'seats'>;

/** Called after seats were added or freed, so the waitlist can move up (see ReferralService.promote). */
export type SeatsFreed = (offer: OfferSummary, cohortId: number | null) => Promise<void>;

export class CapacityService {
  readonly #engine: Engine;
  readonly #t: Tables;
  readonly #catalogue: Catalogue;
  #onSeatsFreed: SeatsFreed = async () => {};
  readonly #dataVersion?: () => string;
  /** Every offer's counts for one version of the data and one day. */
  readonly #counts = new GenerationCache<AllCounts>(1);
  /** The reads of every referral and offer request and of the seat checks, compiled once. */
  readonly #q;

  /**
   * @param dataVersion when given, the counts of every offer are read once per version of the data (any
   *   write makes a new one) instead of on every list; absent (READ_CACHE=false), they are read every time.
   */
  constructor(engine: Engine, catalogue: Catalogue, dataVersion?: () => string) {
    this.#engine = engine;
    this.#t = engine.tables;
    this.#catalogue = catalogue;
    this.#dataVersion = dataVersion;
    const { referrals: r, cohorts: c, offerSeats: s, seatCounts: k } = this.#t;
    const slug = sql.placeholder('slug'), cohortId = sql.placeholder('cohortId'), today = sql.placeholder('today');
    const holding = inArray(r.status, [...SEAT_HOLDING]);
    type Count = { n: number }[];
    this.#q = {
      seats: preparedQuery<{ slug: string }, { seats: number }[]>(engine, 'capacity_seats',
        (db) => db.select({ seats: s.seats }).from(s).where(eq(s.offerSlug, slug))),
      takenContinuous: preparedQuery<{ slug: string }, Count>(engine, 'capacity_taken_continuous',
        (db) => db.select({ n: count() }).from(r).where(and(eq(r.offerSlug, slug), holding, isNull(r.cohortId)))),
      takenInCohort: preparedQuery<{ slug: string; cohortId: number }, Count>(engine, 'capacity_taken_in_cohort',
        (db) => db.select({ n: count() }).from(r).where(and(eq(r.offerSlug, slug), holding, eq(r.cohortId, cohortId)))),
      cohort: preparedQuery<{ slug: string; cohortId: number }, Cohort[]>(engine, 'capacity_cohort',
        (db) => db.select().from(c).where(and(eq(c.id, cohortId), eq(c.offerSlug, slug)))),
      openCohorts: preparedQuery<{ slug: string; today: string }, Cohort[]>(engine, 'capacity_open_cohorts',
        (db) => db.select().from(c).where(and(eq(c.offerSlug, slug), gte(c.endsOn, today))).orderBy(asc(c.startsOn), asc(c.id))),
      // What availability shows comes from the counts the database keeps (db/schema.ts seatCounts); the
      // seat checks above count the referrals themselves, inside the transaction that takes the seat.
      countsByOffer: preparedQuery<{ slug: string }, SeatCountRow[]>(engine, 'capacity_counts_by_offer',
        (db) => db.select({ offerSlug: k.offerSlug, cohortKey: k.cohortKey, taken: k.taken, waiting: k.waiting }).from(k).where(eq(k.offerSlug, slug))),
      // Every offer at once (the offers list), in three queries.
      // Only what availability shows: every column more costs a value per cohort per list.
      openCohortsAll: preparedQuery<{ today: string }, (CohortSeats & { offerSlug: string })[]>(engine, 'capacity_open_cohorts_all',
        (db) => db.select({ id: c.id, offerSlug: c.offerSlug, startsOn: c.startsOn, endsOn: c.endsOn, seats: c.seats })
          .from(c).where(gte(c.endsOn, today)).orderBy(asc(c.startsOn), asc(c.id))),
      countsAll: preparedQuery<Record<string, never>, SeatCountRow[]>(engine, 'capacity_counts_all',
        (db) => db.select({ offerSlug: k.offerSlug, cohortKey: k.cohortKey, taken: k.taken, waiting: k.waiting }).from(k)
          .where(or(gt(k.taken, 0), gt(k.waiting, 0)))),
      seatsAll: preparedQuery<Record<string, never>, Tables['offerSeats']['$inferSelect'][]>(engine, 'capacity_seats_all',
        (db) => db.select().from(s)),
    };
  }

  get #db(): Executor { return this.#engine.executor(); }

  onSeatsFreed(listener: SeatsFreed): void { this.#onSeatsFreed = listener; }

  /**
   * Locks the offer's row until the transaction ends, so that counting its seats and taking one is one
   * step for every process (PostgreSQL; SQLite's single writer already is). Call first in a transaction.
   */
  async lockOffer(offer: OfferSummary): Promise<void> {
    const id = this.#catalogue.offerId(offer.slug);
    if (this.#engine.kind !== 'postgres' || !id) return;
    await this.#engine.forUpdate(this.#db.select({ id: this.#t.offers.id }).from(this.#t.offers).where(eq(this.#t.offers.id, id)));
  }

  /** The offer's continuous seats (seats model). */
  async seatsOf(offer: OfferSummary): Promise<number> {
    if (offer.capacity.model !== 'seats') return 0;
    const [row] = await this.#q.seats({ slug: offer.slug });
    return row?.seats ?? offer.capacity.seats;
  }

  /** Referrals holding a seat of the offer (continuous) or of one cohort. */
  async taken(offerSlug: string, cohortId: number | null): Promise<number> {
    const [row] = cohortId === null
      ? await this.#q.takenContinuous({ slug: offerSlug })
      : await this.#q.takenInCohort({ slug: offerSlug, cohortId });
    return row?.n ?? 0;
  }

  /** Free seats where a referral would be placed: the offer's seats, or the given cohort's. */
  async freeSeats(offer: OfferSummary, cohortId: number | null): Promise<number> {
    if (offer.capacity.model === 'seats') return (await this.seatsOf(offer)) - (await this.taken(offer.slug, null));
    if (cohortId === null) return 0;
    const cohort = await this.cohort(offer.slug, cohortId);
    return cohort.seats - (await this.taken(offer.slug, cohortId));
  }

  async cohort(offerSlug: string, cohortId: number): Promise<Cohort> {
    const cohort = await this.#findCohort(offerSlug, cohortId);
    if (!cohort) throw new InputError('cohortId', `holdet ${cohortId} findes ikke for dette tilbud`);
    return cohort;
  }

  async #findCohort(offerSlug: string, cohortId: number): Promise<Cohort | undefined> {
    const [cohort] = await this.#q.cohort({ slug: offerSlug, cohortId });
    return cohort;
  }

  /** A cohort named in the URL: unknown (or another offer's) is 404, unlike a cohortId field of a body (400). */
  async #cohortInPath(offerSlug: string, cohortId: number): Promise<Cohort> {
    const cohort = await this.#findCohort(offerSlug, cohortId);
    if (!cohort) throw new NotFoundError('Holdet');
    return cohort;
  }

  /** Cohorts that have not ended, soonest first. */
  openCohorts(offerSlug: string): Promise<Cohort[]> {
    return this.#q.openCohorts({ slug: offerSlug, today: todayIso() });
  }

  /** The first open cohort with a free seat, if any, and its free seats (counted, so a caller need not count again). */
  async firstCohortWithRoom(offer: OfferSummary): Promise<{ cohort: Cohort; free: number } | undefined> {
    for (const cohort of await this.openCohorts(offer.slug)) {
      const free = cohort.seats - (await this.taken(offer.slug, cohort.id));
      if (free > 0) return { cohort, free };
    }
    return undefined;
  }

  /** Live availability of every offer, in four grouped queries (the offers list reads this per request). */
  async availabilityAll(offers: readonly OfferSummary[]): Promise<Map<string, Availability>> {
    const today = todayIso();
    const { taken, waiting, seats, cohortsByOffer } = await this.#allCounts(today);
    return new Map(offers.map((offer) => [offer.slug, availabilityOf(offer, {
      taken: (cohortId) => taken.get(`${offer.slug}:${cohortId ?? NO_COHORT}`) ?? 0,
      waiting: waiting.get(offer.slug) ?? 0,
      seats: seats.get(offer.slug),
      cohorts: cohortsByOffer.get(offer.slug) ?? [],
      today,
    })]));
  }

  /** The counts of every offer, or the ones read for this version of the data. */
  async #allCounts(today: string): Promise<AllCounts> {
    const generation = this.#dataVersion ? `${this.#dataVersion()}:${today}` : null;
    const kept = generation === null ? undefined : this.#counts.peek(generation, 'all');
    if (kept) return kept;
    const q = this.#q;
    const [open, countRows, seatRows] = await Promise.all([q.openCohortsAll({ today }), q.countsAll({}), q.seatsAll({})]);
    const cohortsByOffer = new Map<string, CohortSeats[]>();
    for (const cohort of open) {
      const list = cohortsByOffer.get(cohort.offerSlug);
      if (list) list.push(cohort); else cohortsByOffer.set(cohort.offerSlug, [cohort]);
    }
    const taken = new Map<string, number>();
    const waiting = new Map<string, number>();
    for (const row of countRows) {
      taken.set(`${row.offerSlug}:${row.cohortKey}`, row.taken);
      waiting.set(row.offerSlug, (waiting.get(row.offerSlug) ?? 0) + row.waiting);
    }
    const counts: AllCounts = {
      taken,
      waiting,
      seats: new Map(seatRows.map((row) => [row.offerSlug, row.seats])),
      cohortsByOffer,
    };
    if (generation !== null) this.#counts.set(generation, 'all', counts);
    return counts;
  }

  /** Live availability of one offer, from that offer's rows only (an offer page, the offer API). */
  async availability(offer: OfferSummary): Promise<Availability> {
    const slug = offer.slug;
    const today = todayIso();
    const q = this.#q;
    const [countRows, seatRows, cohorts] = await Promise.all([
      q.countsByOffer({ slug }), q.seats({ slug }),
      offer.capacity.model === 'cohorts' ? this.openCohorts(slug) : Promise.resolve([]),
    ]);
    const taken = new Map(countRows.map((row) => [row.cohortKey, row.taken]));
    return availabilityOf(offer, {
      taken: (cohortId) => taken.get(cohortId ?? NO_COHORT) ?? 0,
      waiting: countRows.reduce((n, row) => n + row.waiting, 0),
      seats: seatRows[0]?.seats,
      cohorts,
      today,
    });
  }

  // ------------------------------------------------------------------ provider's capacity management

  #managedOffer(user: SessionUser, slug: string): OfferSummary {
    const offer = this.#catalogue.summary(slug);
    if (!offer) throw new NotFoundError('Tilbuddet');
    if (!canManageOffer(user, offer)) {
      // Providers of other organisations may read the offer, but not touch its capacity.
      throw new ForbiddenError('Kun tilbuddets egen udbyder kan ændre kapaciteten');
    }
    return offer;
  }

  async setSeats(user: SessionUser, slug: string, seats: number): Promise<Availability> {
    const offer = this.#managedOffer(user, slug);
    if (offer.capacity.model !== 'seats') {
      throw new ConflictError('Tilbuddet optager på hold: ret pladserne på det enkelte hold', { model: offer.capacity.model });
    }
    const s = this.#t.offerSeats;
    await this.#engine.transaction(async (tx) => {
      await this.lockOffer(offer);
      const held = await this.taken(slug, null);
      if (seats < held) throw new ConflictError(`Der er ${held} borgere optaget; antallet af pladser kan ikke være lavere`, { taken: held });
      const at = nowIso();
      await tx.insert(s).values({ offerSlug: slug, offerId: this.#catalogue.offerId(slug) ?? null, seats, updatedAt: at })
        .onConflictDoUpdate({ target: s.offerSlug, set: { seats, updatedAt: at } });
      await this.#onSeatsFreed(offer, null);
    });
    return this.availability(offer);
  }

  async createCohort(user: SessionUser, slug: string, input: { startsOn: string; endsOn: string; seats?: number }): Promise<Cohort> {
    const offer = this.#managedOffer(user, slug);
    if (offer.capacity.model !== 'cohorts') {
      throw new ConflictError('Tilbuddet har løbende optag og ingen hold: ret antallet af pladser i stedet', { model: offer.capacity.model });
    }
    checkDates(input.startsOn, input.endsOn);
    const defaultSeats = offer.capacity.seatsPerCohort;
    return this.#engine.transaction(async (tx) => {
      await this.lockOffer(offer);
      const at = nowIso();
      const [cohort] = await tx.insert(this.#t.cohorts).values({
        offerSlug: slug, offerId: this.#catalogue.offerId(slug) ?? null, startsOn: input.startsOn, endsOn: input.endsOn,
        seats: input.seats ?? defaultSeats, updatedAt: at,
      }).returning();
      await this.#onSeatsFreed(offer, cohort!.id);
      return cohort!;
    });
  }

  async updateCohort(user: SessionUser, slug: string, cohortId: number, patch: { startsOn?: string; endsOn?: string; seats?: number }): Promise<Cohort> {
    const offer = this.#managedOffer(user, slug);
    return this.#engine.transaction(async (tx) => {
      await this.lockOffer(offer);
      const current = await this.#cohortInPath(slug, cohortId);
      const next = { startsOn: patch.startsOn ?? current.startsOn, endsOn: patch.endsOn ?? current.endsOn, seats: patch.seats ?? current.seats };
      checkDates(next.startsOn, next.endsOn);
      const held = await this.taken(slug, cohortId);
      if (next.seats < held) throw new ConflictError(`Der er ${held} borgere optaget på holdet; antallet af pladser kan ikke være lavere`, { taken: held });
      const c = this.#t.cohorts;
      const [cohort] = await tx.update(c).set({ ...next, updatedAt: nowIso() }).where(eq(c.id, cohortId)).returning();
      if (next.seats > current.seats) await this.#onSeatsFreed(offer, cohortId);
      return cohort!;
    });
  }

  async deleteCohort(user: SessionUser, slug: string, cohortId: number): Promise<void> {
    const offer = this.#managedOffer(user, slug);
    await this.#engine.transaction(async (tx) => {
      await this.lockOffer(offer);
      await this.#cohortInPath(slug, cohortId);
      const { referrals: r, cohorts: c } = this.#t;
      const [row] = await tx.select({ n: count() }).from(r).where(eq(r.cohortId, cohortId));
      const used = row?.n ?? 0;
      if (used > 0) throw new ConflictError(`Holdet har ${used} henvisninger og kan ikke slettes; sæt pladserne ned i stedet`, { referrals: used });
      await tx.delete(c).where(eq(c.id, cohortId));
    });
  }

  async cohortsOf(slug: string): Promise<Cohort[]> {
    const c = this.#t.cohorts;
    return this.#db.select().from(c).where(eq(c.offerSlug, slug)).orderBy(asc(c.startsOn), asc(c.id));
  }
}

function checkDates(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) throw new InputError('endsOn', 'slutdatoen skal ligge på eller efter startdatoen');
}

interface AllCounts {
  taken: Map<string, number>;
  waiting: Map<string, number>;
  seats: Map<string, number>;
  cohortsByOffer: Map<string, CohortSeats[]>;
}

interface OfferCounts {
  taken: (cohortId: number | null) => number;
  waiting: number;
  /** Continuous seats set by the provider; the content's number when unset. */
  seats: number | undefined;
  cohorts: readonly CohortSeats[];
  today: string;
}

/** An offer's availability from its counts: continuous seats, or its open cohorts. */
function availabilityOf(offer: OfferSummary, counts: OfferCounts): Availability {
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
