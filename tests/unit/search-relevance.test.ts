/** The relevance table (tests/search-queries.ts) against the demo catalogue, searched as the search page does. */
import { afterAll, describe, expect, it } from 'vitest';
import { SEARCH_QUERIES } from '../search-queries.ts';
import { demoCatalogue, search, slugsOf } from './helpers.ts';

const catalogue = demoCatalogue();
const engine = catalogue.search();
afterAll(() => catalogue.close());

describe('search relevance', () => {
  it('every expected slug in the table is a demo offer', () => {
    const unknown = SEARCH_QUERIES.flatMap((row) => row.expect).filter((slug) => !catalogue.offer(slug));
    expect(unknown).toEqual([]);
  });

  it.each(SEARCH_QUERIES)('"$query" has $expect in its top 3', ({ query, expect: wanted }) => {
    const top3 = slugsOf(search(engine, query)).slice(0, 3);
    expect(top3).toEqual(expect.arrayContaining(wanted));
  });
});
