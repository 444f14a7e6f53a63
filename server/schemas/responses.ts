/**
 * What every /api/v1 route answers, in one place (their requests are the zod schemas the commands and
 * routes share). OpenAPI documents both; in tests every answer is checked against its schema, so the
 * documentation cannot drift from the code (server/schemas/serializer.ts).
 */
import { z } from 'zod';
import { REFERRAL_STATUSES } from '../../core/referrals/status.ts';
import { ROLES, type Role } from '../../core/access/policy.ts';
import { NOTIFICATION_KINDS } from '../../db/schema-values.ts';

const status = z.enum(REFERRAL_STATUSES);
const named = <K extends string | number>(id: z.ZodType<K>) => z.object({ id, name: z.string() });
const instant = z.string().describe('ISO 8601, UTC');
const day = z.string().describe('YYYY-MM-DD');

export const problemSchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
}).catchall(z.unknown()).describe('Fejl: status, besked på dansk, og de felter der er galt');

export const cohortAvailabilitySchema = z.object({
  id: z.number().int(), startsOn: day, endsOn: day, seats: z.number().int(), taken: z.number().int(), free: z.number().int(),
});
export const availabilitySchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('seats'), seats: z.number().int(), taken: z.number().int(), free: z.number().int(), waitlist: z.number().int() }),
  z.object({ model: z.literal('cohorts'), cohorts: z.array(cohortAvailabilitySchema), free: z.number().int(), waitlist: z.number().int(), nextStart: day.nullable() }),
]);

export const offerSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  taskType: z.number().int(),
  provider: z.object({ organisation: z.string(), unit: z.string() }),
  intake: z.string(),
  referrable: z.boolean(),
  capacityModel: z.enum(['seats', 'cohorts']),
  availability: availabilitySchema.optional(),
});
/** Search results' seats per offer (core/catalogue/search/seats.ts), keyed by slug. */
export const seatSummarySchema = z.object({
  model: z.enum(['seats', 'cohorts']),
  free: z.number().int(),
  nextCohort: z.object({ startsOn: day, free: z.number().int() }).nullable(),
  confirmedOn: day.nullable(),
  referrable: z.boolean(),
});
export const seatSummariesSchema = z.object({ items: z.record(z.string(), seatSummarySchema) });
export const offerListSchema = z.object({
  total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(offerSummarySchema),
});
/** The whole offer as its content declares it (core/catalogue/offer-schema.ts), with live availability. */
export const offerDetailSchema = z.looseObject({
  slug: z.string(), title: z.string(), summary: z.string(), taskType: z.number().int(),
  provider: z.object({ organisation: z.string(), unit: z.string() }),
  availability: availabilitySchema,
});
export const cohortSchema = z.object({
  id: z.number().int(), offerSlug: z.string(), startsOn: day, endsOn: day, seats: z.number().int(), updatedAt: instant,
});
export const cohortListSchema = z.object({ items: z.array(cohortSchema), availability: availabilitySchema });

export const referralSchema = z.object({
  id: z.number().int(),
  offer: z.object({ slug: z.string(), title: z.string() }),
  providerOrganisation: named(z.string()),
  cohortId: z.number().int().nullable(),
  unit: named(z.string()),
  caseworker: named(z.number().int()),
  citizenRef: z.string(),
  purpose: z.string(),
  note: z.string().nullable(),
  consent: z.object({ scope: z.string(), recordedBy: z.string(), recordedAt: instant }),
  status,
  statusLabel: z.string(),
  statusReason: z.string().nullable(),
  waitlistedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
  nextStatuses: z.array(status),
});
export const referralListSchema = z.object({
  total: z.number().int().describe('Antal henvisninger; højst 1000 tælles (se totalIsLowerBound)'),
  totalIsLowerBound: z.boolean().describe('true: der er flere end total'),
  page: z.number().int(), pageSize: z.number().int(), items: z.array(referralSchema),
});

export const subGoalSchema = z.object({
  id: z.number().int(), referralId: z.number().int(), text: z.string(),
  outcome: z.enum(['achieved', 'partly_achieved', 'not_achieved']).nullable(),
  createdBy: z.number().int(), createdAt: instant, updatedAt: instant,
});
export const who5ScoreSchema = z.object({
  id: z.number().int(), referralId: z.number().int(), phase: z.enum(['start', 'end']), items: z.array(z.number().int()),
  score: z.number().int(), recordedBy: z.number().int(), recordedAt: instant,
});
export const closingReportSchema = z.object({
  referralId: z.number().int(), summary: z.string(), recommendation: z.string().nullable(), recordedBy: z.number().int(), recordedAt: instant,
});
export const proposalSchema = z.object({
  id: z.number().int(), referralId: z.number().int(), offerSlug: z.string(), reason: z.string(), proposedBy: z.number().int(), proposedAt: instant,
});
export const referralRecordSchema = referralSchema.extend({
  subGoals: z.array(subGoalSchema), who5: z.array(who5ScoreSchema), closingReport: closingReportSchema.nullable(), proposals: z.array(proposalSchema),
});
export const historySchema = z.object({
  items: z.array(z.object({
    id: z.number().int(), from: status.nullable(), to: status, toLabel: z.string(), by: z.string(), reason: z.string().nullable(), at: instant,
  })),
});

