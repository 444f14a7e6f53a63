/**
 * The offer editor's form, generated from the one offer schema (core/catalogue/offer-schema.ts): every
 * field's control, label and help text come from the schema and its metadata, so adding a field to the
 * schema adds it to the form. The form travels as flat fields (`provider.unit`, `locations.0.city`,
 * `riskGroups` repeated) — what an HTML form posts without JavaScript — and is read back into the
 * schema's input through the same description, so revision → form → revision gives the same revision.
 */
import { z } from 'zod';
import { offerSchema, type FieldMeta, type OfferData } from '../offer-schema.ts';

export type Fields = Record<string, string | string[]>;
export interface Option { value: string; label: string }

export type Control =
  | { kind: 'text'; inputType: 'text' | 'email' | 'date'; multiline: boolean; maxLength?: number }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'choice'; multiple: boolean; numeric: boolean; options: Option[] }
  | { kind: 'checkbox' }
  /** A list of short texts, one per line of a text area. */
  | { kind: 'lines'; maxLength?: number }
  | { kind: 'group'; fields: FormField[] }
  /** A repeatable group: rows named `<name>.<i>.<key>`. */
  | { kind: 'list'; fields: FormField[] }
  /** One of several groups, chosen by a discriminator: its fields are named `<name>.<variant>.<key>`. */
  | { kind: 'variant'; discriminator: string; variants: (Option & { fields: FormField[] })[] };

export interface FormField {
  /** The schema key (the last part of the field's name). */
  key: string;
  label: string;
  help?: string;
  required: boolean;
  control: Control;
}

export interface FormOptions {
  /** The provider organisations an offer may belong to (for an editor: their own). */
  providers: Option[];
}

/** A field's problem, named as the form names it, in the form's order. */
export interface FieldError { name: string; label: string; message: string }

// ------------------------------------------------------------------------------------------ the model

interface Unwrapped { schema: z.ZodType; meta: FieldMeta | undefined; optional: boolean }

/** The schema under its optional/default/transform wrappers, with the metadata found on any layer. */
function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema as z.ZodType;
  let meta: FieldMeta | undefined;
  let optional = false;
  for (;;) {
    meta ??= current.meta() as FieldMeta | undefined;
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable') {
      optional = true;
      current = def.innerType!;
    } else if (def.type === 'pipe') {
      current = def.in!;
    } else {
      return { schema: current, meta, optional };
    }
  }
}

const optionsOf = (labels: Readonly<Record<string, string>> | undefined, values: readonly string[]): Option[] =>
  values.map((value) => ({ value, label: labels?.[value] ?? value }));

function controlOf(schema: z.ZodType, meta: FieldMeta | undefined, options: FormOptions): Control {
  const def = schema._zod.def as { type: string; element?: z.ZodType; format?: string; discriminator?: string; options?: z.ZodType[] };
  switch (def.type) {
    case 'string': {
      if (meta?.dynamicOptions === 'providers') return { kind: 'choice', multiple: false, numeric: false, options: options.providers };
      const s = schema as z.ZodString;
      const format = (schema as { format?: string | null }).format;
      return {
        kind: 'text', inputType: format === 'email' ? 'email' : format === 'date' ? 'date' : 'text',
        multiline: meta?.multiline ?? false, maxLength: s.maxLength ?? undefined,
      };
    }
    case 'number': {
      const n = schema as z.ZodNumber;
      if (meta?.options) return { kind: 'choice', multiple: false, numeric: true, options: optionsOf(meta.options, Object.keys(meta.options)) };
      return { kind: 'number', min: finite(n.minValue), max: finite(n.maxValue) };
    }
    case 'enum':
      return { kind: 'choice', multiple: false, numeric: false, options: optionsOf(meta?.options, (schema as z.ZodEnum).options as string[]) };
    case 'boolean':
      return { kind: 'checkbox' };
    case 'array': {
      const item = unwrap(def.element!);
      const itemDef = item.schema._zod.def as { type: string };
      if (itemDef.type === 'enum') {
        return { kind: 'choice', multiple: true, numeric: false, options: optionsOf(meta?.options ?? item.meta?.options, (item.schema as z.ZodEnum).options as string[]) };
      }
      if (itemDef.type === 'object') return { kind: 'list', fields: fieldsOf(item.schema as z.ZodObject, options) };
      return { kind: 'lines', maxLength: (item.schema as z.ZodString).maxLength ?? undefined };
    }
    case 'object':
      return { kind: 'group', fields: fieldsOf(schema as z.ZodObject, options) };
    case 'union': {
      const discriminator = def.discriminator!;
      return {
        kind: 'variant', discriminator,
        variants: def.options!.map((variant) => {
          const shape = (variant as z.ZodObject).shape as Record<string, z.ZodType>;
          const tag = shape[discriminator]!;
          const value = String((tag._zod.def as unknown as { values: unknown[] }).values[0]);
          return { value, label: (tag.meta() as FieldMeta | undefined)?.title ?? value, fields: fieldsOf(variant as z.ZodObject, options, [discriminator]) };
        }),
      };
    }
    default:
      throw new Error(`The offer form has no control for a zod ${def.type}`);
  }
}

