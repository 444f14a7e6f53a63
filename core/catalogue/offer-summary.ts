/**
 * What the server keeps in memory of every published offer: the fields lists, filters, seat checks and
 * access rules read. A national catalogue has tens of thousands of offers; their texts (body, how to get
 * referred, places, contacts, notes) are read from the database when a page shows one offer.
 */
import type { OfferData } from './offer-schema.ts';

export interface OfferSummary {
  slug: string;
  title: string;
  summary: string;
  taskType: OfferData['taskType'];
  sector: OfferData['sector'];
  provider: OfferData['provider'];
  riskGroups: OfferData['riskGroups'];
  benefitGroups: OfferData['benefitGroups'];
  themes: OfferData['themes'];
  format: OfferData['format'];
  age: OfferData['age'];
  languages: OfferData['languages'];
  referral: Pick<OfferData['referral'], 'routes' | 'intake'>;
  capacity: OfferData['capacity'];
  reviewBy: string;
}

/**
 * One copy of each small value (a list of groups, a provider, a capacity) for many summaries: most offers
 * repeat one of a few hundred combinations, and a copy each costs more than the offer's own texts.
 * Shared values are never changed (summaries are read-only).
 */
export class SharedValues {
  readonly #values = new Map<string, unknown>();

  share<T>(value: T): T {
    const key = typeof value === 'string' ? `s${value}` : `j${JSON.stringify(value)}`;
    const known = this.#values.get(key);
    if (known !== undefined) return known as T;
    this.#values.set(key, value);
    return value;
  }
}

/** An offer's summary; with `shared`, its repeated values are the pool's copies. */
export function summaryOf(offer: OfferData, shared?: SharedValues): OfferSummary {
  const s = <T>(value: T): T => (shared ? shared.share(value) : value);
  // One object literal with a fixed key order: every summary has the same shape (one hidden class).
  return {
    slug: offer.slug,
    title: offer.title,
    summary: offer.summary,
    taskType: offer.taskType,
    sector: offer.sector,
    provider: s({ organisation: offer.provider.organisation, unit: offer.provider.unit }),
    riskGroups: s(offer.riskGroups),
    benefitGroups: s(offer.benefitGroups),
    themes: s(offer.themes),
    format: s(offer.format),
    age: s(offer.age.max === undefined ? { min: offer.age.min } : { min: offer.age.min, max: offer.age.max }),
    languages: s(offer.languages),
    referral: s({ routes: offer.referral.routes, intake: offer.referral.intake }),
    capacity: s(offer.capacity),
    reviewBy: s(offer.reviewBy),
  };
}
