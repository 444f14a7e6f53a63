/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Offer content and search, handed over by the Fastify server for every request. */
    catalogue: import('../db/catalogue.ts').Catalogue;
    /** The signed-in user and the referral services; absent under `astro dev` and on prerendered pages. */
    workspace?: import('../server/workspace.ts').Workspace;
    /** The answer for a page whose rendering failed for a reason the server knows (the database is away: 503). */
    errorResponse?: (error: unknown) => Response | null;
    /** The municipality's accessibility statement (ACCESSIBILITY_STATEMENT_URL); unset: the portal's own page. */
    accessibilityStatementUrl?: string;
    /** The answer holds personal data and is marked `no-store` already: no ETag, no other caching. */
    noStore?: boolean;
  }
}