const finite = (n: number | null | undefined) => (n !== null && n !== undefined && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);

function fieldsOf(object: z.ZodObject, options: FormOptions, skip: string[] = []): FormField[] {
  const fields: FormField[] = [];
  for (const [key, schema] of Object.entries(object.shape as Record<string, z.ZodType>)) {
    if (skip.includes(key)) continue;
    const { schema: inner, meta, optional } = unwrap(schema);
    if (meta?.form === false) continue;
    fields.push({ key, label: meta?.title ?? key, help: meta?.description, required: !optional, control: controlOf(inner, meta, options) });
  }
  return fields;
}

/** The offer form's fields, in the schema's order. */
export function offerForm(options: FormOptions): FormField[] {
  return fieldsOf(offerSchema, options);
}

// ----------------------------------------------------------------------------- revision → form fields

const join = (prefix: string, key: string | number) => (prefix ? `${prefix}.${key}` : String(key));

/** The flat form fields that show this offer's data. */
export function toFormFields(data: OfferData, form: FormField[]): Fields {
  const out: Fields = {};
  writeFields(out, '', form, data as unknown as Record<string, unknown>);
  return out;
}

function writeFields(out: Fields, prefix: string, fields: FormField[], value: Record<string, unknown> | undefined): void {
  for (const field of fields) writeField(out, join(prefix, field.key), field, value?.[field.key]);
}

function writeField(out: Fields, name: string, field: FormField, value: unknown): void {
  const c = field.control;
  switch (c.kind) {
    case 'text': case 'number':
      if (value !== undefined && value !== null) out[name] = String(value);
      return;
    case 'choice':
      if (c.multiple) out[name] = ((value as unknown[] | undefined) ?? []).map(String);
      else if (value !== undefined && value !== null) out[name] = String(value);
      return;
    case 'checkbox':
      if (value) out[name] = 'on';
      return;
    case 'lines':
      out[name] = ((value as string[] | undefined) ?? []).join('\n');
      return;
    case 'group':
      writeFields(out, name, c.fields, value as Record<string, unknown> | undefined);
      return;
    case 'list':
      ((value as Record<string, unknown>[] | undefined) ?? []).forEach((row, i) => writeFields(out, join(name, i), c.fields, row));
      return;
    case 'variant': {
      const chosen = (value as Record<string, unknown> | undefined)?.[c.discriminator];
      if (chosen === undefined) return;
      out[join(name, c.discriminator)] = String(chosen);
      const variant = c.variants.find((v) => v.value === String(chosen));
      if (variant) writeFields(out, join(name, variant.value), variant.fields, value as Record<string, unknown>);
    }
  }
}

// ------------------------------------------------------------------------------- form fields → input

