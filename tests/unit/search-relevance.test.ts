/** The relevance table (tests/search-queries.ts) against the demo catalogue, searched as the search page does. */
import { afterAll, describe, expect, it } from 'vitest';
import { SEARCH_QUERIES, type RelevanceRow } from '../search-queries.ts';
import { demoCatalogue, search, slugsOf } from './helpers.ts';

const catalogue = demoCatalogue();
const engine = catalogue.search();
afterAll(() => catalogue.close());

describe('search relevance', () => {
  it('every expected slug in the table is a demo offer', () => {
    const unknown = SEARCH_QUERIES.flatMap((row) => row.expect).filter((slug) => !catalogue.summary(slug));
    expect(unknown).toEqual([]);
  });

  const top3 = (query: string) => {
    const outcome = search(engine, query);
    return slugsOf(outcome.total ? outcome : { ...outcome, hits: outcome.suggestions }).slice(0, 3);
  };
  /** Every expected offer in the top 3, or one of them for a row of alternatives. */
  const expectHit = ({ query, expect: wanted, oneOf }: RelevanceRow) => {
    const top = top3(query);
    if (oneOf) expect(top.filter((slug) => wanted.includes(slug)), `one of ${wanted.join(', ')} in ${top.join(', ')}`).not.toEqual([]);
    else expect(top).toEqual(expect.arrayContaining(wanted));
  };

  it.each(SEARCH_QUERIES.filter((row) => !row.knownMiss))('"$query" has $expect in its top 3', expectHit);

  // Rows the search does not pass yet, each with its reason: when one starts passing, this fails, and the
  // row's knownMiss note goes.
  it.fails.each(SEARCH_QUERIES.filter((row) => row.knownMiss))('"$query" (known miss: $knownMiss)', expectHit);
});
