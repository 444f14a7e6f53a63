/**
 * Answers that depend only on the data, kept until the data changes. The generation names the data's
 * version (e.g. the catalogue version plus the database's change count); a new generation empties the
 * cache, so an entry is never older than the last write.
 */
export class GenerationCache<V> {
  readonly #maxEntries: number;
  #generation = '';
  readonly #entries = new Map<string, V>();

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get(generation: string, key: string, compute: () => V): V {
    if (generation !== this.#generation) {
      this.#entries.clear();
      this.#generation = generation;
    }
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = compute();
      // Oldest out first: a bounded memory, whatever query strings clients invent.
      if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, value);
    }
    return value;
  }
}
