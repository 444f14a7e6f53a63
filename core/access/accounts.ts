/**
 * Local user accounts and the organisations they belong to, as an administrator keeps them: the input of
 * the commands (the API's and the pages'), with Danish messages naming the field, and the rules that tie a
 * role to the kind of organisation (a caseworker works in a jobcentre unit; providers and editors belong
 * to a provider; an administrator to any organisation, without a unit).
 */
import { z } from 'zod';
import { SECTORS } from '../catalogue/taxonomy.ts';
import { ROLES, type Role } from './policy.ts';

/** The shortest password the portal accepts (NIST SP 800-63B: at least 8; we ask for more, as Digitaliseringsstyrelsen does). */
export const PASSWORD_MIN = 12;

export const passwordSchema = z.string()
  .min(PASSWORD_MIN, `Adgangskoden skal være mindst ${PASSWORD_MIN} tegn`)
  .max(200, 'Adgangskoden må højst være 200 tegn');

const name = z.string().trim().min(2, 'Skriv mindst 2 tegn').max(120, 'Må højst være 120 tegn');
const email = z.string().trim().toLowerCase().max(200, 'Må højst være 200 tegn').pipe(z.email({ message: 'Skriv en gyldig e-mailadresse' }));
const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Vælg en af mulighederne').max(80);
const role = z.enum(ROLES as [Role, ...Role[]], { message: 'Vælg en rolle' });

export const ROLE_LABELS: Record<Role, string> = {
  caseworker: 'Sagsbehandler (jobcenter)',
  provider: 'Udbyder (henvisninger og kapacitet)',
  editor: 'Redaktør (organisationens tilbud)',
  admin: 'Administrator (hele kataloget)',
};

export const accountSchema = z.object({
  email,
  name,
  role,
  organisationId: id,
  /** A caseworker's unit; empty for the other roles. */
  unitId: id.nullish().or(z.literal('').transform(() => null)),
  /** A provider who may also edit the organisation's offers. */
  alsoEditor: z.boolean().default(false),
}).strict();
export type AccountInput = z.output<typeof accountSchema>;

export const newAccountSchema = accountSchema.extend({
  /** The one-time password; left out, the portal makes one and shows it once. */
  oneTimePassword: passwordSchema.optional().or(z.literal('').transform(() => undefined)),
}).strict();

export const accountActiveSchema = z.object({ active: z.boolean() }).strict();
export const oneTimePasswordSchema = z.object({ oneTimePassword: passwordSchema.optional().or(z.literal('').transform(() => undefined)) }).strict();

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, 'Skriv din nuværende adgangskode').max(200),
  newPassword: passwordSchema,
  repeatPassword: z.string().max(200),
}).strict().refine((v) => v.newPassword === v.repeatPassword, { message: 'De to nye adgangskoder er ikke ens', path: ['repeatPassword'] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: 'Vælg en ny adgangskode, ikke den nuværende', path: ['newPassword'] });

/** The organisation kind a role belongs to, and whether it has a unit. */
export function roleProblem(input: Pick<AccountInput, 'role' | 'unitId'>, organisation: { kind: 'jobcentre' | 'provider'; units: { id: string }[] } | undefined):
  { field: string; message: string } | null {
  if (!organisation) return { field: 'organisationId', message: 'Vælg en af organisationerne' };
  if (input.role === 'caseworker') {
    if (organisation.kind !== 'jobcentre') return { field: 'organisationId', message: 'En sagsbehandler hører til et jobcenter' };
    if (!input.unitId || !organisation.units.some((u) => u.id === input.unitId)) return { field: 'unitId', message: 'Vælg sagsbehandlerens enhed i jobcentret' };
    return null;
  }
  if ((input.role === 'provider' || input.role === 'editor') && organisation.kind !== 'provider') {
    return { field: 'organisationId', message: 'Udbydere og redaktører hører til en udbyder' };
  }
  if (input.unitId) return { field: 'unitId', message: 'Kun sagsbehandlere har en enhed' };
  return null;
}

// ------------------------------------------------------------------------------------- organisations

export const newOrganisationSchema = z.object({
  name,
  kind: z.enum(['jobcentre', 'provider'], { message: 'Vælg jobcenter eller udbyder' }),
  sector: z.enum(SECTORS.keys, { message: 'Vælg en sektor' }),
  /** The first unit (an organisation has at least one). */
  unitName: name,
}).strict();

export const organisationUpdateSchema = z.object({
  name,
  sector: z.enum(SECTORS.keys, { message: 'Vælg en sektor' }),
}).strict();

export const unitSchema = z.object({ name }).strict();
