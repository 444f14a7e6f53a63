/**
 * The one definition of an offer (tilbud) and of the organisations that own them. The site, the API, the
 * editor and the importer all validate through this module.
 */
import { z } from 'zod';
import {
  BENEFIT_GROUPS, FORMATS, INTAKE_MODES, LANGUAGES, LEGAL_BASES, REFERRAL_ROUTES, RISK_GROUPS, SECTORS,
  TASK_TYPES, THEMES, type TaskTypeId,
} from './taxonomy.ts';

/**
 * Each field carries its Danish label (`title`), help text (`description`) and, for choices, the labels
 * of its values (`options`) as zod metadata: the editor's form is generated from this schema
 * (core/catalogue/editing/form.ts), so there is no second list of fields.
 */
export interface FieldMeta {
  title: string;
  description?: string;
  options?: Readonly<Record<string, string>>;
  /** Shown as a text area (long text, or one list item per line). */
  multiline?: boolean;
  /** Not part of the editor's form (set by its buttons, or by the record). */
  form?: false;
  /** Filled from the installation's organisations when the form is built. */
  dynamicOptions?: 'providers';
}
const meta = (m: FieldMeta) => m as unknown as Record<string, unknown>;

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'må kun indeholde små bogstaver a–z, tal og enkelte bindestreger');
const text = (min: number, max: number) => z.string().trim()
  .min(min, min <= 1 ? 'skal udfyldes' : `skal være mindst ${min} tegn`)
  .max(max, `må højst være ${max} tegn`);
const nonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'vælg eller udfyld mindst én');
const uniqueList = <T extends z.ZodType>(item: T) =>
  nonEmptyList(item).refine((list) => new Set(list).size === list.length, 'må ikke gentage en værdi');

const taskTypeIds = TASK_TYPES.map((t) => t.id);
const TASK_TYPE_LABELS = Object.fromEntries(TASK_TYPES.map((t) => [String(t.id), `${t.id}. ${t.label}`]));

export const locationSchema = z.object({
  name: text(2, 120).meta(meta({ title: 'Stedets navn' })),
  address: text(3, 160).meta(meta({ title: 'Adresse' })),
  postcode: z.string().regex(/^\d{4}$/, 'skal være et dansk postnummer på fire cifre').meta(meta({ title: 'Postnummer' })),
  city: text(2, 80).meta(meta({ title: 'By' })),
  municipality: text(2, 80).meta(meta({ title: 'Kommune' })),
  accessibility: text(2, 400).optional().meta(meta({ title: 'Tilgængelighed på stedet', description: 'Fx elevator, handicapparkering, niveaufri adgang.' })),
});

export const contactSchema = z.object({
  name: text(2, 120).optional().meta(meta({ title: 'Kontaktperson' })),
  phone: z.string().regex(/^\+?[\d ]{8,16}$/, 'skal være et telefonnummer på 8 cifre (mellemrum er tilladt)').optional()
    .meta(meta({ title: 'Telefon' })),
  email: z.email('skal være en e-mailadresse').optional().meta(meta({ title: 'E-mail' })),
  hours: text(2, 160).optional().meta(meta({ title: 'Telefontid', description: 'Fx »Mandag–torsdag kl. 9–12«.' })),
}).refine((c) => c.phone || c.email, 'skal have et telefonnummer eller en e-mailadresse');

export const capacitySchema = z.discriminatedUnion('model', [
  z.object({
    model: z.literal('seats').meta(meta({ title: 'Løbende optag' })),
    /** Continuous intake: the number of citizens the offer can hold at once. */
    seats: z.int().min(1).max(10_000).meta(meta({ title: 'Antal pladser', description: 'Hvor mange borgere tilbuddet kan have på én gang.' })),
    note: text(2, 200).optional().meta(meta({ title: 'Bemærkning om pladser' })),
  }),
  z.object({
    model: z.literal('cohorts').meta(meta({ title: 'Hold med start- og slutdato' })),
    /** Intake in cohorts (hold) with a start and an end date; the default seats of a new cohort. */
    seatsPerCohort: z.int().min(1).max(1_000).meta(meta({ title: 'Pladser pr. hold', description: 'Standard for et nyt hold; det enkelte hold rettes under Kapacitet.' })),
    cohortsPerYear: z.int().min(1).max(52).optional().meta(meta({ title: 'Hold pr. år' })),
    note: text(2, 200).optional().meta(meta({ title: 'Bemærkning om hold' })),
  }),
]).meta(meta({ title: 'Kapacitet', description: 'Løbende pladser eller hold. De aktuelle pladser og hold rettes under Kapacitet.' }));

