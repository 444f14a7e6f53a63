/**
 * Offers with live availability (content merged with the database), and the provider's capacity:
 * continuous seats, or cohorts with start, end and seats.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toPublicOffer } from '../../../src/lib/offer-schema.ts';
import { parseSearchParams, runSearch } from '../../../src/lib/search/engine.ts';
import { AGE_BANDS, BENEFIT_GROUPS, FORMATS, RISK_GROUPS, THEMES } from '../../../src/lib/taxonomy.ts';
import { cohortPatchSchema, cohortSchema, idSchema, manyOf, pagingSchema, seatsSchema, slugSchema } from '../../../core/referrals/schemas.ts';
import { NotFoundError } from '../../errors.ts';
import * as res from '../../schemas/responses.ts';
import { offerSummaryView } from './views.ts';

/** The API's facet names (English) and the site's URL parameters (Danish) they map to. */
const FACET_PARAMS = {
  taskType: 'opgavetype', riskGroup: 'risiko', benefitGroup: 'maalgruppe', theme: 'tema',
  provider: 'udbyder', format: 'form', ageBand: 'alder',
} as const;

const offersQuerySchema = z.object({
  q: z.string().max(200, 'må højst være 200 tegn').optional(),
  taskType: manyOf(z.coerce.number().int().min(1).max(10)),
  riskGroup: manyOf(z.enum(RISK_GROUPS.keys)),
  benefitGroup: manyOf(z.enum(BENEFIT_GROUPS.keys)),
  theme: manyOf(z.enum(THEMES.keys)),
  provider: manyOf(slugSchema),
  format: manyOf(z.enum(FORMATS.keys)),
  ageBand: manyOf(z.enum(AGE_BANDS.map((b) => b.key) as [string, ...string[]])),
  hasFreeSeats: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  ...pagingSchema.shape,
}).strict();

const slugParams = z.object({ slug: slugSchema });
/** Seats and cohorts: the offer's own organisation (or an admin). */
const MANAGE_OFFER = { action: 'capacity.manage', object: 'offer' } as const;
const cohortParams = z.object({ slug: slugSchema, cohortId: idSchema });

export default async function offerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/offers', {
    schema: { tags: ['offers'], summary: 'Tilbud med ledige pladser; søgning og facetter som på sitet; sider', querystring: offersQuerySchema, response: res.answers(200, res.offerListSchema) },
    config: { access: { action: 'offer.read' }, cacheUntilChange: true },
  }, async (request) => {
    const { q, hasFreeSeats, page, pageSize, ...facets } = request.query;
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    for (const [name, param] of Object.entries(FACET_PARAMS)) {
      for (const value of facets[name as keyof typeof facets] ?? []) params.append(param, String(value));
    }
    const search = parseSearchParams(params);
    const outcome = runSearch(app.catalogue.search(), { ...search, page: 1 }, { pageSize: Number.MAX_SAFE_INTEGER });
    const offers = outcome.hits.map((hit) => app.catalogue.offer(hit.slug)).filter((o) => o !== undefined);
    const availability = app.capacity.availabilityAll(offers);
    const items = offers.map((offer) => offerSummaryView(offer, availability.get(offer.slug)))
      .filter((item) => hasFreeSeats === undefined || (item.availability!.free > 0) === hasFreeSeats);
    return { total: items.length, page, pageSize, items: items.slice((page - 1) * pageSize, page * pageSize) };
  });

  app.get('/api/v1/offers/:slug', {
    schema: { tags: ['offers'], summary: 'Et tilbud med ledige pladser pr. hold og venteliste', params: slugParams, response: res.answers(200, res.offerDetailSchema) },
    config: { access: { action: 'offer.read' } },
  }, async (request) => {
    const offer = app.catalogue.offer(request.params.slug);
    if (!offer) throw new NotFoundError('Tilbuddet');
    const { html: _html, body: _body, ...data } = request.user ? offer : toPublicOffer(offer);
    return { ...data, availability: app.capacity.availability(offer) };
  });

  app.put('/api/v1/offers/:slug/seats', {
    schema: { tags: ['capacity'], summary: 'Sæt antallet af løbende pladser (udbyder)', params: slugParams, body: seatsSchema, response: res.answers(200, res.availabilitySchema) },
    config: { access: MANAGE_OFFER },
  }, async (request) => app.commands.execute('offer.set-seats', request.user, { slug: request.params.slug }, request.body));

  app.get('/api/v1/offers/:slug/cohorts', {
    schema: { tags: ['capacity'], summary: 'Tilbuddets hold', params: slugParams, response: res.answers(200, res.cohortListSchema) },
    config: { access: { action: 'offer.read' } },
  }, async (request) => {
    const offer = app.catalogue.offer(request.params.slug);
    if (!offer) throw new NotFoundError('Tilbuddet');
    return { items: app.capacity.cohortsOf(offer.slug), availability: app.capacity.availability(offer) };
  });

  app.post('/api/v1/offers/:slug/cohorts', {
    schema: { tags: ['capacity'], summary: 'Opret et hold (udbyder)', params: slugParams, body: cohortSchema, response: res.answers(201, res.cohortSchema) },
    config: { access: MANAGE_OFFER },
  }, async (request, reply) => reply.code(201).send(await app.commands.execute('offer.create-cohort', request.user, { slug: request.params.slug }, request.body)));

  app.patch('/api/v1/offers/:slug/cohorts/:cohortId', {
    schema: { tags: ['capacity'], summary: 'Ret et holds datoer eller pladser (udbyder)', params: cohortParams, body: cohortPatchSchema, response: res.answers(200, res.cohortSchema) },
    config: { access: MANAGE_OFFER },
  }, async (request) => app.commands.execute('offer.update-cohort', request.user, { slug: request.params.slug, cohortId: request.params.cohortId }, request.body));

  app.delete('/api/v1/offers/:slug/cohorts/:cohortId', {
    schema: { tags: ['capacity'], summary: 'Slet et hold uden henvisninger (udbyder)', params: cohortParams, response: res.answers(204, res.noContent) },
    config: { access: MANAGE_OFFER },
  }, async (request, reply) => {
    await app.commands.execute('offer.delete-cohort', request.user, { slug: request.params.slug, cohortId: request.params.cohortId }, undefined);
    return reply.code(204).send(null);
  });
}
