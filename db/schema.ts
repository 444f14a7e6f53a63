/**
 * The portal's database on SQLite (drizzle-orm), the embedded default. db/schema.postgres.ts is the same
 * schema for PostgreSQL, kept in step by a test that compares their tables, columns and constraints.
 * Timestamps are ISO-8601 strings (UTC), dates are YYYY-MM-DD.
 */
import { check, index, integer, primaryKey, sql, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from './orm.ts';
import { INBOX_STATUSES, REFERRAL_STATUSES } from '../core/referrals/status.ts';
import { NOTIFICATION_KINDS, OFFER_STATES, REVISION_SOURCES, USER_ROLES, WHO5_PHASES, statusListSql } from './schema-values.ts';

export { NOTIFICATION_KINDS, OFFER_STATES, REVISION_SOURCES, WHO5_PHASES };

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const organisations = sqliteTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['jobcentre', 'provider'] }).notNull(),
  sector: text('sector').notNull(),
});

export const units = sqliteTable('units', {
  id: text('id').primaryKey(),
  organisationId: text('organisation_id').notNull().references(() => organisations.id),
  name: text('name').notNull(),
});

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  /** A provider user who may also edit the organisation's offers. */
  alsoEditor: integer('also_editor', { mode: 'boolean' }).notNull().default(false),
  /** A deactivated account cannot sign in; its sessions end when it is deactivated. */
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Set with a one-time password from an administrator: the next sign-in must choose a new one. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  organisationId: text('organisation_id').notNull().references(() => organisations.id),
  /** A caseworker's jobcentre unit; null for providers and admins. */
  unitId: text('unit_id').references(() => units.id),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
});

export const sessions = sqliteTable('sessions', {
  /** SHA-256 of the cookie's token: a stolen database does not yield usable cookies. */
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  expiresAt: text('expires_at').notNull(),
  createdAt: createdAt(),
}, (t) => [index('sessions_user').on(t.userId)]);


/**
 * An offer as a record: a stable id kept across renames, its state, and the revisions that hold its
 * content. The columns after `latestRevisionId` are derived from the published (or else the latest)
 * revision, for the queries that filter on them.
 */
export const offers = sqliteTable('offers', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  organisationId: text('organisation_id').notNull().references(() => organisations.id),
  state: text('state', { enum: OFFER_STATES }).notNull(),
  // No foreign keys to offer_revisions here: each table would need the other to exist first. The
  // repository sets both in the transaction that writes the revision.
  publishedRevisionId: integer('published_revision_id'),
  latestRevisionId: integer('latest_revision_id'),
  /** A change that waits for a catalogue administrator's approval (installations with approval on). */
  pendingRevisionId: integer('pending_revision_id'),
  /** The last "still correct" from an editor: who and when (freshness). */
  reviewedAt: text('reviewed_at'),
  reviewedBy: integer('reviewed_by').references((): AnySQLiteColumn => users.id),
  /** The review date a reminder was sent for: one reminder per due date. */
  reviewRemindedFor: text('review_reminded_for'),
  /** When the seat and cohort figures were last confirmed (or changed) by the provider, and by whom. */
  capacityConfirmedAt: text('capacity_confirmed_at'),
  capacityConfirmedBy: integer('capacity_confirmed_by').references((): AnySQLiteColumn => users.id),
  title: text('title').notNull(),
  taskType: integer('task_type').notNull(),
  intake: text('intake').notNull(),
  capacityModel: text('capacity_model').notNull(),
  riskGroups: text('risk_groups', { mode: 'json' }).$type<string[]>().notNull(),
  benefitGroups: text('benefit_groups', { mode: 'json' }).$type<string[]>().notNull(),
  themes: text('themes', { mode: 'json' }).$type<string[]>().notNull(),
  reviewBy: text('review_by').notNull(),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  index('offers_state_task_type').on(t.state, t.taskType),
  index('offers_organisation').on(t.organisationId),
]);

