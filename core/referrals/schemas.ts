/**
 * Input schemas of the referral service, shared by the JSON API and the workspace forms so both accept
 * and reject exactly the same input, with the same Danish messages.
 */
import { z } from 'zod';
import { PAGE_SIZE } from '../paging.ts';
import { REFERRAL_STATUSES } from './status.ts';

// Users read these messages: zod's own (type errors, enums, ranges) in Danish too.
z.config(z.locales.da());

const trimmed = (min: number, max: number, what: string) =>
  z.string().trim()
    .min(min, min <= 1 ? `${what} skal udfyldes` : `${what} skal være mindst ${min} tegn`)
    .max(max, `${what} må højst være ${max} tegn`);

const optionalText = (max: number, what: string) =>
  z.string().trim().max(max, `${what} må højst være ${max} tegn`).optional().nullable()
    .transform((v) => (v ? v : null));

const CPR_LIKE = /^\s*\d{6}\s*-?\s*\d{4}\s*$/;

/** A pseudonymous case number. A CPR number is refused: this service stores no CPR numbers. */
export const citizenRefSchema = z.string().trim()
  .min(4, 'Borgerens sagsnummer skal være mindst 4 tegn')
  .max(40, 'Borgerens sagsnummer må højst være 40 tegn')
  .refine((v) => !CPR_LIKE.test(v), 'Det ligner et CPR-nummer. Brug borgerens sagsnummer – CPR-numre gemmes ikke her')
  .refine((v) => /^[\p{L}\p{N}][\p{L}\p{N} ./_-]*$/u.test(v), 'Sagsnummeret må kun indeholde bogstaver, tal, mellemrum og . / _ -');

export const idSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const isoDateSchema = z.iso.date({ message: 'skal være en dato skrevet ÅÅÅÅ-MM-DD' });
export const slugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'skal være et tilbuds kortnavn (a–z, 0–9 og bindestreger)').max(120);

export const CONSENT_SCOPE_DEFAULT =
  'Borgeren giver samtykke til, at jobcentret og udbyderen udveksler de oplysninger, der er nødvendige for at henvise til og følge op på forløbet.';

export const newReferralSchema = z.object({
  offerSlug: slugSchema,
  cohortId: idSchema.optional().nullable(),
  citizenRef: citizenRefSchema,
  purpose: trimmed(10, 2_000, 'Formålet'),
  note: optionalText(2_000, 'Bemærkningen'),
  consent: z.object({
    given: z.literal(true, { message: 'Borgerens samtykke skal være givet – uden samtykke ingen henvisning' }),
    scope: trimmed(10, 600, 'Samtykkets omfang').default(CONSENT_SCOPE_DEFAULT),
  }, { message: 'Borgerens samtykke skal registreres' }),
}).strict();
export type NewReferralInput = z.output<typeof newReferralSchema>;

export const transitionSchema = z.object({
  reason: optionalText(1_000, 'Begrundelsen'),
  cohortId: idSchema.optional().nullable(),
}).strict();

export const subGoalSchema = z.object({ text: trimmed(3, 500, 'Delmålet') }).strict();
export const subGoalOutcomeSchema = z.object({
  outcome: z.enum(['achieved', 'partly_achieved', 'not_achieved']).nullable(),
}).strict();

export const SUB_GOAL_OUTCOME_LABELS = { achieved: 'Opnået', partly_achieved: 'Delvist opnået', not_achieved: 'Ikke opnået' } as const;

/** A repeated query parameter arrives as a string or an array: always read it as an array. */
export const manyOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : String(v).split(',')), z.array(item).max(20)).optional();

/** Paging of every API list: `page` from 1, `pageSize` up to 100, by default a page of the site's search. */
export const pagingSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
});

export const referralListQuerySchema = z.object({
  status: manyOf(z.enum(REFERRAL_STATUSES)),
  offer: slugSchema.optional(),
  unit: z.string().max(80).optional(),
  citizenRef: citizenRefSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  order: z.enum(['newest', 'oldest']).default('newest'),
  ...pagingSchema.shape,
}).strict().refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'skal ligge på eller efter fra-datoen', path: ['to'] });

export const cohortSchema = z.object({
  startsOn: isoDateSchema,
  endsOn: isoDateSchema,
  seats: z.coerce.number().int().min(0).max(1_000).optional(),
}).strict().refine((c) => c.endsOn >= c.startsOn, { message: 'slutdatoen skal ligge på eller efter startdatoen', path: ['endsOn'] });

export const cohortPatchSchema = z.object({
  startsOn: isoDateSchema.optional(),
  endsOn: isoDateSchema.optional(),
  seats: z.coerce.number().int().min(0).max(1_000).optional(),
}).strict();

export const seatsSchema = z.object({ seats: z.coerce.number().int().min(0).max(10_000) }).strict();

const who5Item = z.coerce.number({ message: 'Vælg et svar' }).int().min(0, 'Vælg et svar').max(5, 'Vælg et svar');
export const who5Schema = z.object({
  phase: z.enum(['start', 'end'], { message: 'Vælg start eller afslutning' }),
  items: z.array(who5Item).length(5, 'WHO-5 har fem spørgsmål'),
}).strict();

export const closingReportSchema = z.object({
  summary: trimmed(20, 5_000, 'Rapporten'),
  recommendation: optionalText(2_000, 'Anbefalingen'),
}).strict();

export const proposalSchema = z.object({
  offerSlug: slugSchema,
  reason: trimmed(10, 1_000, 'Begrundelsen'),
}).strict();