export const offerSchema = z.object({
  title: text(3, 120).meta(meta({ title: 'Titel', description: 'Tilbuddets navn, som borgere og sagsbehandlere kender det.' })),
  slug: slug.meta(meta({ title: 'Kortnavn i adressen', description: 'Bruges i tilbuddets adresse (/tilbud/kortnavn). Kan ikke ændres her, når tilbuddet er offentliggjort.' })),
  summary: text(20, 320).meta(meta({ title: 'Kort beskrivelse', description: 'Et til to sætninger, der vises i søgeresultater. 20–320 tegn.', multiline: true })),
  taskType: z.int().refine((id) => taskTypeIds.includes(id as TaskTypeId), 'skal være en opgavetype fra 1 til 10')
    .transform((id) => id as TaskTypeId)
    .meta(meta({ title: 'Opgavetype', description: 'Sundhedsstyrelsens ti opgavetyper.', options: TASK_TYPE_LABELS })),
  provider: z.object({
    organisation: slug.meta(meta({ title: 'Udbyder', dynamicOptions: 'providers' })),
    unit: text(2, 120).meta(meta({ title: 'Enhed', description: 'Den afdeling eller det team, der driver tilbuddet.' })),
  }).meta(meta({ title: 'Udbyder' })),
  sector: z.enum(SECTORS.keys).meta(meta({ title: 'Sektor', options: SECTORS.labels })),
  riskGroups: uniqueList(z.enum(RISK_GROUPS.keys)).meta(meta({ title: 'Risikogrupper', options: RISK_GROUPS.labels })),
  benefitGroups: uniqueList(z.enum(BENEFIT_GROUPS.keys)).meta(meta({ title: 'Målgrupper (ydelsesgrupper)', options: BENEFIT_GROUPS.labels })),
  themes: uniqueList(z.enum(THEMES.keys)).meta(meta({ title: 'Sundhedstemaer', options: THEMES.labels })),
  age: z.object({
    min: z.int().min(0).max(120).default(18).meta(meta({ title: 'Fra alder' })),
    max: z.int().min(0).max(120).optional().meta(meta({ title: 'Til alder', description: 'Tom: ingen øvre grænse.' })),
  }).refine((a) => a.max === undefined || a.max >= a.min, { message: 'skal være mindst »Fra alder«', path: ['max'] })
    .default({ min: 18 }).meta(meta({ title: 'Alder' })),
  legalBasis: nonEmptyList(z.object({
    law: z.enum(LEGAL_BASES.keys).meta(meta({ title: 'Lov', options: LEGAL_BASES.labels })),
    section: text(1, 40).optional().meta(meta({ title: 'Paragraf', description: 'Fx »§ 119«.' })),
  })).meta(meta({ title: 'Lovgrundlag' })),
  format: uniqueList(z.enum(FORMATS.keys)).meta(meta({ title: 'Form', options: FORMATS.labels })),
  duration: text(2, 160).meta(meta({ title: 'Varighed', description: 'Fx »8 uger, 2 timer om ugen«.' })),
  schedule: text(2, 200).optional().meta(meta({ title: 'Tidspunkter' })),
  locations: z.array(locationSchema).default([]).meta(meta({ title: 'Steder' })),
  contact: contactSchema.meta(meta({ title: 'Kontakt', description: 'Et telefonnummer eller en e-mailadresse skal udfyldes.' })),
  referral: z.object({
    routes: uniqueList(z.enum(REFERRAL_ROUTES.keys)).meta(meta({ title: 'Adgangsveje', options: REFERRAL_ROUTES.labels })),
    intake: z.enum(INTAKE_MODES.keys).default('assessed').meta(meta({ title: 'Optag', options: INTAKE_MODES.labels })),
    howTo: text(10, 1_000).meta(meta({ title: 'Sådan bliver du henvist', description: 'Skrevet til borgeren, som resten af siden: »Ring til os …«, »Tal med din sagsbehandler …«.', multiline: true })),
  }).meta(meta({ title: 'Henvisning' })),
  capacity: capacitySchema,
  prerequisites: z.array(text(2, 300)).default([]).meta(meta({ title: 'Forudsætninger', description: 'Én pr. linje.', multiline: true })),
  exclusions: z.array(text(2, 300)).default([]).meta(meta({ title: 'Tilbuddet passer ikke til', description: 'Én pr. linje.', multiline: true })),
  cost: text(2, 200).default('Gratis for dig').meta(meta({ title: 'Pris for borgeren' })),
  languages: uniqueList(z.enum(LANGUAGES.keys)).default(['da']).meta(meta({ title: 'Sprog', options: LANGUAGES.labels })),
  accessibility: text(2, 600).optional().meta(meta({ title: 'Tilgængelighed', multiline: true })),
  /** Extra search words: what caseworkers and citizens call the offer. */
  synonyms: z.array(text(2, 60)).default([]).meta(meta({ title: 'Søgeord', description: 'Andre ord, som borgere og sagsbehandlere søger på. Ét pr. linje.', multiline: true })),
  published: z.boolean().default(true).meta(meta({ title: 'Offentliggjort', form: false })),
  /** Internal-only: shown to logged-in professionals, never to citizens. */
  internal: z.object({
    notes: text(2, 2_000).optional().meta(meta({ title: 'Interne noter', multiline: true })),
    referralTips: text(2, 1_000).optional().meta(meta({ title: 'Tip til henvisningen', multiline: true })),
  }).default({}).meta(meta({ title: 'Kun for medarbejdere', description: 'Vises for sagsbehandlere og udbydere, aldrig for borgere.' })),
  owner: z.object({
    name: text(2, 120).meta(meta({ title: 'Navn' })),
    email: z.email('skal være en e-mailadresse').meta(meta({ title: 'E-mail' })),
  }).meta(meta({ title: 'Ansvarlig for oplysningerne', description: 'Får besked, når tilbuddet skal gennemgås.' })),
  reviewBy: z.iso.date({ message: 'skal være en dato skrevet ÅÅÅÅ-MM-DD' })
    .meta(meta({ title: 'Gennemgås senest', description: 'Datoen, hvor oplysningerne senest skal være gennemgået igen.' })),
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