/** Every version of an offer ever saved: the validated frontmatter and the Markdown body, who, when, from where. */
export const offerRevisions = sqliteTable('offer_revisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  offerId: text('offer_id').notNull().references(() => offers.id),
  /** 1, 2, 3 … per offer. */
  number: integer('number').notNull(),
  data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  body: text('body').notNull(),
  /** SHA-256 of the revision's file text: an unchanged file makes no new revision. */
  contentHash: text('content_hash').notNull(),
  source: text('source', { enum: REVISION_SOURCES }).notNull(),
  /** The file it came from (source `file`), or what was imported. */
  sourceRef: text('source_ref'),
  /**
   * SHA-256 of the file's own text (source `file`): a hand-written file need not be in the stored form, and
   * the same file read again (a restart) is known by it without being parsed.
   */
  fileHash: text('file_hash'),
  basedOnRevisionId: integer('based_on_revision_id').references((): AnySQLiteColumn => offerRevisions.id),
  authorId: integer('author_id').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('offer_revisions_offer_number').on(t.offerId, t.number)]);

/** An offer's former slugs: their URLs answer with a permanent redirect to the current one. */
export const offerSlugRedirects = sqliteTable('offer_slug_redirects', {
  oldSlug: text('old_slug').primaryKey(),
  offerId: text('offer_id').notNull().references(() => offers.id),
  createdAt: createdAt(),
});

/** Continuous seats of an offer whose content declares `capacity.model: seats`. */
export const offerSeats = sqliteTable('offer_seats', {
  offerSlug: text('offer_slug').primaryKey(),
  /** The offer (kept across renames); offer_slug is its current slug, rewritten by a rename in the same transaction. */
  offerId: text('offer_id').references(() => offers.id),
  seats: integer('seats').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [check('offer_seats_non_negative', sql`${t.seats} >= 0`)]);

/** A cohort (hold) of an offer whose content declares `capacity.model: cohorts`. */
export const cohorts = sqliteTable('cohorts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
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


export const referrals = sqliteTable('referrals', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  offerSlug: text('offer_slug').notNull(),
  /** The offer (kept across renames); offer_slug is its current slug, rewritten by a rename in the same transaction. */
  offerId: text('offer_id').references(() => offers.id),
  /** The offer's provider organisation when referred; scopes what providers see. */
  providerOrganisationId: text('provider_organisation_id').notNull().references(() => organisations.id),
  cohortId: integer('cohort_id').references(() => cohorts.id),
  unitId: text('unit_id').notNull().references(() => units.id),
  caseworkerId: integer('caseworker_id').notNull().references(() => users.id),
  /** Pseudonymous case number; never a CPR number. */
  citizenRef: text('citizen_ref').notNull(),
  purpose: text('purpose').notNull(),
  note: text('note'),
  consentScope: text('consent_scope').notNull(),
  consentRecordedBy: integer('consent_recorded_by').notNull().references(() => users.id),
  consentRecordedAt: text('consent_recorded_at').notNull(),
  status: text('status', { enum: REFERRAL_STATUSES }).notNull(),
  statusReason: text('status_reason'),
  /** When the referral last joined the waitlist: the queue order for a freed seat. */
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
  // Seats taken and waitlists of every offer at once (the offers list): only the rows of those statuses.
  index('referrals_status_offer').on(t.status, t.offerSlug, t.cohortId),
]);

/** Every status change of a referral: who, when, from, to, why. */
/**
 * How many referrals hold a seat and how many wait, per offer and cohort (cohort 0: continuous seats),
 * kept by triggers on referrals in the same transaction as every insert, status change, move and delete
 * (the migration that made this table holds them). The offers list and the search page read availability
 * from here: a read that grows with the offers, not with every referral ever made.
 */
export const seatCounts = sqliteTable('seat_counts', {
  offerSlug: text('offer_slug').notNull(),
  cohortKey: integer('cohort_key').notNull(),
  taken: integer('taken').notNull().default(0),
  waiting: integer('waiting').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.offerSlug, t.cohortKey] })]);

export const referralEvents = sqliteTable('referral_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  referralId: integer('referral_id').notNull().references(() => referrals.id),
  /** Null when the system acted (direct intake, promotion from the waitlist). */
  actorId: integer('actor_id').references(() => users.id),
  fromStatus: text('from_status', { enum: REFERRAL_STATUSES }),
  toStatus: text('to_status', { enum: REFERRAL_STATUSES }).notNull(),
  reason: text('reason'),
  at: text('at').notNull(),
}, (t) => [index('referral_events_referral').on(t.referralId, t.id)]);

