/**
 * What the offer editor's pages share: the form for this user (an editor chooses only their own
 * organisation), reading a posted editor form, the messages that say what a save did, and a preview offer
 * rendered by the same code as the public page.
 */
import { offerFromRevision } from '../../../core/catalogue/content/offer-file.ts';
import { labelFor, offerForm, validateForm, type FieldError, type Fields, type FormField } from '../../../core/catalogue/editing/form.ts';
import type { OfferData, Offer } from '../../../core/catalogue/offer-schema.ts';
import type { Catalogue } from '../../../db/catalogue.ts';
import type { EditResult } from '../../../server/services/offer-editing.ts';
import { field, serviceProblem } from './page.ts';

/** Fields of the editor's form that are not the offer's. */
const CONTROL_FIELDS = new Set(['action', 'body', 'basedOnRevisionId', 'extraRows']);

export function editorFormFor(catalogue: Catalogue, may: (organisationId: string) => boolean): FormField[] {
  const providers = catalogue.organisations()
    .filter((o) => o.kind === 'provider' && may(o.id))
    .map((o) => ({ value: o.id, label: o.name }));
  return offerForm({ providers });
}

export interface EditorPost {
  action: string;
  values: Fields;
  body: string;
  basedOnRevisionId: number | null;
  extraRows: Record<string, number>;
}

/** A posted editor form: the offer's fields apart from the editor's own (action, body, base revision, rows). */
export function readEditorPost(fields: Fields): EditorPost {
  const values: Fields = {};
  for (const [key, value] of Object.entries(fields)) if (!CONTROL_FIELDS.has(key)) values[key] = value;
  let extraRows: Record<string, number> = {};
  try {
    const parsed = JSON.parse(field(fields, 'extraRows') || '{}') as unknown;
    if (parsed && typeof parsed === 'object') extraRows = Object.fromEntries(Object.entries(parsed).filter(([, n]) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < 50)) as Record<string, number>;
  } catch { /* a tampered field: no extra rows */ }
  const action = field(fields, 'action');
  if (action.startsWith('more:')) {
    const list = action.slice(5);
    extraRows[list] = (extraRows[list] ?? 0) + 1;
  }
  const based = Number(field(fields, 'basedOnRevisionId'));
  return { action, values, body: field(fields, 'body'), basedOnRevisionId: Number.isInteger(based) && based > 0 ? based : null, extraRows };
}

/** What a posted editor form asks for once its fields are read: its errors, a preview, or a save. */
export type EditorStep =
  | { kind: 'invalid'; errors: FieldError[] }
  | { kind: 'preview'; offer: Offer }
  | { kind: 'save'; data: OfferData; intent: 'draft' | 'publish' }
  | { kind: 'other' };

/** Validates the form through the offer schema for the buttons that need it (draft, publish, preview). */
export function editorStep(post: EditorPost, form: FormField[], published: boolean): EditorStep {
  if (post.action !== 'draft' && post.action !== 'publish' && post.action !== 'preview') return { kind: 'other' };
  const result = validateForm(post.values, form, { published });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  if (post.action === 'preview') return { kind: 'preview', offer: previewOffer(result.data, post.body) };
  return { kind: 'save', data: result.data, intent: post.action };
}

/** A command's refusal on the editor's form: its message, the errors beside the fields, and the body's. */
export function editorProblem(err: unknown, form: FormField[], values: Fields): { message: string; errors: FieldError[]; bodyError?: string } {
  const problem = serviceProblem(err);
  const errors = Object.entries(problem.fields).filter(([name]) => name !== 'body').map(([field, message]) => {
    const name = field.replace(/^offer\./, '');
    return { name, label: labelFor(form, name, values), message };
  });
  return { message: problem.message, errors, bodyError: problem.fields.body };
}

/** The offer as its public page would show it. */
export function previewOffer(data: OfferData, body: string): Offer {
  return offerFromRevision(data, body.replace(/\r\n?/g, '\n').trim(), 'forhåndsvisning');
}

/** What a save did, in words (shown after the redirect). */
export const OUTCOME_MESSAGES: Record<EditResult['outcome'] | 'archived' | 'restored' | 'approved' | 'rejected', string> = {
  published: 'Ændringerne er offentliggjort. Tilbuddets side, søgningen og kataloget viser dem nu.',
  draft: 'Gemt som kladde. Den offentlige side er uændret, indtil du offentliggør.',
  pending: 'Sendt til godkendelse. Den offentlige side viser den hidtidige version, indtil en administrator har godkendt ændringen.',
  unchanged: 'Der var ingen ændringer at gemme.',
  archived: 'Tilbuddet er arkiveret. Det vises ikke længere i kataloget og kan ikke få nye henvisninger. Igangværende henvisninger er uændrede.',
  restored: 'Tilbuddet er gendannet.',
  approved: 'Ændringen er godkendt og offentliggjort.',
  rejected: 'Ændringen er sendt tilbage. Den offentlige side er uændret.',
};

export const STATE_LABELS: Record<string, string> = {
  published: 'Offentliggjort',
  draft: 'Kladde',
  archived: 'Arkiveret',
};

export const SOURCE_LABELS: Record<string, string> = {
  editor: 'Redigeret i browseren',
  file: 'Fra fil',
  import: 'Importeret',
};
