/**
 * The one definition of an offer (tilbud) and of the organisations that own them. The site, the API, the
 * editor and the importer all validate through this module.
 */
import { z } from 'zod';
import {
  BENEFIT_GROUPS, FORMATS, INTAKE_MODES, LANGUAGES, LEGAL_BASES, REFERRAL_ROUTES, RISK_GROUPS, SECTORS,
  TASK_TYPES, THEMES, type TaskTypeId,
} from './taxonomy.ts';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase a–z, 0–9 and single hyphens');
const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const nonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1);
const uniqueList = <T extends z.ZodType>(item: T) =>
  nonEmptyList(item).refine((list) => new Set(list).size === list.length, 'must not repeat a value');

const taskTypeIds = TASK_TYPES.map((t) => t.id);

export const locationSchema = z.object({
  name: text(2, 120),
  address: text(3, 160),
  postcode: z.string().regex(/^\d{4}$/, 'must be a four-digit Danish postcode'),
  city: text(2, 80),
  municipality: text(2, 80),
  accessibility: text(2, 400).optional(),
});

export const contactSchema = z.object({
  name: text(2, 120).optional(),
  phone: z.string().regex(/^\+?[\d ]{8,16}$/, 'must be a phone number of 8 digits, spaces allowed').optional(),
  email: z.email().optional(),
  hours: text(2, 160).optional(),
}).refine((c) => c.phone || c.email, 'needs a phone number or an e-mail address');

export const capacitySchema = z.discriminatedUnion('model', [
  z.object({
    model: z.literal('seats'),
    /** Continuous intake: the number of citizens the offer can hold at once. */
    seats: z.int().min(1).max(10_000),
    note: text(2, 200).optional(),
  }),
  z.object({
    model: z.literal('cohorts'),
    /** Intake in cohorts (hold) with a start and an end date; the default seats of a new cohort. */
    seatsPerCohort: z.int().min(1).max(1_000),
    cohortsPerYear: z.int().min(1).max(52).optional(),
    note: text(2, 200).optional(),
  }),
]);

export const offerSchema = z.object({
  title: text(3, 120),
  slug,
  summary: text(20, 320),
  taskType: z.int().refine((id) => taskTypeIds.includes(id as TaskTypeId), 'must be a task type (opgavetype) from 1 to 10')
    .transform((id) => id as TaskTypeId),
  provider: z.object({
    organisation: slug,
    unit: text(2, 120),
  }),
  sector: z.enum(SECTORS.keys),
  riskGroups: uniqueList(z.enum(RISK_GROUPS.keys)),
  benefitGroups: uniqueList(z.enum(BENEFIT_GROUPS.keys)),
  themes: uniqueList(z.enum(THEMES.keys)),
  age: z.object({
    min: z.int().min(0).max(120).default(18),
    max: z.int().min(0).max(120).optional(),
  }).refine((a) => a.max === undefined || a.max >= a.min, { message: 'max must be at least min', path: ['max'] })
    .default({ min: 18 }),
  legalBasis: nonEmptyList(z.object({
    law: z.enum(LEGAL_BASES.keys),
    section: text(1, 40).optional(),
  })),
  format: uniqueList(z.enum(FORMATS.keys)),
  duration: text(2, 160),
  schedule: text(2, 200).optional(),
  locations: z.array(locationSchema).default([]),
  contact: contactSchema,
  referral: z.object({
    routes: uniqueList(z.enum(REFERRAL_ROUTES.keys)),
    intake: z.enum(INTAKE_MODES.keys).default('assessed'),
    howTo: text(10, 1_000),
  }),
  capacity: capacitySchema,
  prerequisites: z.array(text(2, 300)).default([]),
  exclusions: z.array(text(2, 300)).default([]),
  cost: text(2, 200).default('Gratis for borgeren'),
  languages: uniqueList(z.enum(LANGUAGES.keys)).default(['da']),
  accessibility: text(2, 600).optional(),
  /** Extra search words: what caseworkers and citizens call the offer. */
  synonyms: z.array(text(2, 60)).default([]),
  published: z.boolean().default(true),
  /** Internal-only: shown to logged-in professionals, never to citizens. */
  internal: z.object({
    notes: text(2, 2_000).optional(),
    referralTips: text(2, 1_000).optional(),
  }).default({}),
  owner: z.object({
    name: text(2, 120),
    email: z.email(),
  }),
  reviewBy: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }),
}).strict();

/** Offer metadata as written in frontmatter (before defaults). */
export type OfferInput = z.input<typeof offerSchema>;
/** A validated offer's metadata. */
export type OfferData = z.output<typeof offerSchema>;

/** A loaded offer: its metadata plus the Markdown body and its rendered HTML. */
export interface Offer extends OfferData {
  body: string;
  html: string;
}

/** What citizens may see: everything but the internal notes and the owner. */
export type PublicOffer = Omit<Offer, 'internal' | 'owner'>;

export function toPublicOffer(offer: Offer): PublicOffer {
  return withoutFields(offer, ['internal', 'owner']);
}

/**
 * A copy of the offer without some fields, made from its property descriptors: `html` is rendered on first
 * read (content/offer-file.ts), and a copy that leaves it out, or keeps it for later, must not render it now.
 */
export function withoutFields<T extends object, K extends keyof T>(offer: T, fields: readonly K[]): Omit<T, K> {
  const descriptors = Object.getOwnPropertyDescriptors(offer) as Record<PropertyKey, PropertyDescriptor>;
  for (const field of fields) delete descriptors[field];
  return Object.defineProperties({}, descriptors) as Omit<T, K>;
}

export const organisationSchema = z.object({
  id: slug,
  name: text(2, 120),
  kind: z.enum(['jobcentre', 'provider']),
  sector: z.enum(SECTORS.keys),
  units: nonEmptyList(z.object({ id: slug, name: text(2, 120) })),
}).strict();
export const organisationsFileSchema = z.object({ organisations: nonEmptyList(organisationSchema) }).strict();
export type Organisation = z.output<typeof organisationSchema>;

/** A readable, one-line-per-problem description of a zod error, naming each field by its path. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys.join(', ')] : issue.path;
    const field = path.length ? formatPath(path) : '(root)';
    const message = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
    return `field "${field}": ${message}`;
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