const one = (fields: Fields, name: string): string => {
  const v = fields[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};
const many = (fields: Fields, name: string): string[] => {
  const v = fields[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

/**
 * The schema's input from posted form fields: empty fields are left out (so defaults and "optional" hold),
 * numbers are read as numbers, empty rows of a list are dropped.
 */
export function fromFormFields(fields: Fields, form: FormField[]): Record<string, unknown> {
  return readFields(fields, '', form) ?? {};
}

function readFields(fields: Fields, prefix: string, form: FormField[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const field of form) {
    const value = readField(fields, join(prefix, field.key), field);
    if (value !== undefined) out[field.key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function readField(fields: Fields, name: string, field: FormField): unknown {
  const c = field.control;
  switch (c.kind) {
    case 'text': {
      const v = one(fields, name);
      return v.trim() === '' ? undefined : v;
    }
    case 'number': {
      const v = one(fields, name).trim();
      if (v === '') return undefined;
      const n = Number(v.replace(',', '.'));
      return Number.isFinite(n) ? n : v; // not a number: zod says so beside the field
    }
    case 'choice': {
      if (c.multiple) {
        const values = many(fields, name).filter((v) => v !== '');
        return values.length ? values : field.required ? [] : undefined;
      }
      const v = one(fields, name);
      if (v === '') return undefined;
      return c.numeric && /^\d+$/.test(v) ? Number(v) : v;
    }
    case 'checkbox':
      return one(fields, name) !== '';
    case 'lines': {
      const lines = one(fields, name).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      return lines.length ? lines : undefined;
    }
    case 'group': {
      const value = readFields(fields, name, c.fields);
      return value ?? (field.required ? {} : undefined);
    }
    case 'list': {
      const rows: Record<string, unknown>[] = [];
      for (const i of rowIndexes(fields, name)) {
        const row = readFields(fields, join(name, i), c.fields);
        if (row) rows.push(row);
      }
      return rows.length ? rows : field.required ? [] : undefined;
    }
    case 'variant': {
      const chosen = one(fields, join(name, c.discriminator));
      const variant = c.variants.find((v) => v.value === chosen);
      if (!variant) return field.required ? {} : undefined;
      return { [c.discriminator]: variant.value, ...readFields(fields, join(name, variant.value), variant.fields) };
    }
  }
}

/** The row numbers a list's posted fields use, in order (`locations.0.name`, `locations.3.city` → 0, 3). */
export function rowIndexes(fields: Fields, name: string): number[] {
  const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)\\.`);
  const found = new Set<number>();
  for (const key of Object.keys(fields)) {
    const m = pattern.exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

// --------------------------------------------------------------------------------------- validation

export type FormResult =
  | { ok: true; data: OfferData }
  | { ok: false; errors: FieldError[] };

/** Reads and validates posted fields through the offer schema; problems come named as the form's fields. */
export function validateForm(fields: Fields, form: FormField[], fixed: { published: boolean }): FormResult {
  const input = { ...fromFormFields(fields, form), published: fixed.published };
  const result = offerSchema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: orderErrors(result.error, form, fields) };
}

/** The problems in the order the fields stand in the form, one per field, in plain Danish. */
function orderErrors(error: z.ZodError, form: FormField[], fields: Fields): FieldError[] {
  const byName = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const located = locate(form, issue.path.map(String), fields);
    if (!located || byName.has(located.name)) continue;
    byName.set(located.name, { name: located.name, label: located.label, message: messageOf(issue, located.field, located.name, fields) });
  }
  const order = fieldNames(form, '', fields);
  return [...byName.values()].sort((a, b) => indexIn(order, a.name) - indexIn(order, b.name));
}

const indexIn = (order: string[], name: string) => {
  const i = order.indexOf(name);
  return i === -1 ? order.length : i;
};

/** Every field name of the form, in order, as rendered for these fields (list rows included). */
export function fieldNames(form: FormField[], prefix: string, fields: Fields): string[] {
  const names: string[] = [];
  for (const field of form) {
    const name = join(prefix, field.key);
    names.push(name);
    const c = field.control;
    if (c.kind === 'group') names.push(...fieldNames(c.fields, name, fields));
    if (c.kind === 'list') for (const i of rowIndexes(fields, name)) names.push(...fieldNames(c.fields, join(name, i), fields));
    if (c.kind === 'variant') {
      names.push(join(name, c.discriminator));
      for (const v of c.variants) names.push(...fieldNames(v.fields, join(name, v.value), fields));
    }
  }
  return names;
}

/** The label of a field by its form name ("provider.organisation" → "Udbyder – Udbyder"); the name when unknown. */
export function labelFor(form: FormField[], name: string, fields: Fields = {}): string {
  return locate(form, name.split('.'), fields)?.label ?? name;
}

/**
 * The form field an issue's schema path points at: the deepest field the path reaches. A list's row index
 * in the schema is the row's position among the rows read, which is mapped back to its posted index.
 */
function locate(form: FormField[], path: string[], fields: Fields, prefix = '', labels: string[] = []): { name: string; label: string; field: FormField } | undefined {
  const [key, ...rest] = path;
  const field = form.find((f) => f.key === key);
  if (!field) return undefined;
  const name = join(prefix, field.key);
  const label = [...labels, field.label].join(' – ');
  const here = { name, label, field };
  const c = field.control;
  if (!rest.length) return here;
  if (c.kind === 'group') return locate(c.fields, rest, fields, name, [...labels, field.label]) ?? here;
  if (c.kind === 'list') {
    const posted = rowIndexes(fields, name).filter((i) => readFields(fields, join(name, i), c.fields) !== undefined);
    const row = posted[Number(rest[0])];
    if (row === undefined) return here;
    return locate(c.fields, rest.slice(1), fields, join(name, row), [...labels, `${field.label} ${Number(rest[0]) + 1}`]) ?? here;
  }
  if (c.kind === 'variant') {
    if (rest[0] === c.discriminator) return { name: join(name, c.discriminator), label, field };
    const variant = c.variants.find((v) => v.value === one(fields, join(name, c.discriminator)));
    if (!variant) return here;
    return locate(variant.fields, rest, fields, join(name, variant.value), [...labels, field.label]) ?? here;
  }
  return here; // an item of a choice list or of lines: the field itself
}

function messageOf(issue: z.core.$ZodIssue, field: FormField, name: string, fields: Fields): string {
  const c = field.control;
  const empty = fields[name] === undefined || many(fields, name).every((v) => v.trim() === '');
  if (c.kind === 'choice' || c.kind === 'variant') {
    if (empty && (issue.code === 'invalid_type' || issue.code === 'too_small' || issue.code === 'invalid_union')) {
      return c.kind === 'choice' && c.multiple ? 'Vælg mindst én' : 'Vælg en af mulighederne';
    }
  }
  if (empty && (issue.code === 'invalid_type' || issue.code === 'too_small')) return 'Skal udfyldes';
  if (c.kind === 'number' && issue.code === 'invalid_type') return 'Skal være et helt tal';
  if (c.kind === 'number' && (issue.code === 'too_small' || issue.code === 'too_big')) {
    return issue.code === 'too_small' ? `Skal være mindst ${String(issue.minimum)}` : `Må højst være ${String(issue.maximum)}`;
  }
  const text = issue.message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
