/**
 * Result rows of a prepared query, mapped by a function made once per query. Why: drizzle maps every value
 * of every row through generic code (an `is()` class check, a path walk and a decoder call per value,
 * ~0.2 µs each): a 100-row page of referrals spent more time there than in SQLite. For a flat selection
 * (every field one level deep: `select()`, `select({ id, n: count() })`) the mapping is only "key = decoded
 * value", so the keys and the decoders are looked up once. Nested selections keep drizzle's own mapping.
 *
 * The result is the same objects drizzle makes: the same keys in the same order, `null` kept as `null`,
 * every other value through the field's own decoder (a test compares the two on both engines).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Column, SQL, Subquery, is, noopDecoder } = require('drizzle-orm') as typeof import('drizzle-orm');

interface Decoder { mapFromDriverValue(value: unknown): unknown }
/** A selected field as drizzle's prepared queries hold it (`fields`): where it goes, and what it is. */
export interface SelectedField { path: string[]; field: unknown }
export type RowMapper = (rows: unknown[][]) => Record<string, unknown>[];

/** drizzle's choice of decoder for a field (utils' mapResultRow), made once. */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field as unknown as Decoder;
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder;
  if (is(field, Subquery)) return (field as unknown as { _: { sql: { decoder: Decoder } } })._.sql.decoder;
  return (field as { sql: { decoder: Decoder } }).sql.decoder;
}

/** A decoder that returns what it is given: the value can be kept without a call. */
function passesThrough(decoder: Decoder): boolean {
  return decoder.mapFromDriverValue === Column.prototype.mapFromDriverValue
    || decoder.mapFromDriverValue === (noopDecoder as Decoder).mapFromDriverValue;
}

/** The mapper of a flat selection, or undefined when drizzle's own mapping is needed (nested fields, no fields). */
export function flatRowMapper(fields: readonly SelectedField[] | undefined): RowMapper | undefined {
  if (!fields?.length || fields.some((f) => f.path.length !== 1)) return undefined;
  const keys = fields.map((f) => f.path[0]!);
  const decoders = fields.map((f) => {
    const decoder = decoderOf(f.field);
    return passesThrough(decoder) ? null : decoder;
  });
  const width = keys.length;
  return (rows) => {
    const out = new Array<Record<string, unknown>>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const mapped: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) {
        const value = row[i];
        const decoder = decoders[i];
        mapped[keys[i]!] = value === null || !decoder ? value : decoder.mapFromDriverValue(value);
      }
      out[r] = mapped;
    }
    return out;
  };
}
