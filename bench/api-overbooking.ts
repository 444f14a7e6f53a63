/**
 * The correctness half of the referral benchmark: after the load, count seat holders beyond the seats
 * there are. Read straight from the server's SQLite file (read-only, after the server stopped) and the
 * content files (where an offer's continuous seats are declared), not through the code under test.
 *
 * Seats: a seats-model offer has `offer_seats.seats` if a provider changed it, else the content's
 * `capacity.seats`; a cohort has `cohorts.seats`. A seat holder (status in SEAT_HOLDING) placed where no
 * seat exists (a cohorts-model offer without a cohort, an unknown cohort) is excess in full.
 */
import Database from 'better-sqlite3';
import { OfferStore } from '../db/content/offer-store.ts';
import { SEAT_HOLDING } from '../core/referrals/status.ts';

export interface Overbooking {
  /** Sum over offers and cohorts of max(0, holders − seats). */
  excess: number;
  /** Where it happened, e.g. "angstskolen cohort 3: 15 holders / 14 seats". */
  places: string[];
  /** Referrals by status (the run's outcome, for the log). */
  byStatus: Record<string, number>;
}

/** Plain SQL against the database under test (SQLite or PostgreSQL), `?` placeholders. */
export type RawQuery = <T>(text: string, params?: unknown[]) => Promise<T[]>;

export function countOverbooking(databasePath: string, contentDir: string): Promise<Overbooking> {
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  const query: RawQuery = async <T>(text: string, params: unknown[] = []) => sqlite.prepare(text).all(...params) as T[];
  return countOverbookingWith(query, contentDir).finally(() => sqlite.close());
}

export async function countOverbookingWith(query: RawQuery, contentDir: string): Promise<Overbooking> {
  const store = new OfferStore({ contentDir });
  try {
    const holding = SEAT_HOLDING.map(() => '?').join(', ');
    const holders = await query<{ offerSlug: string; cohortId: number | null; n: number }>(
      `select offer_slug as "offerSlug", cohort_id as "cohortId", cast(count(*) as integer) as n from referrals
       where status in (${holding}) group by offer_slug, cohort_id`, [...SEAT_HOLDING]);
    const cohortSeats = new Map((await query<{ id: number; offerSlug: string; seats: number }>('select id, offer_slug as "offerSlug", seats from cohorts'))
      .map((c) => [c.id, c]));
    const seatOverrides = new Map((await query<{ offerSlug: string; seats: number }>('select offer_slug as "offerSlug", seats from offer_seats'))
      .map((o) => [o.offerSlug, o.seats]));

    let excess = 0;
    const places: string[] = [];
    for (const { offerSlug, cohortId, n } of holders) {
      const offer = store.get(offerSlug);
      let seats = 0;
      let where = `${offerSlug} ${cohortId === null ? '(continuous seats)' : `cohort ${cohortId}`}`;
      if (cohortId === null) {
        if (offer?.capacity.model === 'seats') seats = seatOverrides.get(offerSlug) ?? offer.capacity.seats;
        else where += ' — no cohort on a cohorts offer';
      } else {
        const cohort = cohortSeats.get(cohortId);
        if (cohort && cohort.offerSlug === offerSlug) seats = cohort.seats;
        else where += ' — cohort of another offer or unknown';
      }
      if (n > seats) {
        excess += n - seats;
        places.push(`${where}: ${n} holders / ${seats} seats`);
      }
    }
    const byStatus = Object.fromEntries((await query<{ status: string; n: number }>('select status, cast(count(*) as integer) as n from referrals group by status'))
      .map((r) => [r.status, r.n]));
    return { excess, places, byStatus };
  } finally {
    store.close();
  }
}
