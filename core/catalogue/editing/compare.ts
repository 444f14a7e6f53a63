/**
 * What changed between two versions of an offer, field by field and in the body: the history's diff and
 * the conflict page's "your version beside theirs". Values are shown as the form shows them (choice labels,
 * one list item per line); the text differences come from the `diff` library.
 */
import { diffLines, diffWordsWithSpace, type Change } from 'diff';
import type { OfferData } from '../offer-schema.ts';
import { rowIndexes, toFormFields, type Fields, type FormField } from './form.ts';

export interface DiffPart { text: string; change: 'added' | 'removed' | 'same' }

export interface FieldChange {
  name: string;
  /** The field's label with its groups ("Kontakt – Telefon", "Steder 2 – By"). */
  label: string;
  before: string;
  after: string;
  /** Word by word, for the reader who wants to see what exactly changed. */
  parts: DiffPart[];
}

export interface Comparison {
  fields: FieldChange[];
  /** Line by line; null when the bodies are equal. */
  body: DiffPart[] | null;
}

export interface Version { data: OfferData; body: string }

const toParts = (changes: Change[]): DiffPart[] =>
  changes.map((c) => ({ text: c.value, change: c.added ? 'added' : c.removed ? 'removed' : 'same' }));

export function compareVersions(before: Version, after: Version, form: FormField[]): Comparison {
  const a = toFormFields(before.data, form);
  const b = toFormFields(after.data, form);
  const fields: FieldChange[] = [];
  for (const { name, label, show } of describe(form, '', [], { ...a, ...b })) {
    const x = show(a[name]);
    const y = show(b[name]);
    if (x === y) continue;
    fields.push({ name, label, before: x, after: y, parts: toParts(diffWordsWithSpace(x, y)) });
  }
  // Each body ends with a line break, so a last line that changed is shown on a line of its own.
  const body = before.body === after.body ? null : toParts(diffLines(`${before.body}\n`, `${after.body}\n`));
  return { fields, body };
}

interface Described { name: string; label: string; show: (value: string | string[] | undefined) => string }

/** Every leaf field of the form for these values, in the form's order, with how to show its value. */
function describe(form: FormField[], prefix: string, labels: string[], fields: Fields): Described[] {
  const out: Described[] = [];
  for (const field of form) {
    const name = prefix ? `${prefix}.${field.key}` : field.key;
    const here = [...labels, field.label];
    const c = field.control;
    switch (c.kind) {
      case 'group':
        out.push(...describe(c.fields, name, here, fields));
        break;
      case 'list':
        for (const [n, i] of rowIndexes(fields, name).entries()) out.push(...describe(c.fields, `${name}.${i}`, [...labels, `${field.label} ${n + 1}`], fields));
        break;
      case 'variant':
        out.push({ name: `${name}.${c.discriminator}`, label: here.join(' – '), show: labelled(c.variants) });
        for (const v of c.variants) out.push(...describe(v.fields, `${name}.${v.value}`, here, fields));
        break;
      case 'choice':
        out.push({ name, label: here.join(' – '), show: labelled(c.options) });
        break;
      case 'checkbox':
        out.push({ name, label: here.join(' – '), show: (v) => (v ? 'Ja' : 'Nej') });
        break;
      default:
        out.push({ name, label: here.join(' – '), show: (v) => [v ?? ''].flat().join('\n') });
    }
  }
  return out;
}

/** A choice's labels in the options' order: ticking the same boxes in another order is no change. */
const labelled = (options: { value: string; label: string }[]) => (value: string | string[] | undefined) => {
  const rank = (v: string) => { const i = options.findIndex((o) => o.value === v); return i === -1 ? options.length : i; };
  return [value ?? []].flat().sort((a, b) => rank(a) - rank(b)).map((v) => options.find((o) => o.value === v)?.label ?? v).join('\n');
};
