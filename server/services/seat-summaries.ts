/**
 * Every offer's seat summary (core/catalogue/search/seats.ts) for the search results of professionals: the
 * live availability of all offers in the capacity service's grouped queries, with when each was confirmed.
 */
import type { Catalogue } from '../../db/catalogue.ts';
import { seatSummaryOf, type SeatSummary } from '../../core/catalogue/search/seats.ts';
import type { CapacityService } from './capacity.ts';
import { todayIso } from './clock.ts';

/** Summaries of the given live offers (unknown slugs are left out), or of every live offer. */
export async function seatSummaries(capacity: CapacityService, catalogue: Catalogue, slugs?: readonly string[]): Promise<Record<string, SeatSummary>> {
  const offers = slugs ? slugs.map((slug) => catalogue.summary(slug)).filter((o) => o !== undefined) : catalogue.offers();
  const availability = await capacity.availabilityAll(offers);
  const today = todayIso();
  return Object.fromEntries(offers.map((offer) => [offer.slug, seatSummaryOf(
    availability.get(offer.slug)!,
    catalogue.freshness(offer.slug)?.capacityConfirmedAt ?? null,
    offer.referral.routes.includes('jobcenter'),
    today,
  )]));
}
