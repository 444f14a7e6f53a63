/**
 * Input of the offer editor's commands, shared by the JSON API and the workspace pages. The offer itself is
 * validated by the one offer schema; the body is stored as the file would hold it (LF line ends, trimmed),
 * so an export of a browser-saved offer reads back as the same revision.
 */
import { z } from 'zod';
import { offerSchema } from '../offer-schema.ts';
import { idSchema } from '../../referrals/schemas.ts';

export const OFFER_BODY_MAX = 100_000;


export const offerBodySchema = z.string().max(OFFER_BODY_MAX, `Beskrivelsen må højst være ${OFFER_BODY_MAX} tegn`)
  .transform((body) => body.replace(/\r\n?/g, '\n').trim());

/** What the editor's buttons ask for: keep as a draft, or publish (which may mean: submit for approval). */
export const EDIT_INTENTS = ['draft', 'publish'] as const;
export type EditIntent = (typeof EDIT_INTENTS)[number];

export const offerSaveSchema = z.object({
  offer: offerSchema,
  body: offerBodySchema.default(''),
  intent: z.enum(EDIT_INTENTS).default('draft'),
  /** The latest revision the editor opened: a save on top of another's newer save is refused (409). */
  basedOnRevisionId: idSchema.nullable().optional(),
});
export type OfferSaveInput = z.input<typeof offerSaveSchema>;

export const offerRevertSchema = z.object({
  revision: idSchema,
  intent: z.enum(EDIT_INTENTS).default('draft'),
  basedOnRevisionId: idSchema.nullable().optional(),
});

export const revisionChoiceSchema = z.object({ revisionId: idSchema });

/** A slug proposed from a title: "Rygestop på hold (Ådal)" → "rygestop-paa-hold-aadal". */
export function slugFromTitle(title: string): string {
  return title.toLowerCase()
    .replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, 80).replace(/-+$/g, '');
}
