/**
 * A professional's seats in search: the summary made from live availability, its wording, the free-seats
 * filter ("ledige=ja") through parameters and runSearch, and the chips that remove chosen filters.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseSearchParams, runSearch, toQueryString } from '../../core/catalogue/search/engine.ts';
import { describeConfirmation, describeSeats, seatSummaryOf } from '../../core/catalogue/search/seats.ts';
import { renderChosenFilters, renderResults } from '../../src/lib/search/render.ts';
import { demoCatalogue } from './helpers.ts';

const catalogue = demoCatalogue();
const engine = catalogue.search();
afterAll(() => catalogue.close());
const TODAY = '2026-11-20';

describe('seat summaries', () => {
  it('takes continuous seats as they are, and for cohorts the first upcoming cohort with room', () => {
    expect(seatSummaryOf({ model: 'seats', free: 4 }, '2026-11-03T10:00:00.000Z', true, TODAY))
      .toEqual({ model: 'seats', free: 4, nextCohort: null, confirmedOn: '2026-11-03', referrable: true });
    const cohorts = [
      { startsOn: '2026-11-01', free: 5 }, // already started: not "next"
      { startsOn: '2026-12-01', free: 0 },
      { startsOn: '2027-01-12', free: 3 },
    ];
    expect(seatSummaryOf({ model: 'cohorts', free: 8, cohorts }, null, false, TODAY).nextCohort).toEqual({ startsOn: '2027-01-12', free: 3 });
    expect(seatSummaryOf({ model: 'cohorts', free: 0, cohorts: [{ startsOn: '2026-12-01', free: 0 }] }, null, true, TODAY).nextCohort)
      .toEqual({ startsOn: '2026-12-01', free: 0 });
    expect(seatSummaryOf({ model: 'cohorts', free: 0, cohorts: [] }, null, true, TODAY).nextCohort).toBeNull();
  });

  it('words the seats and the confirmation in Danish', () => {
    const seats = (free: number) => seatSummaryOf({ model: 'seats', free }, '2026-11-03', true, TODAY);
    expect(describeSeats(seats(4), TODAY)).toBe('4 ledige pladser');
    expect(describeSeats(seats(1), TODAY)).toBe('1 ledig plads');
    expect(describeSeats(seats(0), TODAY)).toBe('Ingen ledige pladser');
    const cohort = seatSummaryOf({ model: 'cohorts', free: 3, cohorts: [{ startsOn: '2027-01-12', free: 3 }] }, null, true, TODAY);
    expect(describeSeats(cohort, TODAY)).toBe('3 ledige pladser på hold 12. jan. 2027');
    expect(describeSeats({ ...cohort, nextCohort: null }, TODAY)).toBe('Ingen planlagte hold');
    expect(describeConfirmation(seats(4), TODAY, 30)).toEqual({ text: 'Bekræftet 3. nov.', uncertain: false });
    expect(describeConfirmation({ ...seats(4), confirmedOn: '2026-09-01' }, TODAY, 30))
      .toEqual({ text: 'Pladser ikke bekræftet i over 30 dage (senest 1. sep.)', uncertain: true });
    expect(describeConfirmation({ ...seats(4), confirmedOn: null }, TODAY, 30).uncertain).toBe(true);
  });
});

describe('the free-seats filter', () => {
  it('reads and writes "ledige=ja" and nothing else', () => {
    expect(parseSearchParams(new URLSearchParams('q=stress&ledige=ja')).freeSeats).toBe(true);
    expect(parseSearchParams(new URLSearchParams('q=stress&ledige=1')).freeSeats).toBeUndefined();
    expect(toQueryString({ q: 'stress', filters: { theme: ['stress'] }, freeSeats: true })).toBe('?q=stress&tema=stress&ledige=ja');
  });

  it('keeps only offers with free seats, counts facets over them, and is ignored where seats are unknown', () => {
    const params = parseSearchParams(new URLSearchParams('q=stress&ledige=ja'));
    const all = runSearch(engine, { ...params, freeSeats: false }, { pageSize: 100 });
    const full = new Set(all.hits.filter((_, i) => i % 2 === 0).map((h) => h.slug));
    const kept = runSearch(engine, params, { pageSize: 100, hasFreeSeats: (slug) => !full.has(slug) });
    expect(kept.params.freeSeats).toBe(true);
    expect(kept.hits.map((h) => h.slug)).toEqual(all.hits.map((h) => h.slug).filter((s) => !full.has(s)));
    const facetTotal = (o: typeof all) => o.facets.find((f) => f.param === 'opgavetype')!.options.reduce((n, x) => n + x.count, 0);
    expect(facetTotal(kept)).toBe(kept.total);
    const anonymous = runSearch(engine, params, { pageSize: 100 });
    expect(anonymous.params.freeSeats).toBeUndefined();
    expect(anonymous.total).toBe(all.total);
  });
});

describe('results and chips', () => {
  it('links each chip to the search without that one filter, and "Ryd alle filtre" to none', () => {
    const outcome = runSearch(engine, parseSearchParams(new URLSearchParams('q=stress&tema=stress&risiko=mellem&ledige=ja')), { hasFreeSeats: () => true });
    const html = renderChosenFilters(outcome);
    const links = [...html.matchAll(/href="([^"]+)"[^>]*>(.*?)<\/a>/g)].map((m) => [m[1]!.replaceAll('&amp;', '&'), m[2]!.replace(/<[^>]+>/g, '')]);
    expect(links).toEqual([
      ['/soeg?q=stress&tema=stress&ledige=ja', 'Fjern filter: Mellemrisikogruppen ×'],
      ['/soeg?q=stress&risiko=mellem&ledige=ja', 'Fjern filter: Stress ×'],
      ['/soeg?q=stress&risiko=mellem&tema=stress', 'Fjern filter: Har ledige pladser ×'],
      ['/soeg?q=stress', 'Ryd alle filtre'],
    ]);
    expect(renderChosenFilters(runSearch(engine, parseSearchParams(new URLSearchParams('q=stress'))))).toBe('');
  });

  it('shows seats and Henvis only with a professional’s marks, Henvis only to those who may refer', () => {
    const outcome = runSearch(engine, parseSearchParams(new URLSearchParams('q=stress')));
    const seats = Object.fromEntries(outcome.hits.map((h) => [h.slug, seatSummaryOf({ model: 'seats', free: 2 }, TODAY, true, TODAY)]));
    expect(renderResults(outcome, engine.providers)).not.toContain('data-seats');
    const professional = renderResults(outcome, engine.providers, { today: TODAY, capacityStaleDays: 30, seats });
    expect(professional.match(/data-seats/g)).toHaveLength(outcome.hits.length);
    expect(professional).toContain('2 ledige pladser');
    expect(professional).not.toContain('data-refer');
    const caseworker = renderResults(outcome, engine.providers, { today: TODAY, capacityStaleDays: 30, seats, mayRefer: true });
    expect(caseworker).toContain(`href="/tilbud/${outcome.hits[0]!.slug}/henvis" data-refer`);
  });
});
