/**
 * The server index keeps MiniSearch's per-document Maps as arrays (dense-tables.ts). They must behave as
 * the Maps did: the same answers to MiniSearch's calls, the same iteration order, and, after documents are
 * added, discarded and replaced, the same index (JSON) and the same search results as a plain MiniSearch.
 */
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it, vi } from 'vitest';
import { CatalogueIndex } from '../../core/catalogue/search/catalogue-index.ts';
import { DenseIdMap, FieldLengthTable } from '../../core/catalogue/search/dense-tables.ts';
import { buildQuery, miniSearchOptions, toIndexRecord, type IndexRecord } from '../../core/catalogue/search/engine.ts';
import { demoOrganisations, loadOfferFile, markdownFiles, OFFERS_DIR } from './helpers.ts';

type Op = { kind: 'set'; id: number; value: number } | { kind: 'delete'; id: number };
const ops = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id: fc.nat(40), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.nat(40) }),
), { maxLength: 80 });

describe('DenseIdMap', () => {
  it('answers as a Map does when ids are set in ascending order, whatever is deleted in between', () => {
    fc.assert(fc.property(ops, (list: Op[]) => {
      const dense = new DenseIdMap<number>();
      const map = new Map<number, number>();
      let next = 0;
      for (const op of list) {
        if (op.kind === 'set') {
          // MiniSearch hands out ids in ascending order and never reuses one.
          const id = next++;
          dense.set(id, op.value);
          map.set(id, op.value);
        } else {
          expect(dense.delete(op.id)).toBe(map.delete(op.id));
        }
        expect(dense.size).toBe(map.size);
      }
      expect([...dense]).toEqual([...map]);
      expect([...dense.keys()]).toEqual([...map.keys()]);
      expect(Object.fromEntries(dense)).toEqual(Object.fromEntries(map));
      for (let id = 0; id <= next; id++) {
        expect(dense.get(id)).toBe(map.get(id));
        expect(dense.has(id)).toBe(map.has(id));
      }
    }));
  });
});

describe('FieldLengthTable', () => {
  it('keeps the array MiniSearch fills after set, and a row of the table after fold', () => {
    const table = new FieldLengthTable(3, 4);
    const lengths: number[] = [];
    table.set(5, lengths);
    lengths[0] = 7; lengths[1] = 2; lengths[2] = 9; // MiniSearch fills the array after handing it over
    expect(table.get(5)).toBe(lengths);
    table.fold(6);
    expect(Array.from(table.get(5)!)).toEqual([7, 2, 9]);
    expect(table.get(5)!.length).toBe(3); // the fields, not the stride: MiniSearch walks every entry
    expect(Array.from(table.table.subarray(20, 24))).toEqual([7, 2, 9, 0]);
    expect([...table]).toEqual([[5, [7, 2, 9]]]);
    expect(table.delete(5)).toBe(true);
    expect(table.get(5)).toBeUndefined();
    expect(table.size).toBe(0);
    expect(Array.from(table.table.subarray(20, 24))).toEqual([0, 0, 0, 0]);
  });
});

