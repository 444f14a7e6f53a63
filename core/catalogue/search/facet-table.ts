/**
 * Facet values as small numbers, so that filtering and counting a search's matches (thousands of them on
 * a big catalogue) reads a typed array per offer instead of building strings, arrays and map entries per
 * offer and facet on every search.
 */
import type { FacetDefinition, FacetOption, SearchDoc } from './engine.ts';

export class FacetTable {
  /** Per facet: its options for this catalogue's providers, in the order the page lists them. */
  readonly options: readonly FacetOption[][];
  /** How many distinct option values there are over all facets: the size of a count array. */
  readonly size: number;
  /** Per facet: option value → its number (numbers run on across the facets). */
  readonly #numbers: Map<string, number>[];
  /** Per document id: its facets' option numbers (see `codes`). MiniSearch never reuses an id. */
  readonly #codes: Uint16Array[] = [];
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
   * A document's option numbers: first, for each facet, where its numbers end; then the numbers, facet by
   * facet (facet f's run from `codes[f - 1]`, or the facet count for the first, to `codes[f]`). A value no
   * option has is left out: no filter can choose it and no count shows it.
   */
  codes(id: number): Uint16Array {
    let codes = this.#codes[id];
    if (!codes) {
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
      codes = Uint16Array.from([...ends, ...numbers]);
      this.#codes[id] = codes;
    }
    return codes;
  }
}
