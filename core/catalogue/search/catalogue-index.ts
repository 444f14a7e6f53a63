/**
 * The server's search index: MiniSearch with its postings in a CompactTermIndex (term-index.ts) and a query
 * runner of its own over them. MiniSearch scores a query by building a Map entry and a result object per
 * matching document per term, and merges the Maps query by query: on a national catalogue (50,000 offers)
 * a common word costs tens of milliseconds of allocation. The runner does the same arithmetic, in the same
 * order, on arrays: the same matches, in the same order, with the same scores (floating point included;
 * tests/unit/search-equivalence.test.ts holds every answer to that). What it keeps of a match's terms is
 * their number (a bit per distinct query term), which is all the final score reads.
 *
 * Server only: the browser loads the index's JSON into a plain MiniSearch and searches with that.
 */
import MiniSearch, { type Query, type QueryCombination, type SearchOptions } from 'minisearch';
import type { Offer, Organisation } from '../offer-schema.ts';
import type { OfferSummary } from '../offer-summary.ts';
import {
  SearchEngine, miniSearchOptions, toIndexRecord, type ConfirmedOn, type IndexRecord, type MatchList, type QueryRunner,
} from './engine.ts';
import { DenseIdMap, FieldLengthTable } from './dense-tables.ts';
import { CompactTermIndex, FIELD_COUNT } from './term-index.ts';

/** Builds the server's search engine over `offers`. */
export function buildSearchEngine(offers: readonly Offer[], organisations: readonly Organisation[], version: string, options: { capacityConfirmedOn?: ConfirmedOn } = {}): SearchEngine {
  const builder = new SearchIndexBuilder(organisations);
  for (const offer of offers) builder.add(offer, options.capacityConfirmedOn?.(offer.slug) ?? null);
  return builder.finish(version);
}

/**
 * The server's search engine built an offer at a time, for a reader that goes through the catalogue in
 * pages and lets each page go (db/offers/live-offers.ts). Each record's plain-text body is garbage as soon
 * as it is indexed.
 */
export class SearchIndexBuilder {
  readonly #index = new CatalogueIndex();
  readonly #organisations: readonly Organisation[];
  readonly #byId: Map<string, Organisation>;

  constructor(organisations: readonly Organisation[]) {
    this.#organisations = organisations;
    this.#byId = new Map(organisations.map((o) => [o.id, o]));
  }

  /** `shown`: the summary whose values the search doc keeps, when the caller keeps one (so both share them). */
  add(offer: Offer, capacityConfirmedOn: string | null, shown?: OfferSummary): void {
    this.#index.add(toIndexRecord(offer, this.#byId.get(offer.provider.organisation), () => capacityConfirmedOn, shown));
  }

  finish(version: string): SearchEngine {
    this.#index.purge();
    return SearchEngine.fromIndex(this.#index, version, this.#organisations);
  }
}

type Spec = { term: string; fuzzy: boolean | number; prefix: boolean; termBoost: number };
type QueryOptions = SearchOptions & { queries?: unknown; tokenize?: (text: string) => string[]; processTerm?: (term: string) => string | string[] | null | undefined | false };

/** MiniSearch's defaults where the engine's options leave them out (minisearch 7: weights, BM25 parameters). */
const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
const DEFAULT_BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * Matches being gathered, in MiniSearch's Map order (first found first): per match its index id, its score
 * and a bit per distinct query term it matched, `width` 32-bit words of them (match i's are at i * width).
 * Grown as needed (`room`), never past the index's size.
 */
class Results {
  ids: Int32Array;
  scores: Float64Array;
  masks: Int32Array;
  size = 0;
  width = 1;
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.masks = new Int32Array(capacity);
  }

  /** Empty, with `width` mask words a match, and room for `capacity` matches (at most `limit`). */
  reset(width: number, capacity: number, limit: number): void {
    this.size = 0;
    this.width = width;
    this.room(capacity, limit);
    if (this.masks.length < this.ids.length * width) this.masks = new Int32Array(this.ids.length * width);
  }

  /** Makes room for `more` matches beyond `size` (at most `limit` in all). */
  room(more: number, limit: number): void {
    const needed = Math.min(this.size + more, limit);
    if (needed <= this.ids.length) return;
    const capacity = Math.min(limit, Math.max(needed, this.ids.length * 2));
    const ids = new Int32Array(capacity);
    const scores = new Float64Array(capacity);
    const masks = new Int32Array(capacity * this.width);
    ids.set(this.ids.subarray(0, this.size));
    scores.set(this.scores.subarray(0, this.size));
    masks.set(this.masks.subarray(0, this.size * this.width));
    this.ids = ids;
    this.scores = scores;
    this.masks = masks;
  }
}

/**
 * Where each document sits in one Results, for merging: `slot[id]` is valid while `stamp[id]` is the current
 * pass (so starting a pass forgets everything without clearing). Plain fields: read in the innermost loops.
 */
class Positions {
  slot = new Int32Array(1_024);
  stamp = new Uint32Array(1_024);
  pass = 0;

