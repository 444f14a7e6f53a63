/** Search safety: whatever a user types or puts in the URL, search never throws and the HTML stays escaped. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FACETS, PAGE_SIZE, buildQuery, parseSearchParams, runSearch, toQueryString, type SearchDoc, type SearchOutcome,
} from '../../core/catalogue/search/engine.ts';
import { renderFacets, renderHit, renderResults, renderStatus } from '../../src/lib/search/render.ts';
import { MAX_QUERY_LENGTH, sanitizeQuery } from '../../core/catalogue/search/text.ts';
import { demoCatalogue } from './helpers.ts';

const catalogue = demoCatalogue();
const engine = catalogue.search();
const slugs = new Set(catalogue.offers().map((o) => o.slug));
afterAll(() => catalogue.close());

const nasty = fc.constantFrom(
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x", '&amp;&lt;', '(.*)+$^[]{}|\\?',
  '(a+)+$', '[', '\\', '*', '😀🇩🇰👩‍👩‍👧', '\u0000\u001f\u007f', '\u202e', '\ud800', '\udfff', 'ﬁ', 'İ', 'ß', '\u00a0',
  'aa'.repeat(300), 'søvn '.repeat(100), '§ 85', 'constructor', '__proto__', 'toString', 'hasOwnProperty',
);
/** Arbitrary user text: full unicode, lone surrogates, known-nasty pieces, and 10 KB strings. */
const userText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 8 })), { maxLength: 6 }).map((parts) => parts.join(' ')),
  fc.string({ unit: 'binary', minLength: 10_000, maxLength: 10_240 }),
);
const facetValues = fc.dictionary(
  fc.oneof(fc.constantFrom(...FACETS.map((f) => f.param)), fc.string({ maxLength: 10 })),
  fc.array(fc.oneof(userText, fc.constantFrom('4', '11', 'hoej', 'ukendt', '18-30', 'familiecenter-aadal')), { maxLength: 4 }),
  { maxKeys: 5 },
);

