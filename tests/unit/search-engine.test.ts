/** The search engine: Danish folding, ranking, facets, parameters and the index the browser loads. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FACETS, PAGE_SIZE, SearchEngine, ageBandsOf, parseSearchParams, runSearch, toQueryString, toSearchDoc,
  type SearchHit, type SearchIndexPayload, type SearchOutcome,
} from '../../core/catalogue/search/engine.ts';
import { ENGLISH_TERMS, GENERIC_WORDS, SYNONYM_GROUPS, foldDanish, processTerm, sanitizeQuery, synonymsOf, tokenize } from '../../core/catalogue/search/text.ts';
import { SEARCH_QUERIES } from '../search-queries.ts';
import { FIXTURES_DIR, demoCatalogue, demoOrganisations, loadOfferFile, search, slugsOf } from './helpers.ts';
import { buildSearchEngine } from '../../core/catalogue/search/catalogue-index.ts';
import { wholeOffers } from '../../db/catalogue.ts';

const catalogue = demoCatalogue();
const engine = catalogue.search();
const offers = await wholeOffers(catalogue);
afterAll(() => catalogue.close());

describe('Danish text processing', () => {
  it('folds case, ASCII spellings and accents to one form', () => {
    expect(foldDanish('Æble ØL Åen')).toBe('æble øl åen');
    expect(foldDanish('aeble oel aaen')).toBe('æble øl åen');
    expect(foldDanish('Kärlek Över')).toBe('kærlek øver');
    expect(foldDanish('Café Señor')).toBe('cafe senor');
  });

  it('splits on everything that is not a letter or digit', () => {
    expect(tokenize('<b>WHO-5</b> (.*)+? søvn😀rygestop')).toEqual(['b', 'WHO', '5', 'b', 'søvn', 'rygestop']);
  });

  it('drops stop words and absurdly long tokens, and stems the rest', () => {
    expect(processTerm('Og')).toBeNull();
    expect(processTerm('tilbud')).toBeNull();
    expect(processTerm('x'.repeat(41))).toBeNull();
    expect(processTerm('KOL')).toBe('kol');
    expect(processTerm('smerteskolen')).toBe(processTerm('Smerteskolen'));
  });

  it('knows synonyms in any spelling', () => {
    expect(synonymsOf('sukkersyge')).toContain('diabetes');
    expect(synonymsOf('SOEVN')).toEqual(synonymsOf('søvn'));
    expect(synonymsOf('kajak')).toEqual([]);
  });

  it('word lists lead to words the catalogue uses: each synonym group, English word and Danish generic word', () => {
    const used = (phrase: string) => tokenize(phrase).every((w) => processTerm(w) === null || engine.knowsTerm(processTerm(w)!));
    expect(SYNONYM_GROUPS.filter((group) => !group.some(used))).toEqual([]);
    expect(Object.entries(ENGLISH_TERMS).filter(([, danish]) => !danish.some(used)).map(([english]) => english)).toEqual([]);
    const english = new Set(['help', 'course', 'courses', 'class', 'group', 'groups', 'treatment', 'programme', 'program']);
    expect(GENERIC_WORDS.filter((w) => !english.has(w) && !used(w))).toEqual([]);
  });

  it('knows everyday words for the catalogue\'s topics, and drops words that name none', () => {
    expect(synonymsOf('ked af det')).toContain('depression');
    expect(synonymsOf('venner')).toContain('ensomhed');
    expect(synonymsOf('bange')).toContain('angst');
    expect(synonymsOf('tyggegummi')).toContain('rygestop');
    for (const word of ['ingen', 'kan', 'hvordan']) expect(processTerm(word), word).toBeNull();
  });

  it('sanitises queries: not a string gives "", control characters become spaces, length is capped', () => {
    expect(sanitizeQuery(undefined)).toBe('');
    expect(sanitizeQuery(42)).toBe('');
    expect(sanitizeQuery(' stress\u0000og\u001fangst\n')).toBe('stress og angst');
    expect(Array.from(sanitizeQuery('😀'.repeat(500)))).toHaveLength(200);
  });
});

describe('Danish folding in search', () => {
  const variants = [
    ['søvn', 'soevn', 'SØVN', 'SOEVN'],
    ['åben og rolig', 'aaben og rolig', 'ÅBEN OG ROLIG', 'Aaben Og Rolig', 'åben og rolig'.normalize('NFD')],
    ['bostøtte', 'bostoette', 'BOSTØTTE'],
    ['værested', 'vaerested', 'VÆRESTED'],
    ['fællesskab', 'faellesskab', 'FÆLLESSKAB'],
  ];

  it.each(variants)('"%s" and its spellings give the same results', (...queries: string[]) => {
    const [first, ...others] = queries.map((q) => search(engine, q));
    expect(first.total).toBeGreaterThan(0);
    for (const other of others) {
      expect(slugsOf(other)).toEqual(slugsOf(first));
      expect(other.hits[0].score).toBeCloseTo(first.hits[0].score);
    }
  });
});

describe('index and query agree on spelling', () => {
  // Both tests expose bugs in core/catalogue/search/text.ts (see the report): the index folds each token once, the
  // query is folded twice (buildQuery, then processTerm), and tokenize splits decomposed letters.
  it('folding is idempotent, so folding the query twice changes nothing', () => {
    for (const word of ['søvn', 'aaben', 'Café', 'Noël', 'Zoë', 'Israël', 'a\u0301e']) {
      expect(foldDanish(foldDanish(word)), word).toBe(foldDanish(word));
    }
  });

  it.each([
    ['accent-in-title', 'Noël'],
    ['decomposed-in-title', 'åen'],
  ])('%s is found by "%s", a word of its title', (name, query) => {
    const small = buildSearchEngine([loadOfferFile(path.join(FIXTURES_DIR, 'search', `${name}.md`))], demoOrganisations(), 'fixture');
    expect(slugsOf(search(small, query))).toEqual([name]);
  });
});

describe('ranking', () => {
  const small = buildSearchEngine(
    ['kajak-in-body', 'kajak-in-title'].map((name) => loadOfferFile(path.join(FIXTURES_DIR, 'search', `${name}.md`))),
    demoOrganisations(),
    'fixture',
  );

  it('ranks a title match above a mention in the body', () => {
    const outcome = search(small, 'kajak');
    expect(slugsOf(outcome)).toEqual(['kajak-in-title', 'kajak-in-body']);
    expect(outcome.hits[0].score).toBeGreaterThan(outcome.hits[1].score);
  });

  it('lists everything by title when the query is empty', () => {
    expect(slugsOf(search(small, ''))).toEqual(['kajak-in-body', 'kajak-in-title']); // "Aktiv i vand" < "Kajak …"
  });

  it('finds nothing for a query with no searchable words', () => {
    expect(search(small, 'og i det').total).toBe(0);
    expect(search(small, '😀 !!').total).toBe(0);
  });

  it('requires every word (AND) and suggests partial matches when nothing has them all', () => {
    const outcome = search(small, 'kajak zebrafinke');
    expect(outcome.total).toBe(0);
    expect(outcome.suggestions.map((h) => h.slug)).toEqual(['kajak-in-title', 'kajak-in-body']);
  });
});

describe('a word the catalogue only partly knows', () => {
  it('knows the starts of its compounds: "lunge" begins lungesygdom, no offer writes it alone', () => {
    expect(engine.knowsTerm(processTerm('lunge')!)).toBe(false);
    expect(engine.startsCompounds('lunge')).toBe(true);
    expect(engine.startsCompounds('lungx')).toBe(false);
    // A start of a word that goes on with no known word is no compound's start.
    expect(engine.startsCompounds('lungesy')).toBe(false);
  });

  it('forgets the starts it remembered when offers change', () => {
    const updated = buildSearchEngine(offers, demoOrganisations(), 'v1');
    expect(updated.startsCompounds('zqxvalg')).toBe(false);
    updated.update([], [{ ...offers[0]!, title: `${offers[0]!.title} zqxvalgsamtale` }], 'v2');
    expect(updated.startsCompounds('zqxvalg')).toBe(true);
  });

  it('suggests the offers of the known part, and names it', () => {
    const outcome = search(engine, 'lungepatienter');
    expect(outcome.total).toBe(0);
    expect(outcome.suggestedFor).toEqual(['lunge']);
    expect(outcome.suggestions[0]!.slug).toBe('kol-rehabilitering');
  });
});

describe('facets', () => {
  const count = (predicate: (o: (typeof offers)[number]) => boolean) => offers.filter(predicate).length;

  it('filters by one facet', () => {
    const outcome = search(engine, { opgavetype: '4' });
    expect(outcome.total).toBe(count((o) => o.taskType === 4));
    expect(outcome.hits.every((h) => h.taskType === 4)).toBe(true);
  });

  it('combines facets with AND, and values of one facet with OR', () => {
    const both = search(engine, { opgavetype: '4', risiko: 'hoej' });
    expect(both.total).toBe(count((o) => o.taskType === 4 && o.riskGroups.includes('hoej')));
    expect(both.total).toBeGreaterThan(0);
    expect(both.total).toBeLessThan(search(engine, { opgavetype: '4' }).total);
    expect(both.hits.every((h) => h.taskType === 4 && h.riskGroups.includes('hoej'))).toBe(true);

    const either = search(engine, { opgavetype: ['4', '5'] });
    expect(either.total).toBe(count((o) => o.taskType === 4 || o.taskType === 5));
  });

  it('combines facets with a query', () => {
    const outcome = search(engine, { q: 'stress', risiko: 'mellem', form: 'hold' });
    expect(outcome.total).toBeGreaterThan(0);
    expect(outcome.hits.every((h) => h.riskGroups.includes('mellem') && h.format.includes('hold'))).toBe(true);
    expect(outcome.total).toBeLessThan(search(engine, 'stress').total);
  });

  it('counts each facet under the other facets\' filters', () => {
    const outcome = search(engine, { opgavetype: '4', risiko: 'hoej' });
    const risk = outcome.facets.find((f) => f.param === 'risiko')!;
    for (const option of risk.options) {
      expect(option.count, option.value).toBe(count((o) => o.taskType === 4 && o.riskGroups.includes(option.value as 'lav')));
    }
    expect(risk.options.find((o) => o.value === 'hoej')?.selected).toBe(true);
    const taskTypes = outcome.facets.find((f) => f.param === 'opgavetype')!;
    const sum = taskTypes.options.reduce((n, o) => n + o.count, 0);
    expect(sum).toBe(count((o) => o.riskGroups.includes('hoej')));
  });

  it('filters by age band and provider', () => {
    const young = search(engine, { alder: 'under-18' });
    expect(young.total).toBe(count((o) => o.age.min < 18));
    const provider = search(engine, { udbyder: 'familiecenter-aadal' });
    expect(provider.total).toBe(count((o) => o.provider.organisation === 'familiecenter-aadal'));
  });

  it('gives an empty result, not an error, for a combination nothing matches', () => {
    expect(count((o) => o.taskType === 10 && o.themes.includes('rygning'))).toBe(0);
    const outcome = search(engine, { opgavetype: '10', tema: 'rygning' });
    expect(outcome.total).toBe(0);
    expect(outcome.hits).toEqual([]);
    expect(outcome.pages).toBe(1);
  });

  it('ignores unknown facet values instead of failing (documented in runSearch and parseSearchParams)', () => {
    const all = search(engine, '');
    const unknown: Record<string, string>[] = [{ risiko: 'ukendt' }, { opgavetype: '11' }, { udbyder: 'ingen-saadan' }, { tema: 'ÆØÅ' }, { alder: 'x'.repeat(41) }];
    for (const query of unknown) {
      const outcome = search(engine, query);
      expect(outcome.params.filters).toEqual({});
      expect(outcome.total).toBe(all.total);
    }
    const mixed = search(engine, { risiko: ['ukendt', 'hoej'] });
    expect(mixed.params.filters).toEqual({ riskGroup: ['hoej'] });
    expect(mixed.total).toBe(count((o) => o.riskGroups.includes('hoej')));
  });

  it('has an option for every value an offer can carry', () => {
    for (const facet of FACETS) {
      const options = new Set(facet.options(engine.providers).map((o) => o.value));
      const missing = offers.flatMap((offer) => facet.values(toSearchDoc(offer)).map(String).filter((v) => !options.has(v)));
      expect(missing, facet.param).toEqual([]);
    }
  });
});

describe('search parameters', () => {
  it('reads facets and page from a query string and writes them back', () => {
    const params = parseSearchParams(new URLSearchParams('q=stress&risiko=hoej&risiko=hoej&opgavetype=4&side=2&ukendt=1'));
    expect(params).toEqual({ q: 'stress', filters: { taskType: ['4'], riskGroup: ['hoej'] }, page: 2 });
    expect(toQueryString(params)).toBe('?q=stress&opgavetype=4&risiko=hoej&side=2');
    expect(toQueryString({ q: '', filters: {} })).toBe('');
  });

  it('falls back to page 1 for nonsense pages, and clamps to the last page', () => {
    for (const side of ['0', '-1', 'abc', '1001', '']) expect(parseSearchParams(new URLSearchParams({ side })).page).toBe(1);
    const outcome = search(engine, { side: '999' });
    expect(outcome.params.page).toBe(outcome.pages);
    expect(outcome.hits.length).toBeGreaterThan(0);
  });

  it('pages through all results without repeats', () => {
    const first = search(engine, '');
    expect(first.hits).toHaveLength(PAGE_SIZE);
    const slugs = Array.from({ length: first.pages }, (_, i) => slugsOf(search(engine, { side: String(i + 1) }))).flat();
    expect(slugs).toHaveLength(offers.length);
    expect(new Set(slugs).size).toBe(offers.length);
  });

  it('puts an offer in every age band its range overlaps', () => {
    expect(ageBandsOf({ min: 18 })).toEqual(['18-30', '31-49', '50-plus']);
    expect(ageBandsOf({ min: 15, max: 25 })).toEqual(['under-18', '18-30']);
    expect(ageBandsOf({ min: 50, max: 50 })).toEqual(['50-plus']);
  });
});

describe('the serialised index the browser loads', () => {
  const payload = JSON.parse(catalogue.searchIndexJson()) as SearchIndexPayload;
  const loaded = SearchEngine.fromPayload(payload);

  it('carries the content version and the provider names', () => {
    expect(payload.version).toBe(catalogue.version);
    expect(loaded.version).toBe(engine.version);
    expect(loaded.providers).toEqual(engine.providers);
    expect(loaded.documentCount).toBe(offers.length);
  });

  /**
   * What the page shows: MiniSearch's per-hit match details (term lists, in no stable order) are left out, and
   * scores are compared to 9 significant digits (the loaded index sums term scores in another order).
   */
  const shown = (outcome: SearchOutcome) => {
    const strip = ({ terms: _t, queryTerms: _q, match: _m, ...hit }: SearchHit & { terms?: unknown; queryTerms?: unknown; match?: unknown }) =>
      ({ ...hit, score: Number(hit.score.toPrecision(9)) });
    return { ...outcome, hits: outcome.hits.map(strip), suggestions: outcome.suggestions.map(strip) };
  };

  const queries = [
    ...SEARCH_QUERIES.map((row) => row.query),
    '', 'kajak zebrafinke', 'diabetis', 'STRESS',
    // Twelve words with their synonyms: more distinct query terms than the server's runner has bits for,
    // so the server runs this one through MiniSearch over its compact index.
    'stress angst søvn rygning alkohol motion kost smerter diabetes job gæld ensomhed',
  ];

  it.each(queries)('answers "%s" exactly as the server engine does', (q) => {
    expect(shown(search(loaded, q))).toEqual(shown(search(engine, q)));
  });

  it('answers faceted searches identically', () => {
    const query = { q: 'motion', risiko: ['mellem', 'hoej'], form: 'hold', alder: '50-plus' };
    expect(shown(search(loaded, query))).toEqual(shown(search(engine, query)));
    const params = { q: 'rygestop', filters: { theme: ['rygning'] }, page: 2 };
    expect(shown(runSearch(loaded, params, { pageSize: 2 }))).toEqual(shown(runSearch(engine, params, { pageSize: 2 })));
  });
});

