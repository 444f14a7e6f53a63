/** Results per page: search pages on the site, and API lists unless a client asks for another size. */
export const PAGE_SIZE = 20;

/**
 * Lists count their rows up to this many and then say "more than": an exact count of a national provider's
 * tens of thousands of referrals costs a scan of them all on every page, and nobody pages that far.
 */
export const LIST_COUNT_LIMIT = 1000;

/** A list's size as the lists count it: exact up to the limit, else the limit and a flag. */
export interface CountedTotal { total: number; totalIsLowerBound: boolean }

export function countedTotal(counted: number, limit = LIST_COUNT_LIMIT): CountedTotal {
  return counted > limit ? { total: limit, totalIsLowerBound: true } : { total: counted, totalIsLowerBound: false };
}

/** "1 henvisning", "12 henvisninger", "1.000+ henvisninger" (Danish thousands separator). */
export function countPhrase({ total, totalIsLowerBound }: CountedTotal, singular: string, plural: string): string {
  const number = total.toLocaleString('da-DK');
  if (totalIsLowerBound) return `${number}+ ${plural}`;
  return `${number} ${total === 1 ? singular : plural}`;
}
