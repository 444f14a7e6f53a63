/**
 * The term index of the server's search: MiniSearch's own term tree (a SearchableMap, for prefix and
 * fuzzy lookup) holding a term NUMBER per term, and every term's postings — (document, field, frequency) —
 * packed in two typed arrays. MiniSearch keeps a Map per term and field with a Map entry per document:
 * about 226 MB of heap for 50,000 offers, against some 6 bytes a posting here (a national catalogue has to
 * fit one process). MiniSearch reads the index through what `get`, `atPrefix` and `fuzzyGet` return, which
 * are read-only views with the Map methods it calls, so its query code and its scores stay exactly its own.
 *
 * Postings are appended in blocks chained per term (a term's entries stay in document order, the order
 * MiniSearch's Maps iterate in); `compact` lays each term's entries out in one block, and `purge` drops
 * removed documents' entries at once (MiniSearch's own vacuuming walks and edits its Maps, which these
 * views do not allow, so the index is built with autoVacuum off).
 */
import SearchableMap from 'minisearch/SearchableMap';

/** An entry's key: document id × 8 + field id (MiniSearch numbers the engine's six fields 0–5). */
const FIELD_BITS = 3;
const FIELD_MASK = (1 << FIELD_BITS) - 1;
/** Fields an entry can name (the engine has six). */
export const FIELD_COUNT = FIELD_MASK + 1;
const MAX_FREQUENCY = 0xffff;
/** Block header, in the pool: the next block's offset (−1: none), the block's capacity, its entries used. */
const NEXT = 0;
const CAPACITY = 1;
const USED = 2;
const HEADER = 3;
const FIRST_CAPACITY = 2;
const MAX_BLOCK = 4_096;

/** The per-term data MiniSearch reads: field id → that field's postings. */
export interface TermData {
  readonly termNumber: number;
  get(fieldId: number): FieldPostings | undefined;
  readonly size: number;
  keys(): IterableIterator<number>;
  values(): IterableIterator<FieldPostings>;
  [Symbol.iterator](): IterableIterator<[number, FieldPostings]>;
}

export class CompactTermIndex {
  /** Term → term number. */
  #terms = new SearchableMap<number>();
  /** Per term number: the offsets of its first and last block in the pool (−1: no entries). */
  #head = new Int32Array(1_024).fill(-1);
  #tail = new Int32Array(1_024).fill(-1);
  #nextTerm = 0;
  /** Entry keys (and block headers), and each entry's frequency at the same offset. */
  #keys = new Int32Array(65_536);
  #freqs = new Uint16Array(65_536);
  #used = 0;
  /** Whether every term is one block, its entries ordered by field and then document (see `compact`). */
  #compacted = true;

