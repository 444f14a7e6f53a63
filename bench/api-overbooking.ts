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

export function countOverbooking(databasePath: string, contentDir: string): Overbooking {
  const store = new OfferStore({ contentDir });
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const holding = SEAT_HOLDING.map(() => '?').join(', ');
    const holders = sqlite.prepare(
      `select offer_slug as offerSlug, cohort_id as cohortId, count(*) as n from referrals
       where status in (${holding}) group by offer_slug, cohort_id`,
    ).all(...SEAT_HOLDING) as { offerSlug: string; cohortId: number | null; n: number }[];
    const cohortSeats = new Map((sqlite.prepare('select id, offer_slug as offerSlug, seats from cohorts').all() as
      { id: number; offerSlug: string; seats: number }[]).map((c) => [c.id, c]));
    const seatOverrides = new Map((sqlite.prepare('select offer_slug as offerSlug, seats from offer_seats').all() as
      { offerSlug: string; seats: number }[]).map((s) => [s.offerSlug, s.seats]));

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
    const byStatus = Object.fromEntries((sqlite.prepare('select status, count(*) as n from referrals group by status')
      .all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    return { excess, places, byStatus };
  } finally {
    sqlite.close();
    store.close();
  }
}
