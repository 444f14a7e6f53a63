/**
 * The whole portal as one Fastify plugin: `buildApp` returns an app that tests `inject` into and that
 * server.ts listens with. External plugins first, then the app's services, then routes per resource.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppConfig } from './config.ts';
import cataloguePlugin from './plugins/catalogue.ts';
import sitePlugin from './plugins/site.ts';
import healthRoutes from './routes/health.ts';
import searchRoutes from './routes/search.ts';

export interface BuildAppOptions {
  config: AppConfig;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp({ config, logger }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    trustProxy: true,
    return503OnClosing: true,
  });
  await app.register(cataloguePlugin, { contentDir: config.contentDir, watch: config.watchContent });
  await app.register(healthRoutes);
  await app.register(searchRoutes);
  await app.register(sitePlugin, { distDir: config.distDir });
  return app;
}
