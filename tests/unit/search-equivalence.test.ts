/**
 * The search's answers, frozen: for the benchmark's synthetic catalogue (1,000 offers) and its query mix,
 * more queries of the same kind, and the relevance table's queries, what `runSearch` and `matchOffers`
 * return — total, the first page's offers in order, every facet count (as a digest), the partial-match suggestions, and a
 * digest of every match's slug and score in order. Work on the search's speed must leave all of it as it is.
 *
 * The expectation file was computed by the search as it was before that work. Regenerate it
 * (`UPDATE_SEARCH_EXPECTATION=1 npx vitest run tests/unit/search-equivalence.test.ts`) only for a change
 * that is meant to change results, and say so in the commit.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticContent } from '../../bench/synthetic-offers.ts';
import { syntheticQueries } from '../../bench/synthetic-queries.ts';
import { createCatalogue, wholeOffers } from '../../db/catalogue.ts';
import {
  SearchEngine, matchOffers, parseSearchParams, runSearch, toQueryString,
  type SearchHit, type SearchOutcome, type SearchParams,
} from '../../core/catalogue/search/engine.ts';
import { SEARCH_QUERIES } from '../search-queries.ts';
import { FIXTURES_DIR } from './helpers.ts';
import { buildSearchEngine } from '../../core/catalogue/search/catalogue-index.ts';

const EXPECTATION = path.join(FIXTURES_DIR, 'search/equivalence.json');
const TODAY = '2025-06-01';

const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-equivalence-'));
writeSyntheticContent(dir, 1_000);
const catalogue = createCatalogue({ contentDir: dir });
afterAll(() => { catalogue.close(); rmSync(dir, { recursive: true, force: true }); });

const offers = await wholeOffers(catalogue);
const organisations = catalogue.organisations();
const providers = organisations.filter((o) => o.kind === 'provider').map((o) => o.id);
// Capacity confirmed recently, long ago or never, in turn: ties in score then order by it (rank).
const confirmedOn = (slug: string) => [`2025-05-20`, '2024-01-01', null][Number(slug.split('-').at(-1)) % 3] ?? null;
const ranked = buildSearchEngine(offers, organisations, 'equivalence', { capacityConfirmedOn: confirmedOn });
const hasFreeSeats = (slug: string) => slug.length % 2 === 0;

const queryStrings = [
  ...syntheticQueries(200, providers),
  ...syntheticQueries(200, providers, 7),
  ...SEARCH_QUERIES.map((row) => new URLSearchParams({ q: row.query }).toString()),
];

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const digest = (hits: readonly SearchHit[]) => hash(hits.map((h) => `${h.slug}:${h.score}`).join('\n'));

function summary(outcome: SearchOutcome) {
  return {
    params: toQueryString(outcome.params),
    total: outcome.total,
    pages: outcome.pages,
    top10: outcome.hits.slice(0, 10).map((h) => h.slug),
    hits: digest(outcome.hits),
    // Every facet's options, counts and selection, as a digest (written out they would make the file huge).
    facets: hash(outcome.facets.map((f) => `${f.param}:${f.options.map((o) => `${o.value}=${o.count}${o.selected ? '*' : ''}`).join(',')}`).join(' ')),
    suggestions: outcome.suggestions.map((h) => h.slug),
    suggestedFor: outcome.suggestedFor,
  };
}

function answers(qs: string) {
  const params: SearchParams = parseSearchParams(new URLSearchParams(qs));
  const rankOptions = { today: TODAY, hasFreeSeats };
  return {
    qs,
    plain: summary(runSearch(catalogue.search(), params)),
    plainAll: digest(runSearch(catalogue.search(), params, { pageSize: 100_000 }).hits),
    // The variants as digests of the same summary, to keep the file small.
    page2: hash(JSON.stringify(summary(runSearch(ranked, { ...params, page: 2 }, rankOptions)))),
    rankedFreeSeats: hash(JSON.stringify(summary(runSearch(ranked, { ...params, freeSeats: true }, rankOptions)))),
    rankedAll: digest(runSearch(ranked, params, { ...rankOptions, pageSize: 100_000 }).hits),
    api: digest(matchOffers(ranked, params, { today: TODAY })),
  };
}

describe('search results stay the same', () => {
  it(`for ${queryStrings.length} queries on 1,000 synthetic offers`, () => {
    const actual = queryStrings.map(answers);
    if (process.env.UPDATE_SEARCH_EXPECTATION === '1') writeFileSync(EXPECTATION, `[\n${actual.map((a) => JSON.stringify(a)).join(',\n')}\n]\n`);
    expect(existsSync(EXPECTATION), `${EXPECTATION} is missing`).toBe(true);
    const expected = JSON.parse(readFileSync(EXPECTATION, 'utf8')) as ReturnType<typeof answers>[];
    expect(actual.length).toBe(expected.length);
    // One query at a time, so a failure names the query.
    actual.forEach((a, i) => expect(a, a.qs).toEqual(expected[i]));
  }, 120_000);
});
