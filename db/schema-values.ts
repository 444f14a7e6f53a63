/** The fixed value lists of the schema's text columns, shared by the SQLite and the PostgreSQL schema. */
export const OFFER_STATES = ['draft', 'published', 'archived'] as const;
export const REVISION_SOURCES = ['file', 'editor', 'import'] as const;
export const NOTIFICATION_KINDS = ['status', 'proposal', 'closing_report', 'review_due', 'review_summary'] as const;
export const WHO5_PHASES = ['start', 'end'] as const;
/** The access policy's roles (core/access/policy.ts), as the users table stores them. */
export const USER_ROLES = ['caseworker', 'provider', 'editor', 'admin'] as const;