  /** Starts a pass over documents up to id `maxId`: every position from before is forgotten. */
  begin(maxId: number): void {
    if (maxId >= this.slot.length) {
      const length = Math.max(maxId + 1, this.slot.length * 2);
      this.slot = new Int32Array(length);
      this.stamp = new Uint32Array(length);
      this.pass = 0;
    }
    if (++this.pass === 0xffffffff) { this.stamp.fill(0); this.pass = 1; }
  }

  /** Marks every match of `results` at its place. */
  mark(results: Results): void {
    const { slot, stamp, pass } = this;
    for (let i = 0; i < results.size; i++) { const id = results.ids[i]!; stamp[id] = pass; slot[id] = i; }
  }
}

export class CatalogueIndex extends MiniSearch<IndexRecord> implements QueryRunner {
  readonly terms = new CompactTermIndex();
  /** Index ids of documents discarded since the last purge. */
  readonly #discarded = new Set<number>();
  /** Each document's field lengths, `FIELD_COUNT` a document (MiniSearch keeps an array per document in a Map). */
  readonly #fieldLengths = new FieldLengthTable(miniSearchOptions.fields.length, FIELD_COUNT);
  readonly #positions = new Positions();
  /**
   * The Results a query works in, kept from query to query: a search on a national catalogue would otherwise
   * allocate megabytes of arrays each time, and that much fresh off-heap memory makes V8 collect the whole
   * heap. Taken in turn during one query (`#take`), all free again at the next.
   */
  readonly #arena: Results[] = [];
  #arenaUsed = 0;

  /** Mask words a match of the current query has: one per 32 of its distinct terms. */
  #width = 1;

  /** An empty Results from the arena with room for `capacity` matches. */
  #take(capacity: number): Results {
    let results = this.#arena[this.#arenaUsed];
    if (!results) this.#arena.push(results = new Results(Math.max(capacity, 64)));
    this.#arenaUsed++;
    results.reset(this.#width, capacity, Math.max(capacity, this._nextId));
    return results;
  }

