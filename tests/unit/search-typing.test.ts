/**
 * How Danes type (issue 13): compounds the offers never write whole, slips that grow with word length,
 * English words, and partial matches instead of an empty page. Over fixtures (tests/fixtures/search), so
 * each case depends only on words the fixture offers are known to use.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SearchEngine } from '../../core/catalogue/search/engine.ts';
import { editsAllowed, splitCompound, splitPartly } from '../../core/catalogue/search/query.ts';
import { processTerm, synonymsOf, translationsOf } from '../../core/catalogue/search/text.ts';
import { renderResults } from '../../src/lib/search/render.ts';
import { FIXTURES_DIR, demoOrganisations, loadOfferFile, search, slugsOf } from './helpers.ts';
import { buildSearchEngine } from '../../core/catalogue/search/catalogue-index.ts';

const FIXTURES = ['angst-i-gruppe', 'job-fastholdelse', 'rygestop-kursus', 'kajak-in-title', 'kajak-in-body'];
const engine = buildSearchEngine(
  FIXTURES.map((name) => loadOfferFile(path.join(FIXTURES_DIR, 'search', `${name}.md`))),
  demoOrganisations(),
  'fixture',
);

describe('compound words split by the catalogue’s own words', () => {
  it('the fixtures never write the compounds whole', () => {
    for (const word of ['angstbehandling', 'arbejdsfastholdelse', 'rygestopkursus', 'angstgruppe']) {
      expect(search(engine, word).total, word).toBeGreaterThan(0);
      expect(engine.knowsTerm(word), word).toBe(false);
    }
  });

  it.each([
    ['angstbehandling', ['angst', 'behandling']],
    ['rygestopkursus', ['rygestop', 'kursus']],
    ['angstgruppe', ['angst', 'gruppe']],
  ])('splits "%s" into %j', (word, parts) => {
    expect(splitCompound(word, engine.knowsTerm)).toEqual(parts);
  });

  it('allows a linking s between parts (arbejd-s-fastholdelse)', () => {
    const parts = splitCompound('arbejdsfastholdelse', engine.knowsTerm)!;
    expect(parts).toHaveLength(2);
    expect(['arbejd', 'arbejds']).toContain(parts[0]);
    expect(parts[1]).toBe('fastholdelse');
    expect(slugsOf(search(engine, 'arbejdsfastholdelse'))).toEqual(['job-fastholdelse']);
  });

  it('finds the offer that has every part', () => {
    expect(slugsOf(search(engine, 'angstbehandling'))).toEqual(['angst-i-gruppe']);
    expect(slugsOf(search(engine, 'rygestopkursus'))).toEqual(['rygestop-kursus']);
  });

  it('does not split a word that is not made of known words, nor a known one', () => {
    expect(splitCompound('zebrafinke', engine.knowsTerm)).toBeNull();
    expect(search(engine, 'zebrafinke').total).toBe(0);
    expect(splitCompound('kursus', engine.knowsTerm)).toBeNull();
  });

  it('works on an index loaded from its payload, as in the browser', () => {
    const browser = SearchEngine.fromPayload(JSON.parse(JSON.stringify(engine.toPayload())));
    expect(slugsOf(search(browser, 'angstbehandling'))).toEqual(['angst-i-gruppe']);
    expect(slugsOf(search(browser, 'arbejdsfastholdelse'))).toEqual(['job-fastholdelse']);
  });
});

describe('compounds written apart', () => {
  it.each([
    ['fast holdelse', 'job-fastholdelse'],
    ['vand gymnastik', 'kajak-in-body'],
  ])('"%s" finds the word the index knows whole (%s)', (query, slug) => {
    expect(engine.knowsTerm(query.split(' ')[1]!)).toBe(false);
    expect(slugsOf(search(engine, query))).toEqual([slug]);
  });

  it('still finds the two words apart', () => {
    expect(slugsOf(search(engine, 'vand motion'))).toEqual(expect.arrayContaining(['kajak-in-body', 'kajak-in-title']));
  });
});

describe('generic words (kursus, gruppe, hjælp, course …)', () => {
  it('need not match next to a topic word', () => {
    // Neither kajak offer says kursus: the topic decides, instead of an empty page.
    expect(slugsOf(search(engine, 'kajak kursus'))).toEqual(['kajak-in-title', 'kajak-in-body']);
    expect(slugsOf(search(engine, 'kajak course'))).toEqual(['kajak-in-title', 'kajak-in-body']);
    expect(slugsOf(search(engine, 'hjælp til kajak'))).toEqual(['kajak-in-title', 'kajak-in-body']);
  });

  it('rank the offer that also has them first, and keep the others', () => {
    const slugs = slugsOf(search(engine, 'voksne gruppe'));
    expect(slugs[0]).toBe('angst-i-gruppe');
    expect(slugs).toEqual(expect.arrayContaining(['kajak-in-title', 'kajak-in-body']));
  });

  it('must match when the query has nothing else', () => {
    expect(slugsOf(search(engine, 'kursus'))).toEqual(['rygestop-kursus']);
  });
});

describe('spelling tolerance by word length', () => {
  it('allows no edit up to 3 letters, 1 for 4–7, 2 from 8', () => {
    expect([1, 3, 4, 7, 8, 15].map((n) => editsAllowed('x'.repeat(n)))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(editsAllowed('søvn')).toBe(1); // letters, not UTF-16 units
  });

  it('finds a long word two letters off, wherever the slips are', () => {
    // A swap near the end keeps the stemmer from stripping "-else": found by the word's truncations.
    expect(slugsOf(search(engine, 'fastholdlese'))).toContain('job-fastholdelse');
    expect(slugsOf(search(engine, 'fasthodlelse'))).toContain('job-fastholdelse');
    expect(slugsOf(search(engine, 'behnadling'))).toContain('angst-i-gruppe');
    expect(slugsOf(search(engine, 'rygestoop'))).toContain('rygestop-kursus');
    expect(search(engine, 'fsthlodelse').total).toBe(0); // three edits are too many
  });

  it('finds a word of 4–7 letters one letter off, not two', () => {
    expect(slugsOf(search(engine, 'kajek'))).toContain('kajak-in-title');
    expect(search(engine, 'kojek').total).toBe(0);
  });

  it('does not guess at short words', () => {
    expect(search(engine, 'kaj').total).toBeGreaterThan(0); // a prefix still works
    expect(search(engine, 'xaj').total).toBe(0);
  });
});

describe('English words', () => {
  it('reach the Danish words and their synonym groups', () => {
    expect(synonymsOf('smoking')).toEqual(expect.arrayContaining(['rygestop', 'rygning', 'tobak']));
    expect(synonymsOf('anxiety')).toContain('angst');
    expect(synonymsOf('Weight loss')).toContain('vægttab');
  });

  it('count their own Danish words as much as the word itself, and the rest of the groups as synonyms', () => {
    expect(translationsOf('alcohol')).toEqual(['alkohol']);
    expect(synonymsOf('alcohol')).toEqual(expect.arrayContaining(['alkohol', 'misbrug']));
    expect(translationsOf('angst')).toEqual([]);
  });

  it('cover everyday needs and the generic words (debt, couples therapy, help, course)', () => {
    expect(translationsOf('debt')).toEqual(['gæld']);
    expect(translationsOf('Couples therapy')).toEqual(['parterapi']);
    expect(translationsOf('help')).toEqual(['hjælp']);
    expect(translationsOf('courses')).toEqual(['kursus']);
  });

  it('drop English function words, as Danish ones are dropped', () => {
    for (const word of ['with', 'the', 'and', 'of', 'my']) expect(processTerm(word), word).toBeNull();
    expect(slugsOf(search(engine, 'help with anxiety'))).toEqual(['angst-i-gruppe']);
  });

  it.each([
    ['smoking', 'rygestop-kursus'],
    ['quit smoking', 'rygestop-kursus'],
    ['anxiety', 'angst-i-gruppe'],
    ['exercise', 'kajak-in-title'],
  ])('"%s" finds %s', (query, slug) => {
    expect(slugsOf(search(engine, query))).toContain(slug);
  });
});

describe('partial matches instead of an empty page', () => {
  it('shows the offers that match some of the words, and which', () => {
    const outcome = search(engine, 'angst zebrafinke');
    expect(outcome.total).toBe(0);
    expect(slugsOf({ ...outcome, hits: outcome.suggestions })).toEqual(['angst-i-gruppe']);
    expect(outcome.suggestedFor).toEqual(['angst']);
    const html = renderResults(outcome, engine.providers);
    expect(html).toContain('Ingen tilbud matcher alle ordene. Viser tilbud, der matcher »angst«.');
    expect(html).toContain('Gruppeforløb om angst');
  });

  it('keeps the words that match together, and names them as typed', () => {
    const outcome = search(engine, 'Kajak begyndere zebrafinke');
    expect(outcome.suggestedFor).toEqual(['Kajak', 'begyndere']);
    expect(outcome.suggestions.map((h) => h.slug)).toEqual(['kajak-in-title']);
    expect(renderResults(outcome, engine.providers)).toContain('matcher »Kajak« og »begyndere«.');
  });

  it('keeps the rarer word when two words each match but never together', () => {
    // "angst" is in one offer, "kajak" in two others: the rarer word says more about what is sought.
    const outcome = search(engine, 'angst kajak');
    expect(outcome.total).toBe(0);
    expect(outcome.suggestedFor).toEqual(['angst']);
  });

  it('keeps the most words that some offers match together, over a rarer word alone', () => {
    // angst is the rarest word, but no offer has it with either other word; kajak and begyndere go together.
    const outcome = search(engine, 'angst kajak begyndere');
    expect(outcome.total).toBe(0);
    expect(outcome.suggestedFor).toEqual(['kajak', 'begyndere']);
    expect(outcome.suggestions.map((h) => h.slug)).toEqual(['kajak-in-title']);
  });

  it('needs a split compound\'s topic, not its head (the last part, what kind of thing)', () => {
    // No offer has both: the topic's offers are the answer, whichever part is the rarer word.
    expect(slugsOf(search(engine, 'angstkajak'))).toEqual(['angst-i-gruppe']);
    expect(search(engine, 'kajakangst').hits.map((h) => h.slug).sort()).toEqual(['kajak-in-body', 'kajak-in-title']);
    // An offer that has the head too comes first.
    expect(slugsOf(search(engine, 'angstgruppe'))[0]).toBe('angst-i-gruppe');
  });

  it('suggests the offers of a partly known word\'s known part, and names it', () => {
    for (const word of ['angstzebrafinke', 'zebrafinkeangst']) {
      const outcome = search(engine, word);
      expect(outcome.total, word).toBe(0);
      expect(outcome.suggestedFor, word).toEqual(['angst']);
      expect(outcome.suggestions.map((h) => h.slug), word).toEqual(['angst-i-gruppe']);
      expect(renderResults(outcome, engine.providers)).toContain(`Ingen tilbud matcher »${word}«. Viser tilbud, der matcher »angst«.`);
    }
  });

  it.each([
    ['søvnforstyrrelse', ['søvn', 'styr'], ['søvn', 'forstyrrelse']],
    ['lungetræning', ['træning'], ['lunge', 'træning']],
    ['arbejdsglæde', ['arbejd'], ['arbejd', 'glæde']],
    // Neither a short word that happens to end a longer one, nor a fragment the stemmer cuts to a known stem.
    ['hospitalet', ['tal'], null],
    ['forstyrrelse', ['styr'], null],
    ['zebrafinke', ['angst'], null],
  ])('splits the partly known "%s" (index terms %j) into %j', (word, terms, parts) => {
    expect(splitPartly(word, (t) => terms.includes(t))).toEqual(parts);
  });

  it('takes a start that begins the catalogue\'s compounds, though it is no index term itself', () => {
    const startsCompounds = (piece: string) => piece === 'lunge';
    expect(splitPartly('lungepatienter', () => false)).toBeNull();
    expect(splitPartly('lungepatienter', () => false, startsCompounds)).toEqual(['lunge', 'patienter']);
  });

  it('respects the filters', () => {
    const outcome = search(engine, { q: 'angst zebrafinke', tema: 'motion' });
    expect(outcome.suggestions).toEqual([]);
    expect(renderResults(outcome, engine.providers)).toContain('Ingen tilbud matcher »angst zebrafinke« med de valgte filtre');
  });

  it('says nothing of partial matches when no word matches', () => {
    const outcome = search(engine, 'zebrafinke gnu');
    expect(outcome.suggestions).toEqual([]);
    expect(outcome.suggestedFor).toEqual([]);
    expect(renderResults(outcome, engine.providers)).toContain('Ingen tilbud matcher »zebrafinke gnu«');
  });
});
