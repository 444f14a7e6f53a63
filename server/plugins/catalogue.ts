/** Decorates the app with the catalogue (content store + search), closed with the app. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createCatalogue, type Catalogue } from '../../db/catalogue.ts';

declare module 'fastify' {
  interface FastifyInstance { catalogue: Catalogue }
}

export default fp(async (app: FastifyInstance, opts: { contentDir: string; watch: boolean }) => {
  if (!existsSync(path.join(opts.contentDir, 'organisations.yaml'))) {
    throw new Error(`CONTENT_DIR: ${opts.contentDir} holds no organisations.yaml; point CONTENT_DIR at the catalogue folder (default: content)`);
  }
  const catalogue = createCatalogue({
    contentDir: opts.contentDir,
    watch: opts.watch,
    log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) },
  });
  app.decorate('catalogue', catalogue);
  app.addHook('onClose', async () => catalogue.close());
}, { name: 'catalogue' });
