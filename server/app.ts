/**
 * The whole portal as one Fastify app: `buildApp` returns an app that tests `inject` into and that
 * server.ts listens with. External plugins first, then the app's services, then routes per resource, and
 * the Astro site last (it answers every URL nothing else claimed).
 */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { AppConfig } from './config.ts';
import { BODY_LIMIT_BYTES } from './limits.ts';
import { responseSerializer } from './schemas/serializer.ts';
import { loggerOptions } from './logging.ts';
import accessPlugin from './plugins/access.ts';
import authPlugin from './plugins/auth.ts';
import commandsPlugin from './plugins/commands.ts';
import cataloguePlugin from './plugins/catalogue.ts';
import storagePlugin from './plugins/storage.ts';
import databasePlugin from './plugins/database.ts';
import errorsPlugin from './plugins/errors.ts';
import jobsPlugin from './plugins/jobs.ts';
import openapiPlugin from './plugins/openapi.ts';
import readCachePlugin from './plugins/read-cache.ts';
import securityPlugin from './plugins/security.ts';
import sitePlugin from './plugins/site.ts';
import authRoutes from './routes/api/auth.ts';
import notificationRoutes from './routes/api/notifications.ts';
import offerRoutes from './routes/api/offers.ts';
import offerRecordRoutes from './routes/api/offer-records.ts';
import adminRoutes from './routes/api/admin.ts';
import opsRoutes from './routes/api/ops.ts';
import referralRoutes from './routes/api/referrals.ts';
import healthRoutes from './routes/health.ts';
import searchRoutes from './routes/search.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set on SIGTERM: the server still serves, but /readyz tells the proxy to send no more (server.ts). */
    draining: boolean;
  }
}

export interface BuildAppOptions {
  config: AppConfig;
  logger?: FastifyServerOptions['logger'];
  /** Where the log goes instead of standard output (tests read it); formatted as the configuration says. */
  logStream?: NodeJS.WritableStream;
}

export async function buildApp({ config, logger, logStream }: BuildAppOptions): Promise<FastifyInstance> {
  const logging = await loggerOptions(config, logStream);
  const app = Fastify({
    logger: logger ?? logging.logger,
    ...(logger === undefined && logging.logController ? { logController: logging.logController } : {}),
    trustProxy: config.trustProxy ?? false,
    return503OnClosing: true,
    bodyLimit: BODY_LIMIT_BYTES,
    // Start-up imports the offer files into the database: with tens of thousands of offers that takes longer
    // than Fastify's 10 s per plugin, and a start that gives up half-way helps no one.
    pluginTimeout: 0,
  });
  app.decorate('draining', false);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer(config.env === 'test'));

  await app.register(errorsPlugin);
  await app.register(rateLimit, { global: false, hook: 'preHandler' });

  await app.register(storagePlugin, { databasePath: config.databasePath, databaseUrl: config.databaseUrl });
  await app.register(cataloguePlugin, { contentDir: config.contentDir, watch: config.watchContent, capacityStaleDays: config.capacityStaleDays,
    browserIndexMaxOffers: config.browserSearchIndexMaxOffers });
  await app.register(databasePlugin, {
    seedDemo: config.seedDemo, readCache: config.readCache, smtpUrl: config.smtpUrl, mailFrom: config.mailFrom,
    offerApproval: config.offerApproval, capacityStaleDays: config.capacityStaleDays,
  });
  await app.register(jobsPlugin, { start: config.runJobs });
  await app.register(authPlugin, { sessionSecret: config.sessionSecret, secureCookies: config.env === 'production' });
  await app.register(securityPlugin, { production: config.env === 'production' });
  // Before any route: it checks every route's declared requirement, including the documentation's.
  await app.register(accessPlugin);
  await app.register(commandsPlugin);
  await app.register(openapiPlugin);
  await app.register(readCachePlugin, { enabled: config.readCache });

  await app.register(healthRoutes);
  await app.register(searchRoutes);
  await app.register(authRoutes);
  await app.register(offerRoutes);
  await app.register(offerRecordRoutes);
  await app.register(adminRoutes);
  await app.register(referralRoutes);
  await app.register(notificationRoutes);
  await app.register(opsRoutes);

  await app.register(sitePlugin, { distDir: config.distDir, accessibilityStatementUrl: config.accessibilityStatementUrl });
  return app;
}