  constructor() {
    // MiniSearch vacuums by editing its term Maps in place; this index purges itself after each update instead.
    super({ ...miniSearchOptions, autoVacuum: false });
    (this as unknown as { _index: unknown })._index = this.terms;
    // MiniSearch's per-document Maps as arrays by short id (dense-tables.ts); the index is still empty.
    Object.assign(this, { _documentIds: new DenseIdMap<string>(), _storedFields: new DenseIdMap<Record<string, unknown>>(), _fieldLength: this.#fieldLengths });
  }

  #internals() {
    return this as unknown as {
      _idToShortId: Map<string, number>; _avgFieldLength: number[];
      _fieldIds: Record<string, number>; _dirtCount: number; _nextId: number;
    };
  }

  override discard(id: string): void {
    const shortId = this.#internals()._idToShortId.get(id);
    super.discard(id);
    if (shortId !== undefined) this.#discarded.add(shortId);
  }

  /** Takes the discarded documents' postings out of the index (one pass), and lays it out compactly. */
  purge(): void {
    const internals = this.#internals();
    if (this.#discarded.size) this.terms.purge((id) => this.#discarded.has(id));
    else this.terms.compact();
    this.#discarded.clear();
    internals._dirtCount = 0;
    this.#fieldLengths.fold(internals._nextId);
  }

  *jsonChunks(): Generator<string> {
    const json = JSON.stringify;
    yield `{"documentCount":${json(this._documentCount)},"nextId":${json(this._nextId)}`
      + `,"documentIds":${json(Object.fromEntries(this._documentIds))},"fieldIds":${json(this._fieldIds)}`
      + `,"fieldLength":${json(Object.fromEntries(this._fieldLength))},"averageFieldLength":${json(this._avgFieldLength)}`
      + `,"storedFields":${json(Object.fromEntries(this._storedFields))},"dirtCount":${json(this._dirtCount)},"index":[`;
    let separator = '';
    for (const [term, fieldIndex] of this.terms) {
      const data: Record<number, Record<number, number>> = {};
      for (const [fieldId, freqs] of fieldIndex) data[fieldId] = Object.fromEntries(freqs);
      yield separator + json([term, data]);
      separator = ',';
    }
    yield '],"serializationVersion":2}';
  }

  // ------------------------------------------------------------------------------------- the runner

  /**
   * The query's matches as MiniSearch's `executeQuery` finds them, each scored as the engine scores a
   * MiniSearch result (its score times the number of query terms it matched). The list lives in the index's
   * arena: it is valid until the next query (searches are synchronous; every caller reads it at once).
   */
  runQuery(query: Query): MatchList {
    if (!this.terms.compacted) this.purge();
    this.#arenaUsed = 0;
    this.#narrowed = 0;
    // Numbered first, so every Results of the query has room for a bit per distinct term: a long query with
    // many synonyms has more than one word of them.
    const termNumbers = new Map<string, number>();
    this.#walk(query, {}, (terms) => { for (const term of terms) if (!termNumbers.has(term)) termNumbers.set(term, termNumbers.size); });
    this.#width = Math.max(1, Math.ceil(termNumbers.size / 32));
    const results = this.#execute(query, {}, termNumbers);
    const { scores, masks, width } = results;
    for (let i = 0; i < results.size; i++) {
      let matched = 0;
      for (let w = i * width; w < (i + 1) * width; w++) matched += bitCount(masks[w]!);
      scores[i] = scores[i]! * (matched || 1);
    }
    return { ids: results.ids, scores, size: results.size };
  }

  /** Visits each leaf of the query tree with the options it inherits and its terms, as MiniSearch reads them. */
  #walk(query: Query, inherited: QueryOptions, leaf: (terms: string[], options: QueryOptions) => void): void {
    if (typeof query !== 'string') {
      const node = query as QueryCombination;
      const options = { ...inherited, ...node, queries: undefined } as QueryOptions;
      for (const sub of node.queries) this.#walk(sub as Query, options, leaf);
      return;
    }
    const { tokenize, processTerm, searchOptions: global } = this._options as unknown as { tokenize: (t: string) => string[]; processTerm: (t: string) => unknown; searchOptions: QueryOptions };
    const options = { tokenize, processTerm, ...global, ...inherited } as QueryOptions;
    leaf(options.tokenize!(query).flatMap((t) => options.processTerm!(t) as string | string[]).filter((t) => !!t), options);
  }

  /**
   * MiniSearch's executeQuery: options handed down the tree, a leaf's words each a query spec. Under an AND,
   * each part after the first is searched only among the matches so far (#narrowTo), and once none are left
   * the rest is not searched: the same matches and scores, without scoring postings the AND would drop.
   */
  #execute(query: Query, inherited: QueryOptions, termNumbers: ReadonlyMap<string, number>): Results {
    if (typeof query !== 'string') {
      const node = query as QueryCombination;
      const options = { ...inherited, ...node, queries: undefined } as QueryOptions;
      const operator = (options.combineWith ?? 'or').toLowerCase();
      if ((operator !== 'and' && operator !== 'and_not') || node.queries.length < 2) {
        return this.#combine(node.queries.map((sub) => this.#execute(sub as Query, options, termNumbers)), options.combineWith);
      }
      let combined = this.#execute(node.queries[0] as Query, options, termNumbers);
      for (let i = 1; i < node.queries.length && combined.size > 0; i++) {
        this.#narrowTo(combined);
        const next = this.#execute(node.queries[i] as Query, options, termNumbers);
        this.#narrowed--;
        combined = operator === 'and' ? this.#and(combined, next) : this.#andNot(combined, next);
      }
      return combined;
    }
    const results: Results[] = [];
    this.#walk(query, inherited, (terms, options) => {
      for (let i = 0; i < terms.length; i++) {
        const spec = toSpec(options, terms[i]!, i, terms);
        results.push(this.#executeSpec(spec, options, termNumbers.get(spec.term)!));
      }
    });
    return this.#combine(results, this.#leafCombinator(inherited));
  }

