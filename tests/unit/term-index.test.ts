/**
 * The compact term index against the plain Maps MiniSearch keeps (term → field → document → frequency):
 * after any sequence of occurrences added, occurrences removed and documents purged, every lookup MiniSearch
 * makes — get, atPrefix, fuzzyGet, iteration, sizes, frequencies — answers the same, in the same order.
 */
import fc from 'fast-check';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { CompactTermIndex, type TermData } from '../../core/catalogue/search/term-index.ts';

type Model = SearchableMap<Map<number, Map<number, number>>>;

const TERMS = ['stress', 'stres', 'stresshåndtering', 'søvn', 'søvnløs', 'ryg', 'rygestop', 'alkohol', 'a', 'ab'];

/**
 * A term's data as plain nested entries: documents in the order they iterate, fields by number (MiniSearch's
 * Maps keep fields in the order first seen, the compact index by number; nothing reads that order — scoring
 * asks field by field, and JSON writes numeric keys in ascending order either way).
 */
const plain = (data: TermData | Map<number, Map<number, number>> | undefined) =>
  data && [...data].map(([field, docs]) => [field, [...docs], docs.size] as const).sort((a, b) => a[0] - b[0]);

function modelAdd(model: Model, term: string, field: number, doc: number) {
  const data = model.fetch(term, () => new Map());
  const docs = data.get(field) ?? new Map<number, number>();
  data.set(field, docs);
  docs.set(doc, (docs.get(doc) ?? 0) + 1);
}

function modelRemove(model: Model, term: string, field: number, doc: number) {
  const docs = model.get(term)?.get(field);
  if (!docs?.has(doc)) return;
  if (docs.get(doc)! > 1) docs.set(doc, docs.get(doc)! - 1);
  else docs.delete(doc);
  if (!docs.size) model.get(term)!.delete(field);
  if (!model.get(term)!.size) model.delete(term);
}

function modelPurge(model: Model, gone: Set<number>) {
  for (const [term, data] of [...model]) {
    for (const [field, docs] of [...data]) {
      for (const doc of [...docs.keys()]) if (gone.has(doc)) docs.delete(doc);
      if (!docs.size) data.delete(field);
    }
    if (!data.size) model.delete(term);
  }
}

const operation = fc.oneof(
  // Documents are indexed in increasing id order, one field after another, as MiniSearch adds them.
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), terms: fc.array(fc.constantFrom(...TERMS), { minLength: 1, maxLength: 16 }), fields: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), term: fc.constantFrom(...TERMS.slice(0, 4)), field: fc.integer({ min: 0, max: 2 }), doc: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), docs: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const) }) },
);

describe('CompactTermIndex', () => {
  it('answers every lookup as MiniSearch\'s Maps would, after any adds, removals and purges', () => {
    fc.assert(fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
      const index = new CompactTermIndex();
      const model: Model = new SearchableMap();
      let nextDoc = 0;
      for (const op of operations) {
        if (op.kind === 'add') {
          const doc = nextDoc++;
          for (const field of [...new Set(op.fields)].sort()) {
            for (const term of op.terms) { index.add(term, field, doc); modelAdd(model, term, field, doc); }
          }
        } else if (op.kind === 'remove') {
          index.remove(op.term, op.field, op.doc);
          modelRemove(model, op.term, op.field, op.doc);
        } else if (op.kind === 'purge') {
          const gone = new Set(op.docs);
          index.purge((doc) => gone.has(doc));
          modelPurge(model, gone);
        } else {
          index.compact();
        }
      }
      expect(index.size).toBe(model.size);
      expect([...index.keys()]).toEqual([...model.keys()]);
      expect([...index].map(([term, data]) => [term, plain(data)])).toEqual([...model].map(([term, data]) => [term, plain(data)]));
      for (const term of TERMS) {
        expect(index.has(term)).toBe(model.has(term));
        expect(plain(index.get(term))).toEqual(plain(model.get(term)));
        for (let field = 0; field < 6; field++) {
          const docs = index.get(term)?.get(field);
          const expected = model.get(term)?.get(field);
          expect(docs?.size).toBe(expected?.size);
          // Asked out of the walk's order too, as a lookup by id.
          for (let doc = 0; doc < nextDoc; doc++) expect(docs?.get(doc)).toBe(expected?.get(doc));
        }
      }
      for (const prefix of ['st', 'stres', 'søvn', 'r', 'x']) {
        expect([...index.atPrefix(prefix)].map(([t, d]) => [t, plain(d)])).toEqual([...model.atPrefix(prefix)].map(([t, d]) => [t, plain(d)]));
      }
      for (const [term, distance] of [['stess', 1], ['søvm', 1], ['rygstop', 2]] as const) {
        const got = [...index.fuzzyGet(term, distance)].map(([t, [d, n]]) => [t, plain(d), n]);
        expect(got).toEqual([...model.fuzzyGet(term, distance)].map(([t, [d, n]]) => [t, plain(d), n]));
      }
    }), { numRuns: 300 });
  });

  it('holds a posting in a few bytes, not a Map entry', () => {
    const index = new CompactTermIndex();
    for (let doc = 0; doc < 20_000; doc++) for (const term of TERMS) index.add(term, doc % 6, doc);
    index.compact();
    // 200,000 postings: 6 bytes each plus a block header per term and the per-term offsets.
    expect(index.postingBytes).toBeLessThan(200_000 * 6 + 16_384);
  });
});
