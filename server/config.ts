/** Configuration from environment variables, validated once at start with messages that name the variable. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.string().trim().regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535').default('4321')
    .transform(Number).pipe(z.number().max(65_535, 'must be a port number from 0 to 65535')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** "pretty": one readable line per entry (default in development); "json": pino's JSON lines (default otherwise). */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  /**
   * On SIGTERM, keep serving this long with /readyz answering 503, so a proxy stops sending before the
   * server stops accepting (0 to stop at once).
   */
  SHUTDOWN_DRAIN_SECONDS: z.string().trim().regex(/^\d{1,3}(\.\d+)?$/, 'must be a number of seconds from 0 to 999').default('5').transform(Number),
  CONTENT_DIR: z.string().min(1).default('content'),
  DIST_DIR: z.string().min(1).default('dist'),
  DATABASE_PATH: z.string().min(1).default('data/indsatskatalog.db'),
  /** A shared PostgreSQL instead of the SQLite file (several app processes on one database). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL').optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Public origin of the site for sitemaps and JSON-LD (defaults to the request's own origin). */
  SITE_URL: z.url().optional(),
  /** Create demo users and cohorts in an empty database (default: on, except in production). */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  /** Notification e-mails go out through this SMTP server (smtp:// or smtps://); without it they are logged. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Indsatskatalog <noreply@aadal.example.dk>'),
  /**
   * Behind a reverse proxy: whose X-Forwarded-For to believe about the client's address ("true" for any
   * hop, or the proxies' comma-separated addresses/CIDRs). Default: nobody's, so a client cannot pick its
   * own address (the login rate limit counts per address).
   */
  /** Keep API reads until the data changes (server/plugins/read-cache.ts); "false" measures without. */
  READ_CACHE: z.enum(['true', 'false']).default('true'),
  /** Changes by provider editors wait for a catalogue administrator's approval before they go live. */
  OFFER_APPROVAL: z.enum(['true', 'false']).default('false'),
  /** The municipality's accessibility statement (made in Digitaliseringsstyrelsen's WAS-tool); the footer links to it. */
  ACCESSIBILITY_STATEMENT_URL: z.url().optional(),
  /** Seat figures not confirmed for longer than this many days are marked uncertain and rank lower. */
  CAPACITY_STALE_DAYS: z.string().trim().regex(/^\d{1,3}$/, 'must be a number of days from 0 to 999').default('30').transform(Number),
  /**
   * Up to this many published offers the browser downloads the search index and searches itself; above it
   * the catalogue builds no browser index and instant search asks the server's search page instead.
   */
  BROWSER_SEARCH_INDEX_MAX_OFFERS: z.string().trim().regex(/^\d{1,7}$/, 'must be a number of offers from 0 to 9999999').default('2000').transform(Number),
  TRUST_PROXY: z.string().regex(/^(true|false|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, 'must be true, false or a list of addresses').optional(),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  logFormat: 'pretty' | 'json';
  /** Seconds to keep serving after SIGTERM while /readyz answers 503. */
  shutdownDrainSeconds: number;
  contentDir: string;
  distDir: string;
  databasePath: string;
  /** PostgreSQL's URL when the portal runs on a shared PostgreSQL; absent: the SQLite file at databasePath. */
  databaseUrl?: string;
  /** Signs session cookies. Required in production; elsewhere a random one per process. */
  sessionSecret: string;
  siteUrl?: string;
  seedDemo: boolean;
  smtpUrl?: string;
  mailFrom: string;
  /** Reload content when files change (on in the running portal, off in most tests). */
  watchContent: boolean;
  /** Keep API reads until the data changes (off: every read is computed). */
  readCache: boolean;
  /** Provider editors' changes wait for an administrator's approval (OFFER_APPROVAL). */
  offerApproval: boolean;
  /** ACCESSIBILITY_STATEMENT_URL; unset: the portal's own page. */
  accessibilityStatementUrl?: string;
  /** CAPACITY_STALE_DAYS. */
  capacityStaleDays: number;
  /** BROWSER_SEARCH_INDEX_MAX_OFFERS: above this many offers instant search asks the server. */
  browserSearchIndexMaxOffers: number;
  /** Run the scheduled jobs on their clock (on in the running portal; tests call them directly). */
  runJobs: boolean;
  /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe (absent: none). */
  trustProxy?: boolean | string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration in environment variables:\n${lines.join('\n')}`);
  }
  const e = result.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration in environment variables:\n  SESSION_SECRET: required when NODE_ENV=production');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json'),
    shutdownDrainSeconds: e.SHUTDOWN_DRAIN_SECONDS,
    contentDir: path.resolve(e.CONTENT_DIR),
    distDir: path.resolve(e.DIST_DIR),
    databasePath: path.resolve(e.DATABASE_PATH),
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    siteUrl: e.SITE_URL,
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' : e.NODE_ENV !== 'production',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    watchContent: true,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    // The kept reads go stale by SQLite's data version; PostgreSQL has none that other processes move.
    readCache: e.READ_CACHE === 'true' && !e.DATABASE_URL,
    offerApproval: e.OFFER_APPROVAL === 'true',
    accessibilityStatementUrl: e.ACCESSIBILITY_STATEMENT_URL,
    capacityStaleDays: e.CAPACITY_STALE_DAYS,
    browserSearchIndexMaxOffers: e.BROWSER_SEARCH_INDEX_MAX_OFFERS,
    runJobs: true,
  };
}

function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',').map((s) => s.trim());
}