describe('the server index over dense tables', () => {
  const organisations = new Map(demoOrganisations().map((o) => [o.id, o]));
  const offers = markdownFiles(OFFERS_DIR).map(({ file }) => loadOfferFile(file));
  const record = (i: number, title?: string): IndexRecord => {
    const offer = offers[i]!;
    const base = toIndexRecord(offer, organisations.get(offer.provider.organisation));
    return title ? { ...base, title } : base;
  };

  it('holds what a plain MiniSearch holds after adds, discards and replacements, and finds the same', async () => {
    const server = new CatalogueIndex();
    const plain = new MiniSearch<IndexRecord>({ ...miniSearchOptions, autoVacuum: false });
    for (let i = 0; i < offers.length; i++) { server.add(record(i)); plain.add(record(i)); }
    server.purge();
    for (let i = 0; i < offers.length; i += 7) { server.discard(offers[i]!.slug); plain.discard(offers[i]!.slug); }
    for (let i = 3; i < offers.length; i += 11) {
      if (i % 7 === 0) continue; // discarded above
      server.replace(record(i, `Nyt navn ${i}`));
      plain.replace(record(i, `Nyt navn ${i}`));
    }
    server.purge();
    // The server index drops discarded documents' postings at once (purge); MiniSearch when it vacuums.
    await plain.vacuum();

    const ours = JSON.parse([...server.jsonChunks()].join(''));
    const slugOf = (id: number) => ours.documentIds[id] as string;
    const theirs = JSON.parse(JSON.stringify(plain));
    for (const key of ['documentCount', 'nextId', 'documentIds', 'fieldLength', 'averageFieldLength', 'storedFields']) {
      expect(ours[key], key).toEqual(theirs[key]);
    }
    // Discarded documents leave their rows empty; replaced ones moved to new ids (the order of adding).
    expect(Object.keys(ours.documentIds).length).toBe(plain.documentCount);
    for (const query of ['stress', 'angst gruppe', 'Nyt navn', 'rygestop', 'søvn']) {
      const found = server.runQuery({ combineWith: 'OR', queries: [query] });
      const list = Array.from({ length: found.size }, (_, i) => ({ id: slugOf(found.ids[i]!), score: found.scores[i]! }))
        .sort((a, b) => b.score - a.score);
      const theirs = plain.search(query).map((r) => ({ id: r.id as string, score: r.score }));
      expect(list.length, query).toBeGreaterThan(0);
      expect(list, query).toEqual(theirs);
    }
  });

  it('finds what MiniSearch finds for ANDs within ORs within ANDs, AND_NOT, and an AND whose first part matches nothing', () => {
    // The runner searches each part of an AND only among the matches so far: the answer must not change.
    const server = new CatalogueIndex();
    const plain = new MiniSearch<IndexRecord>({ ...miniSearchOptions, autoVacuum: false });
    for (let i = 0; i < offers.length; i++) { server.add(record(i)); plain.add(record(i)); }
    server.purge();
    const slugOf = (id: number) => JSON.parse([...server.jsonChunks()].join('')).documentIds[id] as string;
    const queries = [
      { combineWith: 'AND', queries: ['angst', { combineWith: 'OR', queries: ['gruppe', { combineWith: 'AND', queries: ['unge', 'kursus'] }] }, 'hjælp'] },
      { combineWith: 'AND', queries: ['stress', { combineWith: 'AND', queries: ['job', 'sygemeldt'], boostTerm: () => 0.3 }] },
      { combineWith: 'AND_NOT', queries: ['rygestop', { combineWith: 'OR', queries: ['unge', 'arabisk'] }] },
      { combineWith: 'AND', queries: ['zebrafinke', 'angst', 'stress'] },
      { combineWith: 'OR', queries: [{ combineWith: 'AND', queries: ['zebrafinke', 'angst'] }, { combineWith: 'AND', queries: ['søvn', 'kursus'] }] },
    ] as const;
    const sizes: number[] = [];
    for (const query of queries) {
      const found = server.runQuery(query as never);
      sizes.push(found.size);
      const list = Array.from({ length: found.size }, (_, i) => ({ id: slugOf(found.ids[i]!), score: found.scores[i]! }))
        .sort((a, b) => b.score - a.score);
      expect(list, JSON.stringify(query)).toEqual(plain.search(query as never).map((r) => ({ id: r.id as string, score: r.score })));
    }
    expect(sizes.map((n) => n > 0)).toEqual([true, true, true, false, true]);
  });

  it('finds what MiniSearch finds for a query of more than 32 distinct terms, without handing it to MiniSearch', () => {
    // Before, a query past 31 terms ran through MiniSearch's own executeQuery: seconds on a national catalogue.
    const server = new CatalogueIndex();
    const plain = new MiniSearch<IndexRecord>({ ...miniSearchOptions, autoVacuum: false });
    for (let i = 0; i < offers.length; i++) { server.add(record(i)); plain.add(record(i)); }
    server.purge();
    const slugOf = (id: number) => JSON.parse([...server.jsonChunks()].join('')).documentIds[id] as string;
    const knows = (term: string) => server.terms.numberOf(term) !== undefined;
    const words = 'stress angst depression søvn alkohol hash rygning kost motion smerter ensomhed';
    for (const combineWith of ['OR', 'AND'] as const) {
      const query = buildQuery(words, knows, combineWith)!;
      const terms = new Set<string>();
      const collect = (q: unknown): void => {
        if (typeof q === 'string') { for (const t of q.split(' ')) terms.add(t); return; }
        for (const sub of (q as { queries: unknown[] }).queries) collect(sub);
      };
      collect(query);
      expect(terms.size, 'distinct words in the query tree').toBeGreaterThan(32);
      const viaMiniSearch = vi.spyOn(server as unknown as { executeQuery: () => unknown }, 'executeQuery');
      const found = server.runQuery(query);
      expect(viaMiniSearch).not.toHaveBeenCalled();
      viaMiniSearch.mockRestore();
      const list = Array.from({ length: found.size }, (_, i) => ({ id: slugOf(found.ids[i]!), score: found.scores[i]! }))
        .sort((a, b) => b.score - a.score);
      const theirs = plain.search(query).map((r) => ({ id: r.id as string, score: r.score }));
      if (combineWith === 'OR') expect(list.length).toBeGreaterThan(10);
      expect(list, combineWith).toEqual(theirs);
    }
  });
});