  get size(): number { return this.#terms.size; }
  get compacted(): boolean { return this.#compacted; }
  has(term: string): boolean { return this.#terms.has(term); }

  get(term: string): TermData | undefined {
    const t = this.#terms.get(term);
    return t === undefined ? undefined : new TermView(this, t);
  }

  keys(): IterableIterator<string> { return this.#terms.keys(); }

  *[Symbol.iterator](): IterableIterator<[string, TermData]> {
    for (const [term, t] of this.#terms) yield [term, new TermView(this, t)];
  }


  /** The terms that start with `prefix`, with their data, in the tree's order (MiniSearch's). */
  *atPrefix(prefix: string): IterableIterator<[string, TermData]> {
    for (const [term, t] of this.#terms.atPrefix(prefix)) yield [term, new TermView(this, t)];
  }

  /** The terms within `maxDistance` edits of `term`, with their data and distance (MiniSearch's fuzzy walk). */
  fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]> {
    const found = new Map<string, [TermData, number]>();
    for (const [key, [t, distance]] of this.#terms.fuzzyGet(term, maxDistance)) found.set(key, [new TermView(this, t), distance]);
    return found;
  }

  /** One more occurrence of `term` in a document's field (what MiniSearch's addTerm records). */
  add(term: string, fieldId: number, documentId: number): void {
    this.#compacted = false;
    const key = documentId * (FIELD_MASK + 1) + fieldId;
    let t = this.#terms.get(term);
    if (t === undefined) {
      t = this.#newTerm();
      this.#terms.set(term, t);
    }
    const tail = this.#tail[t]!;
    if (tail >= 0) {
      const used = this.#keys[tail + USED]!;
      const last = tail + HEADER + used - 1;
      // A document's field is indexed in one go: a repeat of the term is the last entry, counted up.
      if (used > 0 && this.#keys[last] === key) {
        if (this.#freqs[last]! < MAX_FREQUENCY) this.#freqs[last]!++;
        return;
      }
      if (used < this.#keys[tail + CAPACITY]!) {
        this.#keys[last + 1] = key;
        this.#freqs[last + 1] = 1;
        this.#keys[tail + USED] = used + 1;
        return;
      }
    }
    const capacity = tail < 0 ? FIRST_CAPACITY : Math.min(MAX_BLOCK, this.#keys[tail + CAPACITY]! * 2);
    const block = this.#allocate(capacity);
    this.#keys[block + HEADER] = key;
    this.#freqs[block + HEADER] = 1;
    this.#keys[block + USED] = 1;
    if (tail < 0) this.#head[t] = block;
    else this.#keys[tail + NEXT] = block;
    this.#tail[t] = block;
  }

  /** Takes one occurrence of `term` in a document's field out (MiniSearch's removeTerm). */
  remove(term: string, fieldId: number, documentId: number): void {
    const t = this.#terms.get(term);
    if (t === undefined) return;
    const key = documentId * (FIELD_MASK + 1) + fieldId;
    this.#compacted = false;
    for (let block = this.#head[t]!; block >= 0; block = this.#keys[block + NEXT]!) {
      const end = block + HEADER + this.#keys[block + USED]!;
      for (let i = block + HEADER; i < end; i++) {
        if (this.#keys[i] !== key) continue;
        if (this.#freqs[i]! > 1) this.#freqs[i]!--;
        else this.#rewrite(t, (k) => k !== key);
        if (this.#head[t]! < 0) this.#terms.delete(term);
        return;
      }
    }
  }

  /**
   * Drops every entry of the documents `isGone` names, and the terms left with none; then lays the index out
   * compactly. One pass over all postings: what an edit of a 50,000-offer catalogue costs is some milliseconds.
   */
  purge(isGone: (documentId: number) => boolean): void {
    const emptied: string[] = [];
    for (const [term, t] of this.#terms) {
      if (!this.#someEntry(t, (key) => isGone(key >>> FIELD_BITS))) continue;
      this.#rewrite(t, (key) => !isGone(key >>> FIELD_BITS));
      if (this.#head[t]! < 0) emptied.push(term);
    }
    for (const term of emptied) this.#terms.delete(term);
    this.compact();
  }

  /**
   * Every term's entries in one block of exactly their number, in a pool of exactly their size, ordered by
   * field and, within a field, by document (the order each field's Map had): a field's postings are one run.
   */
  compact(): void {
    let total = 0;
    for (const t of this.#terms.values()) total += HEADER + this.#countOf(t);
    const keys = new Int32Array(Math.max(total, 16));
    const freqs = new Uint16Array(keys.length);
    const starts = new Uint32Array(FIELD_COUNT);
    let at = 0;
    for (const t of this.#terms.values()) {
      const start = at;
      // Where each field's run begins: counted first, then every entry placed (a stable counting sort).
      starts.fill(0);
      this.forEach(t, (key) => { starts[key & FIELD_MASK]!++; });
      let offset = start + HEADER;
      for (let f = 0; f < FIELD_COUNT; f++) { const n = starts[f]!; starts[f] = offset; offset += n; }
      this.forEach(t, (key, frequency) => {
        const to = starts[key & FIELD_MASK]!++;
        keys[to] = key;
        freqs[to] = frequency;
      });
      keys[start + NEXT] = -1;
      keys[start + CAPACITY] = keys[start + USED] = offset - start - HEADER;
      this.#head[t] = this.#tail[t] = start;
      at = offset;
    }
    this.#keys = keys;
    this.#freqs = freqs;
    this.#used = at;
    this.#compacted = true;
  }

  /** The number of a term (what views and `fieldRange` take), if the index has it. */
  numberOf(term: string): number | undefined { return this.#terms.get(term); }

  /**
   * Term number `t`'s postings in field `fieldId` as one run of the pool: [from, to) in `keys` (document id ×
   * 8 + field) and `freqs`; null when the field has none. Only on a compacted index (`compact`, `purge`).
   */
  fieldRange(t: number, fieldId: number): [from: number, to: number, keys: Int32Array, freqs: Uint16Array] | null {
    if (!this.#compacted) throw new Error('CompactTermIndex: fieldRange needs a compacted index');
    const block = this.#head[t]!;
    if (block < 0) return null;
    const first = block + HEADER;
    const end = first + this.#keys[block + USED]!;
    const from = this.#firstOfField(first, end, fieldId);
    const to = this.#firstOfField(from, end, fieldId + 1);
    return from < to ? [from, to, this.#keys, this.#freqs] : null;
  }

  /** The first position in [lo, hi) whose entry's field is at least `fieldId` (entries ordered by field). */
  #firstOfField(lo: number, hi: number, fieldId: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#keys[mid]! & FIELD_MASK) < fieldId) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bytes held by the postings (what the memory test reads). */
  get postingBytes(): number { return this.#keys.byteLength + this.#freqs.byteLength + this.#head.byteLength + this.#tail.byteLength; }

  // ------------------------------------------------------------------------------------------ reading

  /** Calls `visit(key, frequency)` for every entry of term number `t`, in order. */
  forEach(t: number, visit: (key: number, frequency: number) => void): void {
    const keys = this.#keys;
    const freqs = this.#freqs;
    for (let block = this.#head[t]!; block >= 0; block = keys[block + NEXT]!) {
      const end = block + HEADER + keys[block + USED]!;
      for (let i = block + HEADER; i < end; i++) visit(keys[i]!, freqs[i]!);
    }
  }

  /** The entries of term number `t` in field `fieldId`, in document order: [document id, frequency] pairs. */
  *fieldEntries(t: number, fieldId: number): IterableIterator<[number, number]> {
    const keys = this.#keys;
    const freqs = this.#freqs;
    for (let block = this.#head[t]!; block >= 0; block = keys[block + NEXT]!) {
      const end = block + HEADER + keys[block + USED]!;
      for (let i = block + HEADER; i < end; i++) {
        const key = keys[i]!;
        if ((key & FIELD_MASK) === fieldId) yield [key >>> FIELD_BITS, freqs[i]!];
      }
    }
  }

  // ----------------------------------------------------------------------------------------- internal

  #newTerm(): number {
    const t = this.#nextTerm++;
    if (t >= this.#head.length) {
      this.#head = grow(this.#head, this.#head.length * 2, -1);
      this.#tail = grow(this.#tail, this.#tail.length * 2, -1);
    }
    return t;
  }

  #allocate(capacity: number): number {
    const size = HEADER + capacity;
    if (this.#used + size > this.#keys.length) {
      const length = Math.max(this.#keys.length * 2, this.#used + size);
      this.#keys = grow(this.#keys, length, 0);
      const freqs = new Uint16Array(length);
      freqs.set(this.#freqs);
      this.#freqs = freqs;
    }
    const block = this.#used;
    this.#used += size;
    this.#keys[block + NEXT] = -1;
    this.#keys[block + CAPACITY] = capacity;
    this.#keys[block + USED] = 0;
    return block;
  }

  #countOf(t: number): number {
    let count = 0;
    for (let block = this.#head[t]!; block >= 0; block = this.#keys[block + NEXT]!) count += this.#keys[block + USED]!;
    return count;
  }

  #someEntry(t: number, test: (key: number) => boolean): boolean {
    for (let block = this.#head[t]!; block >= 0; block = this.#keys[block + NEXT]!) {
      const end = block + HEADER + this.#keys[block + USED]!;
      for (let i = block + HEADER; i < end; i++) if (test(this.#keys[i]!)) return true;
    }
    return false;
  }

  /** Keeps the entries of term `t` that `keep` accepts, in place and in order; a term left empty has no block. */
  #rewrite(t: number, keep: (key: number) => boolean): void {
    const head = this.#head[t]!;
    let into = head;
    let at = head + HEADER;
    let intoEnd = head + HEADER + this.#keys[head + CAPACITY]!;
    let total = 0;
    for (let block = head; block >= 0;) {
      const next = this.#keys[block + NEXT]!;
      const end = block + HEADER + this.#keys[block + USED]!;
      for (let i = block + HEADER; i < end; i++) {
        const key = this.#keys[i]!;
        if (!keep(key)) continue;
        // Entries only move towards the head: the block written into is never past the one read.
        if (at === intoEnd) {
          this.#keys[into + USED] = this.#keys[into + CAPACITY]!;
          into = this.#keys[into + NEXT]!;
          at = into + HEADER;
          intoEnd = into + HEADER + this.#keys[into + CAPACITY]!;
        }
        this.#keys[at] = key;
        this.#freqs[at] = this.#freqs[i]!;
        at++;
        total++;
      }
      block = next;
    }
    if (!total) { this.#head[t] = this.#tail[t] = -1; return; }
    this.#keys[into + USED] = at - into - HEADER;
    this.#keys[into + NEXT] = -1;
    this.#tail[t] = into;
  }
}

function grow(array: Int32Array, length: number, fill: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array);
  if (fill) grown.fill(fill, array.length);
  return grown;
}

/**
 * One term's data as MiniSearch reads it (a Map of field id → postings). Its per-field counts are read in one
 * pass when first asked for; a view is made per lookup, and lookups are made after the index is complete.
 */
class TermView implements TermData {
  readonly #index: CompactTermIndex;
  readonly #term: number;
  #counts: Uint32Array | undefined;

  constructor(index: CompactTermIndex, term: number) {
    this.#index = index;
    this.#term = term;
  }

  /** The term's number in its index. */
  get termNumber(): number { return this.#term; }

  #fieldCounts(): Uint32Array {
    if (!this.#counts) {
      const counts = new Uint32Array(FIELD_MASK + 1);
      this.#index.forEach(this.#term, (key) => { counts[key & FIELD_MASK]!++; });
      this.#counts = counts;
    }
    return this.#counts;
  }

  get(fieldId: number): FieldPostings | undefined {
    const count = this.#fieldCounts()[fieldId];
    return count ? new FieldPostings(this.#index, this.#term, fieldId, count) : undefined;
  }

  get size(): number { return this.#fieldCounts().reduce((n, c) => n + (c ? 1 : 0), 0); }

  *keys(): IterableIterator<number> {
    const counts = this.#fieldCounts();
    for (let f = 0; f < counts.length; f++) if (counts[f]) yield f;
  }

  *values(): IterableIterator<FieldPostings> {
    for (const f of this.keys()) yield this.get(f)!;
  }

  *[Symbol.iterator](): IterableIterator<[number, FieldPostings]> {
    for (const f of this.keys()) yield [f, this.get(f)!];
  }
}

/**
 * One term's postings in one field as MiniSearch reads them (a Map of document id → frequency): it walks
 * `keys()` and asks `get(id)` for the id just walked, which is answered from the walk without a search.
 */
export class FieldPostings {
  readonly #index: CompactTermIndex;
  readonly #term: number;
  readonly #field: number;
  readonly size: number;
  #lastId = -1;
  #lastFrequency = 0;

  constructor(index: CompactTermIndex, term: number, field: number, size: number) {
    this.#index = index;
    this.#term = term;
    this.#field = field;
    this.size = size;
  }

  *keys(): IterableIterator<number> {
    for (const [id, frequency] of this.#index.fieldEntries(this.#term, this.#field)) {
      this.#lastId = id;
      this.#lastFrequency = frequency;
      yield id;
    }
  }

  get(documentId: number): number | undefined {
    if (documentId === this.#lastId) return this.#lastFrequency;
    for (const [id, frequency] of this.#index.fieldEntries(this.#term, this.#field)) if (id === documentId) return frequency;
    return undefined;
  }

  entries(): IterableIterator<[number, number]> { return this.#index.fieldEntries(this.#term, this.#field); }
  [Symbol.iterator](): IterableIterator<[number, number]> { return this.entries(); }
}
