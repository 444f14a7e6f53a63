/**
 * Facet values as small numbers, so that filtering and counting a search's matches (thousands of them on
 * a big catalogue) reads a typed array per offer instead of building strings, arrays and map entries per
 * offer and facet on every search.
 */
import type { FacetDefinition, FacetOption, SearchDoc } from './facets.ts';

export class FacetTable {
  /** Per facet: its options for this catalogue's providers, in the order the page lists them. */
  readonly options: readonly FacetOption[][];
  /** How many distinct option values there are over all facets: the size of a count array. */
  readonly size: number;
  /** Per facet: option value → its number (numbers run on across the facets). */
  readonly #numbers: Map<string, number>[];
  /**
   * Every document's facets' option numbers, one run per document in one pool (see `at`); `#starts[id]` is
   * where document `id`'s run begins, −1 before it is first asked for. MiniSearch never reuses an id.
   */
  #pool = new Uint16Array(4_096);
  #used = 0;
  #starts = new Int32Array(1_024).fill(-1);
  readonly #facets: readonly FacetDefinition[];
  readonly #doc: (id: number) => SearchDoc;

  constructor(facets: readonly FacetDefinition[], providers: Record<string, string>, doc: (id: number) => SearchDoc) {
    this.#facets = facets;
    this.#doc = doc;
    this.options = facets.map((facet) => facet.options(providers));
    let size = 0;
    this.#numbers = this.options.map((options) => {
      const numbers = new Map<string, number>();
      for (const o of options) if (!numbers.has(o.value)) numbers.set(o.value, size++);
      return numbers;
    });
    this.size = size;
  }

  /** The number of a facet's option value; undefined for a value the facet does not offer. */
  number(facet: number, value: string): number | undefined {
    return this.#numbers[facet]!.get(value);
  }

  /**
   * Where a document's option numbers begin in `pool`: first, for each facet, where its numbers end (relative
   * to that start); then the numbers, facet by facet (facet f's run from `[start + f - 1]`, or the facet
   * count for the first, to `[start + f]`). A value no option has is left out: no filter can choose it and no
   * count shows it. Read `pool` after calling this (the pool grows as documents are first asked for).
   */
  at(id: number): number {
    if (id >= this.#starts.length) {
      const starts = new Int32Array(Math.max(id + 1, this.#starts.length * 2)).fill(-1);
      starts.set(this.#starts);
      this.#starts = starts;
    }
    const known = this.#starts[id]!;
    return known >= 0 ? known : this.#fill(id);
  }

  /** The pool `at` points into. */
  get pool(): Uint16Array { return this.#pool; }

  /** A document's option numbers on their own (as laid out at `at`). */
  codes(id: number): Uint16Array {
    const start = this.at(id);
    return this.#pool.subarray(start, start + this.#pool[start + this.#facets.length - 1]!);
  }

  #fill(id: number): number {
    const doc = this.#doc(id);
    const numbers: number[] = [];
    const ends: number[] = [];
    this.#facets.forEach((facet, f) => {
      for (const value of facet.values(doc)) {
        const n = this.#numbers[f]!.get(String(value));
        if (n !== undefined) numbers.push(n);
      }
      ends.push(this.#facets.length + numbers.length);
    });
    const run = [...ends, ...numbers];
    if (this.#used + run.length > this.#pool.length) {
      const pool = new Uint16Array(Math.max(this.#pool.length * 2, this.#used + run.length));
      pool.set(this.#pool);
      this.#pool = pool;
    }
    const start = this.#used;
    this.#pool.set(run, start);
    this.#used += run.length;
    this.#starts[id] = start;
    return start;
  }
}
