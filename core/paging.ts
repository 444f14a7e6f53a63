/** Results per page: search pages on the site, and API lists unless a client asks for another size. */
export const PAGE_SIZE = 20;

/**
 * Offers per page when a task type is browsed: a municipality's task type (a few dozen offers) fits on one
 * page; a national catalogue's (thousands) pages instead of sending them all at once.
 */
export const BROWSE_PAGE_SIZE = 50;

/** One page of a list, its number and how many pages there are (at least one, also for an empty list). */
export interface Page<T> { items: T[]; page: number; pages: number }

/**
 * The requested page of `items`. `requested` is the `side` parameter as sent: anything but a whole number
 * from 1 is the first page, a number past the end the last one (a link kept from a longer list still works).
 */
export function pageOf<T>(items: readonly T[], requested: string | null | undefined, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const asked = /^\d{1,7}$/.test(requested?.trim() ?? '') ? Number(requested) : 1;
  const page = Math.min(Math.max(asked, 1), pages);
  return { items: items.slice((page - 1) * size, page * size), page, pages };
}

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
