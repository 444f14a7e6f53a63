/**
 * What a search result tells a professional about an offer's seats: free seats now (continuous intake) or
 * on the next cohort with room, whether the offer takes jobcentre referrals, and when the provider last
 * confirmed the figures. Small and plain, so the server can send every offer's summary to the browser.
 */
import { capacityUncertain, DEFAULT_CAPACITY_STALE_DAYS } from './engine.ts';

export interface SeatSummary {
  model: 'seats' | 'cohorts';
  /** Free seats in all: continuous seats, or the sum over open cohorts (what "Har ledige pladser" keeps). */
  free: number;
  /** Cohorts: the first cohort still to start that has room, else the next one to start (full); null: none planned. */
  nextCohort: { startsOn: string; free: number } | null;
  /** The day the provider last confirmed the figures; null: never. */
  confirmedOn: string | null;
  /** Whether a caseworker can refer to it from the jobcentre. */
  referrable: boolean;
}

/** The parts of the server's live availability a summary is made from. */
export type AvailabilityLike =
  | { model: 'seats'; free: number }
  | { model: 'cohorts'; free: number; cohorts: readonly { startsOn: string; free: number }[] };

export function seatSummaryOf(availability: AvailabilityLike, confirmedOn: string | null, referrable: boolean, today: string): SeatSummary {
  let nextCohort: SeatSummary['nextCohort'] = null;
  if (availability.model === 'cohorts') {
    const upcoming = availability.cohorts.filter((c) => c.startsOn >= today);
    const pick = upcoming.find((c) => c.free > 0) ?? upcoming[0];
    nextCohort = pick ? { startsOn: pick.startsOn, free: pick.free } : null;
  }
  return { model: availability.model, free: availability.free, nextCohort, confirmedOn: confirmedOn?.slice(0, 10) ?? null, referrable };
}

const shortDate = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const shortDateWithYear = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "3. nov." in the current year, "3. nov. 2025" otherwise. */
export function formatShortDay(isoDate: string, today: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return (isoDate.slice(0, 4) === today.slice(0, 4) ? shortDate : shortDateWithYear).format(date);
}

const seatsText = (n: number) => (n === 1 ? '1 ledig plads' : `${n} ledige pladser`);

/** The seats line: "4 ledige pladser", "3 ledige pladser på hold 12. jan.", "Ingen ledige pladser". */
export function describeSeats(summary: SeatSummary, today: string): string {
  if (summary.model === 'seats') return summary.free > 0 ? seatsText(summary.free) : 'Ingen ledige pladser';
  if (!summary.nextCohort) return 'Ingen planlagte hold';
  const start = formatShortDay(summary.nextCohort.startsOn, today);
  return summary.nextCohort.free > 0 ? `${seatsText(summary.nextCohort.free)} på hold ${start}` : `Ingen ledige pladser (næste hold ${start} er fuldt)`;
}

/** When the figures were confirmed, and whether they are too old to promise a seat on. */
export function describeConfirmation(summary: SeatSummary, today: string, staleDays = DEFAULT_CAPACITY_STALE_DAYS): { text: string; uncertain: boolean } {
  const uncertain = capacityUncertain({ capacityConfirmedOn: summary.confirmedOn }, today, staleDays);
  if (!summary.confirmedOn) return { text: 'Pladser aldrig bekræftet af udbyderen', uncertain };
  if (uncertain) return { text: `Pladser ikke bekræftet i over ${staleDays} dage (senest ${formatShortDay(summary.confirmedOn, today)})`, uncertain };
  return { text: `Bekræftet ${formatShortDay(summary.confirmedOn, today)}`, uncertain };
}
