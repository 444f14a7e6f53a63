/**
 * The portal's one bounded cache (sessions, verified cookies, kept API reads, rendered offers, login
 * failures): whatever keys clients send, its memory stays bounded. A least-recently-used cache: at most `maxEntries` values and, when `weigh` is given, at most
 * `maxWeight` of their summed weight. Reading a value makes it the most recent; adding one past a bound
 * evicts the least recent ones. A JavaScript Map keeps insertion order, so the first key is the oldest.
 */
export interface LruCacheOptions<V> {
  maxEntries: number;
  /** Upper bound of the summed `weigh(value)` (e.g. characters of text); unbounded without `weigh`. */
  maxWeight?: number;
  weigh?: (value: V) => number;
}

export class LruCache<K, V> {
  readonly maxEntries: number;
  readonly maxWeight: number;
  #weigh: (value: V) => number;
  #entries = new Map<K, { value: V; weight: number }>();
  #weight = 0;

  constructor(options: LruCacheOptions<V>) {
    if (!(options.maxEntries >= 1)) throw new RangeError('LruCache: maxEntries must be at least 1');
    this.maxEntries = options.maxEntries;
    this.maxWeight = options.maxWeight ?? Infinity;
    this.#weigh = options.weigh ?? (() => 0);
  }

  get size(): number { return this.#entries.size; }
  /** The summed weight of the values held now. */
  get weight(): number { return this.#weight; }

  has(key: K): boolean { return this.#entries.has(key); }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /**
   * Stores `value` as the most recent entry, then evicts the oldest entries until both bounds hold. A value
   * heavier than `maxWeight` on its own is not kept at all (it would evict everything else).
   */
  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.#weigh(value);
    if (weight > this.maxWeight) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#weight <= this.maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }

  /** The cached value for `key`, or `create()`'s, which is cached. */
  getOrCreate(key: K, create: () => V): V {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = create();
    this.set(key, value);
    return value;
  }

  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
    return true;
  }

  /** The entries, least recent first (reading them does not make them recent). */
  *[Symbol.iterator](): IterableIterator<[K, V]> {
    for (const [key, entry] of this.#entries) yield [key, entry.value];
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }
}