function expectWellFormed(outcome: SearchOutcome): void {
  expect(Number.isInteger(outcome.total)).toBe(true);
  expect(outcome.total).toBeGreaterThanOrEqual(0);
  expect(outcome.pages).toBe(Math.max(1, Math.ceil(outcome.total / PAGE_SIZE)));
  expect(outcome.params.page).toBeGreaterThanOrEqual(1);
  expect(outcome.params.page).toBeLessThanOrEqual(outcome.pages);
  expect(outcome.hits.length).toBeLessThanOrEqual(Math.min(PAGE_SIZE, outcome.total));
  // Suggestions are the partial-match fallback: a page of them at most, only when nothing matches in full,
  // and always with the words they match.
  expect(outcome.suggestions.length).toBeLessThanOrEqual(PAGE_SIZE);
  if (outcome.total) expect(outcome.suggestions).toEqual([]);
  expect(outcome.suggestedFor.length > 0).toBe(outcome.suggestions.length > 0);
  for (const hit of [...outcome.hits, ...outcome.suggestions]) {
    expect(slugs.has(hit.slug)).toBe(true);
    expect(Number.isFinite(hit.score)).toBe(true);
  }
  expect(outcome.facets.map((f) => f.param)).toEqual(FACETS.map((f) => f.param));
  expect(Array.from(outcome.params.q).length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
}

const ALLOWED_TAGS = new Set(['a', 'details', 'div', 'fieldset', 'h3', 'h4', 'input', 'label', 'legend', 'li', 'nav', 'p', 'span', 'summary', 'ul']);
const ALLOWED_ATTRIBUTES = new Set(['aria-label', 'checked', 'class', 'data-facet', 'for', 'href', 'id', 'name', 'open', 'rel', 'role', 'type', 'value']);

/** Every tag in `html` is one of ours with our attributes, and no text or attribute value holds markup characters. */
function expectOnlyOurMarkup(html: string): void {
  const text = html.replace(/<(\/?)([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>/g, (_tag, _slash, name: string, attrs: string) => {
    expect(ALLOWED_TAGS.has(name), `tag <${name}>`).toBe(true);
    for (const [, attr] of attrs.matchAll(/\s+([a-z-]+)(?:="[^"]*")?/g)) expect(ALLOWED_ATTRIBUTES.has(attr), `attribute ${attr}`).toBe(true);
    return '';
  });
  expect(text).not.toMatch(/[<>"]/);
}

describe('search never throws', () => {
  it('on arbitrary query text', () => {
    fc.assert(fc.property(userText, (q) => {
      expectWellFormed(runSearch(engine, parseSearchParams(new URLSearchParams({ q }))));
    }), { numRuns: 300 });
  });

  it('on arbitrary raw text given straight to the engine, without sanitising', () => {
    fc.assert(fc.property(userText, (q) => {
      buildQuery(q, engine.knowsTerm);
      for (const hit of engine.match(q)) expect(slugs.has(hit.slug)).toBe(true);
      engine.match(q, 'OR');
    }), { numRuns: 150 });
  });

  it('on arbitrary facet parameters and pages in the URL', () => {
    fc.assert(fc.property(userText, facetValues, fc.string({ maxLength: 12 }), (q, facets, side) => {
      const params = new URLSearchParams({ q, side });
      for (const [key, values] of Object.entries(facets)) for (const v of values) params.append(key, v);
      expectWellFormed(runSearch(engine, parseSearchParams(params)));
    }), { numRuns: 300 });
  });

  it('on arbitrary filters handed to runSearch directly', () => {
    fc.assert(fc.property(userText, facetValues, fc.integer({ min: 1, max: 10_000 }), (q, filters, page) => {
      expectWellFormed(runSearch(engine, { q: sanitizeQuery(q), filters, page }));
    }), { numRuns: 200 });
  });

  it('a shared link (toQueryString) reproduces the same search parameters', () => {
    fc.assert(fc.property(userText, facetValues, fc.string({ maxLength: 6 }), (q, facets, side) => {
      const url = new URLSearchParams({ q, side });
      for (const [key, values] of Object.entries(facets)) for (const v of values) url.append(key, v);
      const params = parseSearchParams(url);
      expect(parseSearchParams(new URLSearchParams(toQueryString(params)))).toEqual(params);
    }), { numRuns: 200 });
  });

  it('sanitises any string to at most 200 well-formed characters without control characters', () => {
    fc.assert(fc.property(fc.oneof(userText, fc.string({ unit: 'grapheme', minLength: 190, maxLength: 500 })), (raw) => {
      const clean = sanitizeQuery(raw);
      expect(Array.from(clean).length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
      expect(clean).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(clean).toBe(clean.trim());
      if (raw.isWellFormed()) expect(clean.isWellFormed()).toBe(true);
    }), { numRuns: 300 });
  });
});

describe('rendering escapes HTML', () => {
  const render = (outcome: SearchOutcome) =>
    renderStatus(outcome) + renderResults(outcome, engine.providers) + renderFacets(outcome.facets);

  it('for any query, in results, the empty state and facets', () => {
    fc.assert(fc.property(userText, facetValues, (q, facets) => {
      const params = new URLSearchParams({ q });
      for (const [key, values] of Object.entries(facets)) for (const v of values) params.append(key, v);
      expectOnlyOurMarkup(render(runSearch(engine, parseSearchParams(params))));
    }), { numRuns: 200 });
  });

  it('shows a script in the query as text in the empty state', () => {
    const outcome = runSearch(engine, parseSearchParams(new URLSearchParams('q=<script>alert(1)</script>&risiko=hoej')));
    expect(outcome.total).toBe(0);
    const html = render(outcome);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('»&lt;script&gt;alert(1)&lt;/script&gt;«');
    // The "search without filters" link keeps the query, URL-encoded.
    expect(html).toContain('href="/soeg?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E"');
  });

  it('escapes quotes so a query cannot leave an attribute', () => {
    const outcome = runSearch(engine, parseSearchParams(new URLSearchParams({ q: '" onmouseover="alert(1)', risiko: 'hoej' })));
    const html = render(outcome);
    expect(html).not.toContain('" onmouseover="');
    expect(html).toContain('&quot; onmouseover=&quot;alert(1)');
  });

  it('escapes every field of a hit', () => {
    const doc: SearchDoc = {
      slug: 'x"><script>1</script>', title: '<img src=x onerror=alert(1)>', summary: 'a & b < c', taskType: 99,
      provider: '<b>ukendt</b>', riskGroups: [], benefitGroups: [], themes: [], format: ['<i>online</i>'], ageBands: [],
      capacityConfirmedOn: '2026-01-01"><b>',
    };
    const html = renderHit(doc, {}, 3, { today: '2027-01-01', capacityStaleDays: 30 });
    expectOnlyOurMarkup(html);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('a &amp; b &lt; c');
    expect(html).toContain('&lt;b&gt;ukendt&lt;/b&gt;');
  });
});