describe('updating the index in place', () => {
  it('answers after an update exactly as an index built from scratch would', () => {
    const [first, second, ...rest] = offers;
    const changed = { ...first!, title: `${first!.title} med zqxvalg`, html: '' };
    const updated = buildSearchEngine(offers, demoOrganisations(), 'v1');
    updated.update([second!.slug], [changed], 'v2');
    const rebuilt = buildSearchEngine([changed, ...rest], demoOrganisations(), 'v2');
    expect(updated.version).toBe('v2');
    for (const q of ['zqxvalg', 'angst', 'rygestop', '', 'job']) {
      const ours = runSearch(updated, parseSearchParams(new URLSearchParams({ q })), { pageSize: 500 });
      const theirs = runSearch(rebuilt, parseSearchParams(new URLSearchParams({ q })), { pageSize: 500 });
      expect(ours.hits.map((h) => h.slug).sort(), q).toEqual(theirs.hits.map((h) => h.slug).sort());
      expect(ours.total, q).toBe(theirs.total);
    }
    expect(slugsOf(runSearch(updated, parseSearchParams(new URLSearchParams({ q: 'zqxvalg' }))))).toEqual([first!.slug]);
  });

  it('forgets what it remembered of the index (prefix and fuzzy expansions, common words, facets) when offers change', () => {
    const kajak = loadOfferFile(path.join(FIXTURES_DIR, 'search/kajak-in-title.md'));
    const engine = buildSearchEngine(offers, demoOrganisations(), 'v1');
    const kajakTerm = processTerm('kajak')!;
    // Searched before the change: a prefix, a misspelling, the word itself (and its facets), the word's commonness.
    const queries = ['kaja', 'kajjak', 'kajak'];
    for (const q of queries) expect(search(engine, q).total, q).toBe(0);
    expect(engine.isRare(kajakTerm)).toBe(false);
    engine.update([], [kajak], 'v2');
    expect(engine.isRare(kajakTerm)).toBe(true);
    // Enough kajak offers to make the word a common one (MIN_COMMON_OFFERS).
    const copies = ['2', '3', '4', '5', '6'].map((n) => ({ ...kajak, slug: `kajak-${n}` }));
    engine.update([], copies, 'v3');
    const kajakSlugs = [...copies.map((c) => c.slug), kajak.slug].sort();
    for (const q of queries) expect(search(engine, q).hits.map((h) => h.slug).sort(), q).toEqual(kajakSlugs);
    expect(search(engine, { q: 'kajak', form: 'hold' }).facets.find((f) => f.param === 'form')!.options)
      .toContainEqual({ value: 'hold', label: 'Hold', count: 6, selected: true });
    expect(engine.isRare(kajakTerm)).toBe(false);
  });

  it('ranks offers with confirmed capacity first when scores are equal', () => {
    const confirmedOn = new Map(offers.map((o, i) => [o.slug, i % 2 ? '2026-11-30' : null]));
    const ranked = buildSearchEngine(offers, demoOrganisations(), 'v', { capacityConfirmedOn: (slug) => confirmedOn.get(slug) ?? null });
    const hits = runSearch(ranked, parseSearchParams(new URLSearchParams()), { pageSize: 500, today: '2026-12-01' }).hits;
    const firstUncertain = hits.findIndex((h) => !h.capacityConfirmedOn);
    expect(firstUncertain).toBe(offers.filter((_, i) => i % 2).length);
    expect(hits.slice(firstUncertain).every((h) => !h.capacityConfirmedOn)).toBe(true);
    // Without a day to judge by, the order is the score's (and the title's) alone.
    const plain = runSearch(ranked, parseSearchParams(new URLSearchParams()), { pageSize: 500 }).hits;
    expect(plain.map((h) => h.slug)).toEqual(offers.map((o) => o.slug));
  });
});
