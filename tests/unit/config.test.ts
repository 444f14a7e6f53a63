/** Server configuration from environment variables: defaults, and errors that name the variable. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

const SECRET = 'x'.repeat(32);

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 4321,
      logLevel: 'info',
      contentDir: path.resolve('content'),
      distDir: path.resolve('dist'),
      databasePath: path.resolve('data/indsatskatalog.db'),
      seedDemo: true,
      mailFrom: 'Indsatskatalog <noreply@aadal.example.dk>',
      watchContent: true,
    });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.siteUrl).toBeUndefined();
    expect(config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({}).sessionSecret).not.toBe(config.sessionSecret);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '8080', LOG_LEVEL: 'warn', CONTENT_DIR: '/srv/content',
      DIST_DIR: '/srv/dist', DATABASE_PATH: '/srv/db.sqlite', SESSION_SECRET: SECRET, SITE_URL: 'https://tilbud.example.dk',
      SEED_DEMO: 'true', SMTP_URL: 'smtps://mail.example.dk:465', MAIL_FROM: 'Test <t@example.dk>',
    });
    expect(config).toMatchObject({
      env: 'production', host: '0.0.0.0', port: 8080, logLevel: 'warn', contentDir: '/srv/content', distDir: '/srv/dist',
      databasePath: '/srv/db.sqlite', sessionSecret: SECRET, siteUrl: 'https://tilbud.example.dk', seedDemo: true,
      smtpUrl: 'smtps://mail.example.dk:465', mailFrom: 'Test <t@example.dk>', watchContent: true,
    });
  });

  it('gives the browser the search index up to 2000 offers unless BROWSER_SEARCH_INDEX_MAX_OFFERS says otherwise', () => {
    expect(loadConfig({}).browserSearchIndexMaxOffers).toBe(2000);
    expect(loadConfig({ BROWSER_SEARCH_INDEX_MAX_OFFERS: '5' }).browserSearchIndexMaxOffers).toBe(5);
    expect(loadConfig({ BROWSER_SEARCH_INDEX_MAX_OFFERS: '0' }).browserSearchIndexMaxOffers).toBe(0);
    for (const bad of ['-1', 'mange', '2e3', '12345678']) {
      expect(() => loadConfig({ BROWSER_SEARCH_INDEX_MAX_OFFERS: bad }), bad).toThrow(/BROWSER_SEARCH_INDEX_MAX_OFFERS: must be a number of offers/);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '', SMTP_URL: '' })).toMatchObject({ port: 4321, logLevel: 'info', smtpUrl: undefined });
  });

  it('does not seed demo data in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', ' '],
    ['PORT', '0x1F90'],
    ['PORT', '1e3'],
    ['LOG_LEVEL', 'verbose'],
    ['SMTP_URL', 'http://mail.example.dk'],
    ['SMTP_URL', 'mail.example.dk:25'],
    ['SESSION_SECRET', 'too-short'],
    ['NODE_ENV', 'staging'],
    ['SITE_URL', 'not a url'],
    ['SEED_DEMO', 'yes'],
  ])('rejects %s=%s with a ConfigError naming the variable', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toMatch(new RegExp(`^Invalid configuration in environment variables:\\n {2}${name}: \\S`));
  });

  it('runs on PostgreSQL when DATABASE_URL is set, and keeps no reads there (they go stale by SQLite\'s data version)', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://portal@db.example:5432/indsatskatalog' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://portal@db.example:5432/indsatskatalog', readCache: false });
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(configError({ DATABASE_URL: 'sqlite://data/x.db' }).message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  });

  it('names every invalid variable at once', () => {
    const err = configError({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(err.message).toContain('\n  PORT: ');
    expect(err.message).toContain('\n  LOG_LEVEL: ');
  });

  it('says why a short SESSION_SECRET is refused', () => {
    expect(configError({ SESSION_SECRET: 'x'.repeat(31) }).message).toContain('SESSION_SECRET: must be at least 32 characters');
  });

  it('requires SESSION_SECRET in production', () => {
    expect(configError({ NODE_ENV: 'production' }).message).toContain('SESSION_SECRET: required when NODE_ENV=production');
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).sessionSecret).toBe(SECRET);
  });
});
