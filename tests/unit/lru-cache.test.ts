/** The bounded LRU cache, and the rendered offer bodies kept in one: bounded, and right after eviction. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LruCache } from '../../core/lru-cache.ts';
import { renderMarkdown } from '../../core/catalogue/content/markdown.ts';
import { offerBodyHtml, offerHtmlCache, parseOfferFile } from '../../core/catalogue/content/offer-file.ts';
import { OFFER_FIXTURES } from './helpers.ts';

describe('LruCache', () => {
  it('holds at most maxEntries, evicting the least recently used', () => {
    const cache = new LruCache<string, number>({ maxEntries: 3 });
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i);
    expect(cache.get('a')).toBe(0); // a is now the most recent; b the oldest
    cache.set('d', 3);
    expect(cache.size).toBe(3);
    expect(cache.has('b')).toBe(false);
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([0, 2, 3]);
  });

  it('holds at most maxWeight, and does not keep a value heavier than that', () => {
    const cache = new LruCache<string, string>({ maxEntries: 100, maxWeight: 10, weigh: (v) => v.length });
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    cache.set('c', 'zzzz'); // 12 > 10: a goes
    expect(cache.weight).toBe(8);
    expect(cache.has('a')).toBe(false);
    cache.set('huge', 'x'.repeat(11));
    expect(cache.has('huge')).toBe(false);
    expect(cache.weight).toBe(8);
    cache.set('b', 'y'); // replacing a value re-weighs it
    expect(cache.weight).toBe(5);
  });

  it('stays bounded under many keys and gives every key its own value back after eviction', () => {
    const cache = new LruCache<number, string>({ maxEntries: 16, maxWeight: 200, weigh: (v) => v.length });
    let created = 0;
    const valueOf = (k: number) => cache.getOrCreate(k, () => { created++; return `value of ${k}`; });
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < 100; k++) {
        expect(valueOf(k)).toBe(`value of ${k}`);
        expect(cache.size).toBeLessThanOrEqual(16);
        expect(cache.weight).toBeLessThanOrEqual(200);
      }
    }
    expect(created).toBe(300); // 100 keys through 16 places: every lookup after the first round was a miss
    expect(valueOf(99)).toBe('value of 99');
    expect(created).toBe(300); // and the most recent one is a hit
  });

  it('refuses a bound below one entry', () => {
    expect(() => new LruCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});

describe('rendered offer bodies', () => {
  const file = path.join(OFFER_FIXTURES, 'valid/full-offer.md');
  const offer = parseOfferFile(readFileSync(file, 'utf8'), 'full-offer.md');

  it('renders an offer\'s HTML when it is read, and copies it with the offer', () => {
    expect(offer.html).toBe(renderMarkdown(offer.body));
    expect({ ...offer }.html).toBe(offer.html);
  });

  it('keeps a bounded number of bodies, and renders an evicted one again, the same', () => {
    const first = offer.html;
    for (let i = 0; i < offerHtmlCache.maxEntries * 2; i++) {
      expect(offerBodyHtml(`## Tilbud ${i}\n\nTekst om tilbud nummer ${i}.`)).toBe(`<h2>Tilbud ${i}</h2>\n<p>Tekst om tilbud nummer ${i}.</p>\n`);
      expect(offerHtmlCache.size).toBeLessThanOrEqual(offerHtmlCache.maxEntries);
      expect(offerHtmlCache.weight).toBeLessThanOrEqual(offerHtmlCache.maxWeight);
    }
    expect(offerHtmlCache.has(offer.body)).toBe(false);
    expect(offer.html).toBe(first);
    expect(offerHtmlCache.has(offer.body)).toBe(true);
  });
});
