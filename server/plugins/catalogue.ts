/**
 * Decorates the app with the catalogue: the published offers from the repository, their search engine and
 * index. At start the offer files are imported (an empty database is seeded from them; a changed file
 * becomes a new revision), and with `watch` every later change on disk is too. Closed with the app.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { catalogueOf, type Catalogue } from '../../db/catalogue.ts';
import { OfferStore } from '../../db/content/offer-store.ts';
import { OfferFileSync } from '../../db/offers/file-sync.ts';
import { LiveOffers } from '../../db/offers/live-offers.ts';
import { OfferRepository } from '../../db/offers/repository.ts';
import { ORGANISATIONS_FILE, OrganisationService } from '../services/organisations.ts';

declare module 'fastify' {
  interface FastifyInstance {
    catalogue: Catalogue;
    offers: OfferRepository;
    organisations: OrganisationService;
  }
}

export default fp(async (app: FastifyInstance, opts: { contentDir: string; watch: boolean; capacityStaleDays?: number; browserIndexMaxOffers?: number }) => {
  if (!existsSync(path.join(opts.contentDir, 'organisations.yaml'))) {
    throw new Error(`CONTENT_DIR: ${opts.contentDir} holds no organisations.yaml; point CONTENT_DIR at the catalogue folder (default: content)`);
  }
  const log = { info: (m: string) => app.log.info(m), warn: (m: string) => app.log.warn(m) };
  // Files are parsed as the sync imports them, a batch at a time; the database serves the offers.
  const files = new OfferStore({ contentDir: opts.contentDir, log, deferParsing: true });
  // Organisations first: offers refer to their provider organisation. The file seeds and updates them;
  // an administrator keeps them in the browser (server/services/organisations.ts).
  const organisations = new OrganisationService(app.engine);
  await organisations.importFile(path.join(opts.contentDir, ORGANISATIONS_FILE));
  const repository = new OfferRepository(app.engine);
  const sync = new OfferFileSync(files, repository, log);
  await sync.sync();
  const linked = await repository.linkBySlug();
  if (linked) app.log.info(`${linked} referral, cohort, seat and proposal row(s) now point at their offer's id`);
  const live = new LiveOffers(repository, await organisations.list());
  await live.load();
  organisations.onChange(() => {
    organisations.list().then((list) => live.setOrganisations(list))
      .catch((error: Error) => app.log.warn(`Organisations could not be read again: ${error.message}`));
  });
  repository.onChange(({ offerIds }) => {
    live.load(offerIds).catch((error: Error) => app.log.warn(`Offers could not be read again: ${error.message}`));
  });
  if (opts.watch) sync.follow();
  app.decorate('offers', repository);
  app.decorate('organisations', organisations);
  app.decorate('catalogue', catalogueOf(live, { capacityStaleDays: opts.capacityStaleDays, browserIndexMaxOffers: opts.browserIndexMaxOffers }));
  app.addHook('onClose', async () => { sync.close(); live.close(); });
}, { name: 'catalogue', dependencies: ['storage'] });
