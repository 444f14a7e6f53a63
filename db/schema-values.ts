/** The fixed value lists of the schema's text columns, shared by the SQLite and the PostgreSQL schema. */
export const OFFER_STATES = ['draft', 'published', 'archived'] as const;
export const REVISION_SOURCES = ['file', 'editor', 'import'] as const;
export const NOTIFICATION_KINDS = ['status', 'proposal', 'closing_report', 'review_due', 'review_summary'] as const;
export const WHO5_PHASES = ['start', 'end'] as const;
/** The access policy's roles (core/access/policy.ts), as the users table stores them. */
export const USER_ROLES = ['caseworker', 'provider', 'editor', 'admin'] as const;

/**
 * The statuses of the provider's inbox (core/referrals/status.ts INBOX_STATUSES) written as SQL literals:
 * the inbox's partial index holds only those rows, and a query uses it only when its own status list is
 * the same literal list (a placeholder cannot prove it), so both are written with this.
 */
export function statusListSql(statuses: readonly string[]): string {
  for (const status of statuses) if (!/^[a-z_]+$/.test(status)) throw new Error(`Not a status: ${status}`);
  return statuses.map((status) => `'${status}'`).join(', ');
}
