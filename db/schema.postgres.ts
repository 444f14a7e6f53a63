/**
 * The portal's database on PostgreSQL: the same tables, columns and constraints as db/schema.ts (SQLite),
 * in PostgreSQL's types (a test compares the two). Timestamps stay ISO-8601 text, as on SQLite, so rows
 * read the same from either engine; JSON is jsonb.
 */
import { createRequire } from 'node:module';
import { sql } from './orm.ts';
import { INBOX_STATUSES, REFERRAL_STATUSES } from '../core/referrals/status.ts';
import { NOTIFICATION_KINDS, OFFER_STATES, REVISION_SOURCES, USER_ROLES, WHO5_PHASES, statusListSql } from './schema-values.ts';

// CommonJS build, for the reason given in orm.ts.
const require = createRequire(import.meta.url);
const { boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } = require('drizzle-orm/pg-core') as typeof import('drizzle-orm/pg-core');
type AnyPgColumn = import('drizzle-orm/pg-core').AnyPgColumn;

const createdAt = () => text('created_at').notNull().default(sql`to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export const organisations = pgTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['jobcentre', 'provider'] }).notNull(),
  sector: text('sector').notNull(),
});

export const units = pgTable('units', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id').notNull().references(() => organisations.id),
  name: text('name').notNull(),
});

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  /** A provider user who may also edit the organisation's offers. */
  alsoEditor: boolean('also_editor').notNull().default(false),
  /** A deactivated account cannot sign in; its sessions end when it is deactivated. */
  active: boolean('active').notNull().default(true),
  /** Set with a one-time password from an administrator: the next sign-in must choose a new one. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  organisationId: text('organisation_id').notNull().references(() => organisations.id),
  unitId: text('unit_id').references(() => units.id),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
});

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  expiresAt: text('expires_at').notNull(),
  createdAt: createdAt(),
}, (t) => [index('sessions_user').on(t.userId)]);

export const offers = pgTable('offers', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  organisationId: text('organisation_id').notNull().references(() => organisations.id),
  state: text('state', { enum: OFFER_STATES }).notNull(),
  publishedRevisionId: integer('published_revision_id'),
  latestRevisionId: integer('latest_revision_id'),
  /** A change that waits for a catalogue administrator's approval (installations with approval on). */
  pendingRevisionId: integer('pending_revision_id'),
  /** The last "still correct" from an editor: who and when (freshness). */
  reviewedAt: text('reviewed_at'),
  reviewedBy: integer('reviewed_by').references((): AnyPgColumn => users.id),
  /** The review date a reminder was sent for: one reminder per due date. */
  reviewRemindedFor: text('review_reminded_for'),
  /** When the seat and cohort figures were last confirmed (or changed) by the provider, and by whom. */
  capacityConfirmedAt: text('capacity_confirmed_at'),
  capacityConfirmedBy: integer('capacity_confirmed_by').references((): AnyPgColumn => users.id),
  title: text('title').notNull(),
  taskType: integer('task_type').notNull(),
  intake: text('intake').notNull(),
  capacityModel: text('capacity_model').notNull(),
  riskGroups: jsonb('risk_groups').$type<string[]>().notNull(),
  benefitGroups: jsonb('benefit_groups').$type<string[]>().notNull(),
  themes: jsonb('themes').$type<string[]>().notNull(),
  reviewBy: text('review_by').notNull(),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  index('offers_state_task_type').on(t.state, t.taskType),
  index('offers_organisation').on(t.organisationId),
]);

export const offerRevisions = pgTable('offer_revisions', {
  id: serial('id').primaryKey(),
  offerId: text('offer_id').notNull().references(() => offers.id),
  number: integer('number').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  body: text('body').notNull(),
  contentHash: text('content_hash').notNull(),
  source: text('source', { enum: REVISION_SOURCES }).notNull(),
  sourceRef: text('source_ref'),
  /**
   * SHA-256 of the file's own text (source `file`): a hand-written file need not be in the stored form, and
   * the same file read again (a restart) is known by it without being parsed.
   */
  fileHash: text('file_hash'),
  basedOnRevisionId: integer('based_on_revision_id').references((): AnyPgColumn => offerRevisions.id),
  authorId: integer('author_id').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('offer_revisions_offer_number').on(t.offerId, t.number)]);

export const offerSlugRedirects = pgTable('offer_slug_redirects', {
  oldSlug: text('old_slug').primaryKey(),
  offerId: text('offer_id').notNull().references(() => offers.id),
  createdAt: createdAt(),
});

export const offerSeats = pgTable('offer_seats', {
  offerSlug: text('offer_slug').primaryKey(),
  /** The offer (kept across renames); offer_slug is its current slug, rewritten by a rename in the same transaction. */
  offerId: text('offer_id').references(() => offers.id),
  seats: integer('seats').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [check('offer_seats_non_negative', sql`${t.seats} >= 0`)]);

export const cohorts = pgTable('cohorts', {
  id: serial('id').primaryKey(),
  offerSlug: text('offer_slug').notNull(),
  /** The offer (kept across renames); offer_slug is its current slug, rewritten by a rename in the same transaction. */
  offerId: text('offer_id').references(() => offers.id),
  startsOn: text('starts_on').notNull(),
  endsOn: text('ends_on').notNull(),
  seats: integer('seats').notNull(),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  index('cohorts_offer').on(t.offerSlug, t.startsOn),
  index('cohorts_offer_id').on(t.offerId),
  check('cohorts_seats_non_negative', sql`${t.seats} >= 0`),
  check('cohorts_dates', sql`${t.endsOn} >= ${t.startsOn}`),
]);

export const referrals = pgTable('referrals', {
  id: serial('id').primaryKey(),
  offerSlug: text('offer_slug').notNull(),
  /** The offer (kept across renames); offer_slug is its current slug, rewritten by a rename in the same transaction. */
  offerId: text('offer_id').references(() => offers.id),
  providerOrganisationId: text('provider_organisation_id').notNull().references(() => organisations.id),
  cohortId: integer('cohort_id').references(() => cohorts.id),
  unitId: text('unit_id').notNull().references(() => units.id),
  caseworkerId: integer('caseworker_id').notNull().references(() => users.id),
  citizenRef: text('citizen_ref').notNull(),
  purpose: text('purpose').notNull(),
  note: text('note'),
  consentScope: text('consent_scope').notNull(),
  consentRecordedBy: integer('consent_recorded_by').notNull().references(() => users.id),
  consentRecordedAt: text('consent_recorded_at').notNull(),
  status: text('status', { enum: REFERRAL_STATUSES }).notNull(),
  statusReason: text('status_reason'),
  waitlistedAt: text('waitlisted_at'),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  index('referrals_unit').on(t.unitId, t.createdAt),
  index('referrals_provider').on(t.providerOrganisationId, t.createdAt),
  // The provider's inbox: counted by organisation and status without reading the rows (a national year has ~100k per provider).
  index('referrals_provider_status').on(t.providerOrganisationId, t.status, t.createdAt),
  // The inbox's page: its rows only, newest first, so a provider with no new referrals among a year of closed
  // ones finds that at once (with the index above, two statuses cannot be read in date order).
  index('referrals_inbox').on(t.providerOrganisationId, t.createdAt, t.id).where(sql.raw(`status in (${statusListSql(INBOX_STATUSES)})`)),
  index('referrals_offer_status').on(t.offerSlug, t.status, t.cohortId),
  index('referrals_citizen').on(t.citizenRef),
  index('referrals_offer_id').on(t.offerId),
  index('referrals_status_offer').on(t.status, t.offerSlug, t.cohortId),
]);

/**
 * How many referrals hold a seat and how many wait, per offer and cohort (cohort 0: continuous seats),
 * kept by triggers on referrals in the same transaction as every insert, status change, move and delete
 * (the migration that made this table holds them). The offers list and the search page read availability
 * from here: a read that grows with the offers, not with every referral ever made.
 */
export const seatCounts = pgTable('seat_counts', {
  offerSlug: text('offer_slug').notNull(),
  cohortKey: integer('cohort_key').notNull(),
  taken: integer('taken').notNull().default(0),
  waiting: integer('waiting').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.offerSlug, t.cohortKey] })]);

export const referralEvents = pgTable('referral_events', {
  id: serial('id').primaryKey(),
  referralId: integer('referral_id').notNull().references(() => referrals.id),
  actorId: integer('actor_id').references(() => users.id),
  fromStatus: text('from_status', { enum: REFERRAL_STATUSES }),
  toStatus: text('to_status', { enum: REFERRAL_STATUSES }).notNull(),
  reason: text('reason'),
  at: text('at').notNull(),
}, (t) => [index('referral_events_referral').on(t.referralId, t.id)]);

export const subGoals = pgTable('sub_goals', {
  id: serial('id').primaryKey(),
  referralId: integer('referral_id').notNull().references(() => referrals.id),
  text: text('text').notNull(),
  outcome: text('outcome', { enum: ['achieved', 'partly_achieved', 'not_achieved'] }),
  createdBy: integer('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('sub_goals_referral').on(t.referralId)]);

export const notifications = pgTable('notifications', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  /** The referral a notice is about; null for notices about an offer (review reminders) or a summary. */
  referralId: integer('referral_id').references(() => referrals.id),
  /** The offer a review reminder is about. */
  offerId: text('offer_id').references((): AnyPgColumn => offers.id),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull().default('status'),
  eventId: integer('event_id').references(() => referralEvents.id),
  message: text('message').notNull().default(''),
  readAt: text('read_at'),
  createdAt: createdAt(),
}, (t) => [index('notifications_user').on(t.userId, t.readAt)]);

export const emailOutbox = pgTable('email_outbox', {
  id: serial('id').primaryKey(),
  notificationId: integer('notification_id').notNull().references(() => notifications.id),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
  sentAt: text('sent_at'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  nextAttemptAt: text('next_attempt_at'),
  failedAt: text('failed_at'),
}, (t) => [index('email_outbox_unsent').on(t.sentAt, t.id)]);

/**
 * Catalogue files imported into records (organisations.yaml): the text last imported, so an unchanged file
 * never undoes what an administrator changed in the browser, and a changed one updates what changed in it.
 */
export const catalogueFiles = pgTable('catalogue_files', {
  name: text('name').primaryKey(),
  contentHash: text('content_hash').notNull(),
  /** The text last imported: a changed file updates only what changed in it since. */
  content: text('content').notNull(),
  importedAt: text('imported_at').notNull(),
});

export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
  lastRunAt: text('last_run_at'),
});

export const who5Scores = pgTable('who5_scores', {
  id: serial('id').primaryKey(),
  referralId: integer('referral_id').notNull().references(() => referrals.id),
  phase: text('phase', { enum: WHO5_PHASES }).notNull(),
  items: jsonb('items').$type<number[]>().notNull(),
  score: integer('score').notNull(),
  recordedBy: integer('recorded_by').notNull().references(() => users.id),
  recordedAt: text('recorded_at').notNull(),
}, (t) => [
  uniqueIndex('who5_referral_phase').on(t.referralId, t.phase),
  check('who5_score_range', sql`${t.score} between 0 and 100`),
]);

export const closingReports = pgTable('closing_reports', {
  referralId: integer('referral_id').primaryKey().references(() => referrals.id),
  summary: text('summary').notNull(),
  recommendation: text('recommendation'),
  recordedBy: integer('recorded_by').notNull().references(() => users.id),
  recordedAt: text('recorded_at').notNull(),
});

export const proposals = pgTable('proposals', {
  id: serial('id').primaryKey(),
  referralId: integer('referral_id').notNull().references(() => referrals.id),
  offerSlug: text('offer_slug').notNull(),
  /** The offer (kept across renames); offer_slug is its current slug, rewritten by a rename in the same transaction. */
  offerId: text('offer_id').references(() => offers.id),
  reason: text('reason').notNull(),
  proposedBy: integer('proposed_by').notNull().references(() => users.id),
  proposedAt: text('proposed_at').notNull(),
}, (t) => [index('proposals_referral').on(t.referralId)]);