export const notificationListSchema = z.object({
  unread: z.number().int(),
  items: z.array(z.object({
    id: z.number().int(), referralId: z.number().int().nullable(), kind: z.enum(NOTIFICATION_KINDS), message: z.string(),
    offerSlug: z.string().nullable(), citizenRef: z.string().nullable(), createdAt: instant, readAt: instant.nullable(),
  })),
});
export const markedSchema = z.object({ marked: z.number().int() });

export const sessionUserSchema = z.object({
  id: z.number().int(), email: z.string(), name: z.string(), role: z.enum(ROLES as [Role, ...Role[]]), alsoEditor: z.boolean().optional(), mustChangePassword: z.boolean().optional(),
  organisationId: z.string(), unitId: z.string().nullable(),
});
export const loginSchema = z.object({ user: sessionUserSchema, csrfToken: z.string() });
export const sessionSchema = z.object({ user: sessionUserSchema.nullable(), csrfToken: z.string().nullable() });

export const outboxStatusSchema = z.object({
  pending: z.number().int(),
  failed: z.array(z.object({ id: z.number().int(), notificationId: z.number().int(), attempts: z.number().int(), lastError: z.string().nullable(), failedAt: instant })),
  jobs: z.array(z.string()),
});

/** The answers of a route by status: its success, and the problems every private route can answer. */
export const answers = <C extends number, S extends z.ZodType>(code: C, success: S) => ({
  ...({ [code]: success } as { [K in C]: S }),
  400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema,
});
export const noContent = z.null().describe('Intet indhold');

// ------------------------------------------------------------------------------------------- the editor

const offerStateSchema = z.enum(['draft', 'published', 'archived']);
export const offerRecordSchema = z.object({
  id: z.string(), slug: z.string(), organisationId: z.string(), state: offerStateSchema, title: z.string(), reviewBy: z.string(),
  publishedRevisionId: z.number().int().nullable(), latestRevisionId: z.number().int().nullable(), pendingRevisionId: z.number().int().nullable(),
  updatedAt: z.string(), reviewedAt: z.string().nullable(), capacityConfirmedAt: z.string().nullable(),
});
export const offerRecordListSchema = z.object({ items: z.array(offerRecordSchema) });
export const offerRecordDetailSchema = z.object({
  record: offerRecordSchema,
  /** The latest revision's content: what the editor opens. */
  offer: z.record(z.string(), z.unknown()),
  body: z.string(),
});
export const editResultSchema = z.object({
  slug: z.string(), revisionNumber: z.number().int(), outcome: z.enum(['published', 'draft', 'pending', 'unchanged', 'archived']),
});
export const revisionListSchema = z.object({
  items: z.array(z.object({
    id: z.number().int(), number: z.number().int(), source: z.enum(['file', 'editor', 'import']), sourceRef: z.string().nullable(),
    authorId: z.number().int().nullable(), authorName: z.string().nullable(), basedOnRevisionId: z.number().int().nullable(), createdAt: z.string(),
  })),
});
export const capacityConfirmedSchema = z.object({ confirmedAt: z.string() });

// ------------------------------------------------------------------------------------- administration

export const accountSchema = z.object({
  id: z.number().int(), email: z.string(), name: z.string(), role: z.enum(ROLES as [Role, ...Role[]]), alsoEditor: z.boolean(),
  organisationId: z.string(), unitId: z.string().nullable(), mustChangePassword: z.boolean(), active: z.boolean(), createdAt: z.string(),
});
export const accountListSchema = z.object({ items: z.array(accountSchema) });
/** A new account or a reset: the one-time password the portal made, shown once (null when the administrator gave one). */
export const oneTimePasswordResultSchema = z.object({ id: z.number().int(), oneTimePassword: z.string().nullable() });
export const accountActiveResultSchema = z.object({ id: z.number().int(), active: z.boolean() });
export const organisationSchema = z.object({
  id: z.string(), name: z.string(), kind: z.enum(['jobcentre', 'provider']), sector: z.string(),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
});
export const organisationListSchema = z.object({ items: z.array(organisationSchema) });
