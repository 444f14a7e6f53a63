/**
 * Offers with live availability (content merged with the database), and the provider's capacity:
 * continuous seats, or cohorts with start, end and seats.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toPublicOffer, withoutFields } from '../../../core/catalogue/offer-schema.ts';
import { FACET_KEYS, matchOffers } from '../../../core/catalogue/search/engine.ts';
import { AGE_BANDS, BENEFIT_GROUPS, FORMATS, RISK_GROUPS, THEMES } from '../../../core/catalogue/taxonomy.ts';
import { cohortPatchSchema, cohortSchema, idSchema, manyOf, pagingSchema, seatsSchema, slugSchema } from '../../../core/referrals/schemas.ts';
import { NotFoundError } from '../../errors.ts';
import { commandAccess } from '../../commands/registry.ts';
import * as res from '../../schemas/responses.ts';
import { offerSummaryView } from './views.ts';
import { seatSummaries } from '../../services/seat-summaries.ts';


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

/** Many slugs in one request (`slug=a&slug=b` or `slug=a,b`): the search page asks for all its results at once. */
const seatSummariesQuerySchema = z.object({
  slug: z.preprocess((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : String(v).split(',')),
    z.array(slugSchema).max(2_000, 'højst 2000 tilbud ad gangen')).optional(),
}).strict();

const slugParams = z.object({ slug: slugSchema });
const cohortParams = z.object({ slug: slugSchema, cohortId: idSchema });

export default async function offerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/offers', {
    schema: { tags: ['offers'], summary: 'Tilbud med ledige pladser; søgning og facetter som på sitet; sider', querystring: offersQuerySchema, response: res.answers(200, res.offerListSchema) },
    config: { access: { action: 'offer.read' }, cacheUntilChange: true },
  }, async (request) => {
    const { q, hasFreeSeats, page, pageSize, ...chosen } = request.query;
    // The API's query is the typed search filter itself: no facet counts (the search page's), no re-parsing.
    const filters = Object.fromEntries(FACET_KEYS.map((key) => [key, chosen[key]?.map(String)]));
    const offers = matchOffers(app.catalogue.search(), { q: q ?? '', filters }, { today: new Date().toISOString().slice(0, 10), capacityStaleDays: app.catalogue.capacityStaleDays })
      .map((doc) => app.catalogue.summary(doc.slug))
      .filter((offer) => offer !== undefined);
    const availability = await app.capacity.availabilityAll(offers);
    const selected = hasFreeSeats === undefined ? offers : offers.filter((o) => (availability.get(o.slug)!.free > 0) === hasFreeSeats);
    // Summaries for the requested page only.
    const items = selected.slice((page - 1) * pageSize, page * pageSize).map((o) => offerSummaryView(o, availability.get(o.slug)));
    return { total: selected.length, page, pageSize, items };
  });

  app.get('/api/v1/seat-summaries', {
    schema: { tags: ['offers'], summary: 'Ledige pladser og seneste bekræftelse for mange tilbud (søgeresultater); uden slug: alle', querystring: seatSummariesQuerySchema, response: res.answers(200, res.seatSummariesSchema) },
    config: { access: { action: 'offer.read' }, cacheUntilChange: true },
  }, async (request) => ({ items: await seatSummaries(app.capacity, app.catalogue, request.query.slug) }));

  app.get('/api/v1/offers/:slug', {
    schema: { tags: ['offers'], summary: 'Et tilbud med ledige pladser pr. hold og venteliste', params: slugParams, response: res.answers(200, res.offerDetailSchema) },
    config: { access: { action: 'offer.read' } },
  }, async (request, reply) => {
    const offer = await app.catalogue.offer(request.params.slug);
    if (!offer) {
      const moved = await app.catalogue.redirect(request.params.slug);
      if (moved) return reply.redirect(`/api/v1/offers/${encodeURIComponent(moved)}`, 301);
      throw new NotFoundError('Tilbuddet');
    }
    // The API answers with the data, not the page's text: leave out the body and its (lazily rendered) HTML.
    const data = withoutFields(request.user ? offer : toPublicOffer(offer), ['html', 'body']);
    return { ...data, availability: await app.capacity.availability(offer) };
  });

  app.put('/api/v1/offers/:slug/seats', {
    schema: { tags: ['capacity'], summary: 'Sæt antallet af løbende pladser (udbyder)', params: slugParams, body: seatsSchema, response: res.answers(200, res.availabilitySchema) },
    config: { access: commandAccess('offer.set-seats') },
  }, async (request) => app.commands.run('offer.set-seats', request.user!, { slug: request.params.slug }, request.body));

  app.post('/api/v1/offers/:slug/capacity/confirm', {
    schema: { tags: ['capacity'], summary: 'Bekræft, at tilbuddets pladstal er korrekte (udbyder)', params: slugParams, response: res.answers(200, res.capacityConfirmedSchema) },
    config: { access: commandAccess('offer.confirm-capacity') },
  }, async (request) => app.commands.run('offer.confirm-capacity', request.user!, { slug: request.params.slug }, request.body));

  app.get('/api/v1/offers/:slug/cohorts', {
    schema: { tags: ['capacity'], summary: 'Tilbuddets hold', params: slugParams, response: res.answers(200, res.cohortListSchema) },
    config: { access: { action: 'offer.read' } },
  }, async (request) => {
    const offer = app.catalogue.summary(request.params.slug);
    if (!offer) throw new NotFoundError('Tilbuddet');
    const [items, availability] = await Promise.all([app.capacity.cohortsOf(offer.slug), app.capacity.availability(offer)]);
    return { items, availability };
  });

  app.post('/api/v1/offers/:slug/cohorts', {
    schema: { tags: ['capacity'], summary: 'Opret et hold (udbyder)', params: slugParams, body: cohortSchema, response: res.answers(201, res.cohortSchema) },
    config: { access: commandAccess('offer.create-cohort') },
  }, async (request, reply) => reply.code(201).send(await app.commands.run('offer.create-cohort', request.user!, { slug: request.params.slug }, request.body)));

  app.patch('/api/v1/offers/:slug/cohorts/:cohortId', {
    schema: { tags: ['capacity'], summary: 'Ret et holds datoer eller pladser (udbyder)', params: cohortParams, body: cohortPatchSchema, response: res.answers(200, res.cohortSchema) },
    config: { access: commandAccess('offer.update-cohort') },
  }, async (request) => app.commands.run('offer.update-cohort', request.user!, { slug: request.params.slug, cohortId: request.params.cohortId }, request.body));

  app.delete('/api/v1/offers/:slug/cohorts/:cohortId', {
    schema: { tags: ['capacity'], summary: 'Slet et hold uden henvisninger (udbyder)', params: cohortParams, response: res.answers(204, res.noContent) },
    config: { access: commandAccess('offer.delete-cohort') },
  }, async (request, reply) => {
    await app.commands.run('offer.delete-cohort', request.user!, { slug: request.params.slug, cohortId: request.params.cohortId }, undefined);
    return reply.code(204).send(null);
  });
}
