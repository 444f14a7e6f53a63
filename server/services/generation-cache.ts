/**
 * Values that depend only on the data, kept until the data changes. The generation names the data's
 * version (e.g. the catalogue version plus the database's change count); a new generation empties the
 * cache, so an entry is never older than the last write.
 */
import { LruCache } from '../../core/lru-cache.ts';

export class GenerationCache<V> {
  #generation = '';
  readonly #entries: LruCache<string, V>;

  constructor(maxEntries: number) {
    this.#entries = new LruCache({ maxEntries });
  }

  /** The value kept for `key` in this generation, if any. */
  peek(generation: string, key: string): V | undefined {
    this.#advance(generation);
    return this.#entries.get(key);
  }

  set(generation: string, key: string, value: V): void {
    // A value computed before a write must not land in the generation after it.
    if (generation !== this.#generation) return;
    this.#entries.set(key, value);
  }

  #advance(generation: string): void {
    if (generation === this.#generation) return;
    this.#entries.clear();
    this.#generation = generation;
  }
}