/** The provider's sub-goals (delmål) for a referral, with their outcome when the course ends. */
export const subGoals = sqliteTable('sub_goals', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  referralId: integer('referral_id').notNull().references(() => referrals.id),
  text: text('text').notNull(),
  outcome: text('outcome', { enum: ['achieved', 'partly_achieved', 'not_achieved'] }),
  createdBy: integer('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('sub_goals_referral').on(t.referralId)]);


/** A notice to a user about one of their referrals (the closed loop): a status change, a proposal, a report. */
export const notifications = sqliteTable('notifications', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id),
  /** The referral a notice is about; null for notices about an offer (review reminders) or a summary. */
  referralId: integer('referral_id').references(() => referrals.id),
  /** The offer a review reminder is about. */
  offerId: text('offer_id').references((): AnySQLiteColumn => offers.id),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull().default('status'),
  /** The status change, for kind `status`. */
  eventId: integer('event_id').references(() => referralEvents.id),
  message: text('message').notNull().default(''),
  readAt: text('read_at'),
  createdAt: createdAt(),
}, (t) => [index('notifications_user').on(t.userId, t.readAt)]);

/** E-mails to send, written in the same transaction as their notification (a transactional outbox). */
export const emailOutbox = sqliteTable('email_outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  notificationId: integer('notification_id').notNull().references(() => notifications.id),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
  sentAt: text('sent_at'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  /** When to try again after a failed send (back-off); null: at once. */
  nextAttemptAt: text('next_attempt_at'),
  /** Set when every attempt failed: the e-mail waits for a person (visible to admins), not for a retry. */
  failedAt: text('failed_at'),
}, (t) => [index('email_outbox_unsent').on(t.sentAt, t.id)]);

/**
 * Who runs a scheduled job now: with several processes on one database, the one holding the lease runs
 * the job and the others skip that turn.
 */
/**
 * Catalogue files imported into records (organisations.yaml): the text last imported, so an unchanged file
 * never undoes what an administrator changed in the browser, and a changed one updates what changed in it.
 */
export const catalogueFiles = sqliteTable('catalogue_files', {
  name: text('name').primaryKey(),
  contentHash: text('content_hash').notNull(),
  /** The text last imported: a changed file updates only what changed in it since. */
  content: text('content').notNull(),
  importedAt: text('imported_at').notNull(),
});

export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
  lastRunAt: text('last_run_at'),
});


/** WHO-5 well-being index: five items scored 0–5; raw sum 0–25, ×4 = 0–100. One per phase. */
export const who5Scores = sqliteTable('who5_scores', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  referralId: integer('referral_id').notNull().references(() => referrals.id),
  phase: text('phase', { enum: WHO5_PHASES }).notNull(),
  items: text('items', { mode: 'json' }).$type<number[]>().notNull(),
  score: integer('score').notNull(),
  recordedBy: integer('recorded_by').notNull().references(() => users.id),
  recordedAt: text('recorded_at').notNull(),
}, (t) => [
  uniqueIndex('who5_referral_phase').on(t.referralId, t.phase),
  check('who5_score_range', sql`${t.score} between 0 and 100`),
]);

/** The provider's closing report (afsluttende indsatsrapport) to the referring caseworker. */
export const closingReports = sqliteTable('closing_reports', {
  referralId: integer('referral_id').primaryKey().references(() => referrals.id),
  summary: text('summary').notNull(),
  recommendation: text('recommendation'),
  recordedBy: integer('recorded_by').notNull().references(() => users.id),
  recordedAt: text('recorded_at').notNull(),
});

/** Re-assessment (tværfaglig visitation): the provider proposes another offer, with a reason. */
export const proposals = sqliteTable('proposals', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  referralId: integer('referral_id').notNull().references(() => referrals.id),
  offerSlug: text('offer_slug').notNull(),
  /** The offer (kept across renames); offer_slug is its current slug, rewritten by a rename in the same transaction. */
  offerId: text('offer_id').references(() => offers.id),
  reason: text('reason').notNull(),
  proposedBy: integer('proposed_by').notNull().references(() => users.id),
  proposedAt: text('proposed_at').notNull(),
}, (t) => [index('proposals_referral').on(t.referralId)]);