  /**
   * The documents the parts of an AND may still match, one level per AND being searched inside another: a
   * mark per document, valid while it equals its level's pass. `#narrowed` levels are in force; the
   * innermost (always within the ones around it) is the one that counts.
   */
  readonly #narrowings: { marks: Uint32Array; pass: number }[] = [];
  #narrowed = 0;

  /** Searches from now on count only the matches of `results` (until `#narrowed` is lowered again). */
  #narrowTo(results: Results): void {
    let level = this.#narrowings[this.#narrowed];
    if (!level || level.marks.length < this._nextId) this.#narrowings[this.#narrowed] = level = { marks: new Uint32Array(Math.max(this._nextId, 1_024)), pass: 0 };
    if (++level.pass === 0xffffffff) { level.marks.fill(0); level.pass = 1; }
    for (let i = 0; i < results.size; i++) level.marks[results.ids[i]!] = level.pass;
    this.#narrowed++;
  }

  #leafCombinator(inherited: QueryOptions): string | undefined {
    const { searchOptions: global } = this._options as unknown as { searchOptions: QueryOptions };
    return ({ ...global, ...inherited } as QueryOptions).combineWith;
  }

  /** MiniSearch's executeQuerySpec: the term itself, then its prefix expansions, then its fuzzy ones. */
  #executeSpec(spec: Spec, searchOptions: QueryOptions, termNumber: number): Results {
    const options = { ...(this._options as unknown as { searchOptions: QueryOptions }).searchOptions, ...searchOptions };
    const fields = (options.fields ?? (this._options as unknown as { fields: string[] }).fields);
    const boosts = fields.map((field) => [this._fieldIds[field]!, (options.boost as Record<string, number> | undefined)?.[field] || 1] as const);
    const bm25 = options.bm25 ?? DEFAULT_BM25;
    const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    const results = this.#take(64);
    this.#positions.begin(this._nextId);
    const exact = this.terms.numberOf(spec.term);
    if (exact !== undefined) this.#termResults(exact, 1, spec.termBoost, boosts, bm25, termNumber, results);
    let prefixMatches: Iterable<[string, { termNumber: number }]> | undefined;
    let fuzzyMatches: Map<string, [{ termNumber: number }, number]> | undefined;
    if (spec.prefix) prefixMatches = this.terms.atPrefix(spec.term);
    if (spec.fuzzy) {
      const fuzzy = spec.fuzzy === true ? 0.2 : spec.fuzzy;
      const maxFuzzy = options.maxFuzzy ?? 6;
      const maxDistance = fuzzy < 1 ? Math.min(maxFuzzy, Math.round(spec.term.length * fuzzy)) : fuzzy;
      if (maxDistance) fuzzyMatches = this.terms.fuzzyGet(spec.term, maxDistance);
    }
    if (prefixMatches) {
      for (const [term, data] of prefixMatches) {
        const distance = term.length - spec.term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(term);
        const weight = weights.prefix * term.length / (term.length + 0.3 * distance);
        this.#termResults(data.termNumber, weight, spec.termBoost, boosts, bm25, termNumber, results);
      }
    }
    if (fuzzyMatches) {
      for (const term of fuzzyMatches.keys()) {
        const [data, distance] = fuzzyMatches.get(term)!;
        if (!distance) continue;
        const weight = weights.fuzzy * term.length / (term.length + distance);
        this.#termResults(data.termNumber, weight, spec.termBoost, boosts, bm25, termNumber, results);
      }
    }
    return results;
  }

  /**
   * MiniSearch's termResults: each field's postings scored by BM25+, added to `results` (whose positions are
   * marked); `termNumber` is the query term's bit.
   */
  #termResults(term: number, termWeight: number, termBoost: number, boosts: readonly (readonly [number, number])[], bm25: { k: number; b: number; d: number }, termNumber: number, results: Results): void {
    const { k, b, d } = bm25;
    const documentCount = this._documentCount;
    const avgFieldLengths = this._avgFieldLength;
    const lengths = this.#fieldLengths.table;
    const { slot, stamp, pass } = this.#positions;
    const narrowing = this.#narrowed ? this.#narrowings[this.#narrowed - 1]! : undefined;
    const allowed = narrowing?.marks;
    const allowedPass = narrowing?.pass ?? 0;
    const word = termNumber >>> 5;
    const bit = 1 << (termNumber & 31);
    for (const [fieldId, fieldBoost] of boosts) {
      const range = this.terms.fieldRange(term, fieldId);
      if (!range) continue;
      const [from, to, keys, freqs] = range;
      results.room(to - from, this._nextId);
      const { ids, scores, masks, width } = results;
      let size = results.size;
      const matchingCount = to - from;
      const avgFieldLength = avgFieldLengths[fieldId]!;
      // The same expressions as MiniSearch's calcBM25Score, evaluated in the same order (the same floats).
      const invDocFreq = Math.log(1 + (documentCount - matchingCount + 0.5) / (matchingCount + 0.5));
      const weight = termWeight * termBoost * fieldBoost * 1;
      for (let i = from; i < to; i++) {
        const id = keys[i]! >>> 3;
        if (allowed !== undefined && allowed[id] !== allowedPass) continue;
        const termFreq = freqs[i]!;
        const fieldLength = lengths[id * FIELD_COUNT + fieldId]!;
        const rawScore = invDocFreq * (d + termFreq * (k + 1) / (termFreq + k * (1 - b + b * fieldLength / avgFieldLength)));
        const weighted = weight * rawScore;
        if (stamp[id] === pass) {
          const at = slot[id]!;
          scores[at] = scores[at]! + weighted;
          masks[at * width + word] = masks[at * width + word]! | bit;
        } else {
          stamp[id] = pass;
          slot[id] = size;
          ids[size] = id;
          scores[size] = weighted;
          masks.fill(0, size * width, (size + 1) * width);
          masks[size * width + word] = bit;
          size++;
        }
      }
      results.size = size;
    }
  }

  /** MiniSearch's combineResults: the results reduced pairwise by the combinator, in order. */
  #combine(results: Results[], combineWith: string | undefined = 'or'): Results {
    if (!results.length) return this.#take(0);
    const operator = combineWith.toLowerCase();
    if (operator === 'or') return this.#or(results);
    let combined = results[0]!;
    for (let i = 1; i < results.length; i++) {
      if (operator === 'and') combined = this.#and(combined, results[i]!);
      else if (operator === 'and_not') combined = this.#andNot(combined, results[i]!);
      else throw new Error(`MiniSearch: Invalid combination operator: ${combineWith}`);
    }
    return combined;
  }

  /**
   * Into the first: each next one's matches that it has add their score and terms, the others follow, in
   * order (MiniSearch's OR, pairwise from the left). The first's positions are marked once and kept up.
   */
  #or(results: Results[]): Results {
    const first = results[0]!;
    if (results.length === 1) return first;
    const positions = this.#positions;
    positions.begin(this._nextId);
    positions.mark(first);
    const { slot, stamp, pass } = positions;
    for (let r = 1; r < results.length; r++) {
      const b = results[r]!;
      first.room(b.size, this._nextId);
      const { ids, scores, masks, width } = first;
      let size = first.size;
      for (let i = 0; i < b.size; i++) {
        const id = b.ids[i]!;
        if (stamp[id] === pass) {
          const at = slot[id]!;
          scores[at] = scores[at]! + b.scores[i]!;
          for (let w = 0; w < width; w++) masks[at * width + w] = masks[at * width + w]! | b.masks[i * width + w]!;
        } else {
          stamp[id] = pass;
          slot[id] = size;
          ids[size] = id;
          scores[size] = b.scores[i]!;
          for (let w = 0; w < width; w++) masks[size * width + w] = b.masks[i * width + w]!;
          size++;
        }
      }
      first.size = size;
    }
    return first;
  }

  /** The matches of both, in b's order, scores added. */
  #and(a: Results, b: Results): Results {
    const positions = this.#positions;
    positions.begin(this._nextId);
    positions.mark(a);
    const { slot, stamp, pass } = positions;
    const out = this.#take(Math.min(a.size, b.size));
    const { width } = out;
    let size = 0;
    for (let i = 0; i < b.size; i++) {
      const id = b.ids[i]!;
      if (stamp[id] !== pass) continue;
      const at = slot[id]!;
      out.ids[size] = id;
      out.scores[size] = a.scores[at]! + b.scores[i]!;
      for (let w = 0; w < width; w++) out.masks[size * width + w] = a.masks[at * width + w]! | b.masks[i * width + w]!;
      size++;
    }
    out.size = size;
    return out;
  }

  /** a's matches that b does not have, in a's order. */
  #andNot(a: Results, b: Results): Results {
    const positions = this.#positions;
    positions.begin(this._nextId);
    positions.mark(b);
    const { stamp, pass } = positions;
    const out = this.#take(a.size);
    const { width } = out;
    let size = 0;
    for (let i = 0; i < a.size; i++) {
      if (stamp[a.ids[i]!] === pass) continue;
      out.ids[size] = a.ids[i]!;
      out.scores[size] = a.scores[i]!;
      for (let w = 0; w < width; w++) out.masks[size * width + w] = a.masks[i * width + w]!;
      size++;
    }
    out.size = size;
    return out;
  }
}

// MiniSearch records and forgets each occurrence of a term through these two (private) methods.
Object.assign(CatalogueIndex.prototype, {
  addTerm(this: CatalogueIndex, fieldId: number, documentId: number, term: string) { this.terms.add(term, fieldId, documentId); },
  removeTerm(this: CatalogueIndex, fieldId: number, documentId: number, term: string) { this.terms.remove(term, fieldId, documentId); },
});

/** MiniSearch's termToQuerySpec. */
function toSpec(options: QueryOptions, term: string, i: number, terms: string[]): Spec {
  const fuzzy = typeof options.fuzzy === 'function' ? options.fuzzy(term, i, terms) : (options.fuzzy || false);
  const prefix = typeof options.prefix === 'function' ? options.prefix(term, i, terms) : options.prefix === true;
  const termBoost = typeof options.boostTerm === 'function' ? options.boostTerm(term, i, terms) : 1;
  return { term, fuzzy, prefix, termBoost };
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}
