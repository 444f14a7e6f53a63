/**
 * What MiniSearch keeps per document, stored by its short id (0, 1, 2, … in the order documents were
 * added) in arrays instead of Maps. MiniSearch keeps four Maps of one entry per document; on a national
 * catalogue (50,000 offers) those are some 17 MB of heap, most of it a plain array of field lengths per
 * document. These classes have the Map methods MiniSearch calls, iterate in its order (ascending short id
 * is the order of adding: a replaced document gets a new, higher id), and are used only by the server's
 * index (catalogue-index.ts); the browser's copy is a plain MiniSearch.
 */

/** The Map methods that follow from `entries` (ascending short id), for both tables below. */
abstract class ByShortId<V> implements Map<number, V> {
  abstract readonly size: number;
  abstract get(id: number): V | undefined;
  abstract has(id: number): boolean;
  abstract set(id: number, value: V): this;
  abstract delete(id: number): boolean;
  abstract clear(): void;
  abstract entries(): MapIterator<[number, V]>;

  get [Symbol.toStringTag](): string { return this.constructor.name; }
  *keys(): MapIterator<number> { for (const [id] of this.entries()) yield id; }
  *values(): MapIterator<V> { for (const [, value] of this.entries()) yield value; }
  [Symbol.iterator](): MapIterator<[number, V]> { return this.entries(); }

  forEach(callback: (value: V, id: number, map: Map<number, V>) => void, thisArg?: unknown): void {
    for (const [id, value] of this.entries()) callback.call(thisArg, value, id, this);
  }
}

/** A Map from short id to value, as an array (a hole where there is no value). */
export class DenseIdMap<V> extends ByShortId<V> {
  #values: (V | undefined)[] = [];
  #size = 0;

  get size(): number { return this.#size; }

  get(id: number): V | undefined { return this.#values[id]; }
  has(id: number): boolean { return this.#values[id] !== undefined; }

  set(id: number, value: V): this {
    if (!Number.isInteger(id) || id < 0) throw new RangeError(`DenseIdMap: ${id} is no short id`);
    if (value === undefined) throw new TypeError('DenseIdMap cannot hold undefined');
    if (this.#values[id] === undefined) this.#size++;
    // Ids only grow, so the array grows at its end (a packed array, no dictionary mode).
    while (this.#values.length < id) this.#values.push(undefined);
    this.#values[id] = value;
    return this;
  }

  delete(id: number): boolean {
    if (this.#values[id] === undefined) return false;
    this.#values[id] = undefined;
    this.#size--;
    return true;
  }

  clear(): void { this.#values = []; this.#size = 0; }

  *entries(): MapIterator<[number, V]> {
    const values = this.#values;
    for (let id = 0; id < values.length; id++) {
      const value = values[id];
      if (value !== undefined) yield [id, value];
    }
  }
}

/**
 * Each document's field lengths (distinct terms per field) in one Float64Array, `stride` numbers a
 * document: what the query runner reads in its innermost loop (`table[id * stride + field]`).
 *
 * MiniSearch's `add` asks for a document's array and then fills it (`set(id, [])`, then `lengths[field] =
 * n` per field), so a new document's array is held as given until `fold` copies it into the table (the
 * index folds after every update, before any query). After that, `get` answers a view of the document's
 * row, `fieldCount` long, which MiniSearch only reads (to take a removed document out of the averages).
 * Every field of every record has a length (the engine's records have all six), so a row has no holes.
 */
export class FieldLengthTable extends ByShortId<ArrayLike<number>> {
  readonly #fieldCount: number;
  readonly #stride: number;
  #table = new Float64Array(0);
  /** 1 where a document has a row. */
  #present = new Uint8Array(0);
  /** Arrays handed to MiniSearch, not yet folded into the table. */
  readonly #pending = new Map<number, number[]>();
  #size = 0;

  constructor(fieldCount: number, stride: number) {
    super();
    if (fieldCount > stride) throw new RangeError(`FieldLengthTable: ${fieldCount} fields do not fit a stride of ${stride}`);
    this.#fieldCount = fieldCount;
    this.#stride = stride;
  }

  get size(): number { return this.#size; }

  /** The table, `stride` numbers per short id; current after `fold`. Replaced when it grows: read it anew after an update. */
  get table(): Float64Array { return this.#table; }

  has(id: number): boolean { return this.#pending.has(id) || this.#present[id] === 1; }

  get(id: number): ArrayLike<number> & { forEach(callback: (length: number, field: number) => void): void } | undefined {
    const pending = this.#pending.get(id);
    if (pending) return pending;
    if (this.#present[id] !== 1) return undefined;
    const from = id * this.#stride;
    return this.#table.subarray(from, from + this.#fieldCount);
  }

  set(id: number, lengths: ArrayLike<number>): this {
    if (!Number.isInteger(id) || id < 0) throw new RangeError(`FieldLengthTable: ${id} is no short id`);
    if (!this.has(id)) this.#size++;
    // MiniSearch fills the array it passes after this call: keep that very array until fold.
    this.#pending.set(id, lengths as number[]);
    this.#ensure(id);
    this.#present[id] = 1;
    return this;
  }

  delete(id: number): boolean {
    if (!this.has(id)) return false;
    this.#pending.delete(id);
    this.#present[id] = 0;
    this.#table.fill(0, id * this.#stride, (id + 1) * this.#stride);
    this.#size--;
    return true;
  }

  clear(): void {
    this.#pending.clear();
    this.#table = new Float64Array(0);
    this.#present = new Uint8Array(0);
    this.#size = 0;
  }

  /** Copies the arrays MiniSearch filled into the table; sizes the table to `idCount` short ids (the index's next id). */
  fold(idCount: number): void {
    if (idCount * this.#stride !== this.#table.length) this.#resize(idCount);
    for (const [id, lengths] of this.#pending) {
      for (let field = 0; field < this.#fieldCount; field++) this.#table[id * this.#stride + field] = lengths[field] ?? 0;
    }
    this.#pending.clear();
  }

  /** Each document's lengths as a plain array (MiniSearch's JSON form), in short-id order. */
  *entries(): MapIterator<[number, ArrayLike<number>]> {
    // Every id with a row, pending or folded, is below the table's length (set makes room for it).
    for (let id = 0; id < this.#present.length; id++) {
      const lengths = this.get(id);
      if (lengths) yield [id, Array.from(lengths)];
    }
  }

  /** Room for short id `id`: grown by half again at least, so adding documents one by one copies rarely. */
  #ensure(id: number): void {
    if (id < this.#present.length) return;
    this.#resize(Math.max(id + 1, Math.ceil(this.#present.length * 1.5), 64));
  }

  #resize(idCount: number): void {
    const table = new Float64Array(idCount * this.#stride);
    table.set(this.#table.subarray(0, Math.min(this.#table.length, table.length)));
    const present = new Uint8Array(idCount);
    present.set(this.#present.subarray(0, Math.min(this.#present.length, idCount)));
    this.#table = table;
    this.#present = present;
  }
}
