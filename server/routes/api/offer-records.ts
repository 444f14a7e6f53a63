/**
 * The offer editor's API: offers as records (drafts, archived offers, their history), written through the
 * same commands as the workspace pages. An editor sees and writes their own organisation's offers only;
 * another's answer 404.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../../core/access/policy.ts';
import { offerData } from '../../../core/catalogue/content/offer-file.ts';
import { offerRevertSchema, offerSaveSchema, revisionChoiceSchema } from '../../../core/catalogue/editing/schemas.ts';
import { slugSchema } from '../../../core/referrals/schemas.ts';
import type { OfferRecord } from '../../../db/offers/repository.ts';
import { commandAccess, type CommandName } from '../../commands/registry.ts';
import * as res from '../../schemas/responses.ts';

const slugParams = z.object({ slug: slugSchema });
const empty = z.undefined().or(z.null()).or(z.object({}).strict());

export default async function offerRecordRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/offer-records', {
    schema: { tags: ['editor'], summary: 'Tilbud, som brugeren redigerer (kladder og arkiverede med)', response: res.answers(200, res.offerRecordListSchema) },
    config: { access: { action: 'offer.edit' } },
  }, async (request) => {
    const scope = scopeOf(request.user!, 'offer.edit');
    const items = scope.kind === 'all' ? await app.offers.records(null)
      : scope.kind === 'organisation' ? await app.offers.records(scope.organisationId) : [];
    return { items };
  });

  app.post('/api/v1/offer-records', {
    schema: { tags: ['editor'], summary: 'Opret et tilbud (kladde, eller offentliggør / send til godkendelse)', body: offerSaveSchema, response: res.answers(201, res.editResultSchema) },
    config: { access: commandAccess('offer.create') },
  }, async (request, reply) => {
    const result = await app.commands.run('offer.create', request.user!, {}, request.body);
    return reply.code(201).send(result);
  });

  app.get('/api/v1/offer-records/:slug', {
    schema: { tags: ['editor'], summary: 'Et tilbuds record og nyeste version', params: slugParams, response: res.answers(200, res.offerRecordDetailSchema) },
    config: { access: { action: 'offer.edit', object: 'offer-record' } },
  }, async (request) => {
    const record = request.accessed as OfferRecord;
    const latest = (await app.offers.revision(record.latestRevisionId!))!;
    return { record, offer: { ...offerData(latest) }, body: latest.body };
  });

  app.put('/api/v1/offer-records/:slug', {
    schema: { tags: ['editor'], summary: 'Gem en ny version (409 hvis en anden har gemt siden basedOnRevisionId)', params: slugParams, body: offerSaveSchema, response: res.answers(200, res.editResultSchema) },
    config: { access: commandAccess('offer.save') },
  }, async (request) => app.commands.run('offer.save', request.user!, { slug: request.params.slug }, request.body));

  app.get('/api/v1/offer-records/:slug/revisions', {
    schema: { tags: ['editor'], summary: 'Tilbuddets versioner: hvem, hvornår, hvorfra', params: slugParams, response: res.answers(200, res.revisionListSchema) },
    config: { access: { action: 'offer.edit', object: 'offer-record' } },
  }, async (request) => ({ items: await app.offers.revisions((request.accessed as OfferRecord).id) }));

  app.post('/api/v1/offer-records/:slug/revert', {
    schema: { tags: ['editor'], summary: 'Gendan en tidligere version som en ny', params: slugParams, body: offerRevertSchema, response: res.answers(200, res.editResultSchema) },
    config: { access: commandAccess('offer.revert') },
  }, async (request) => app.commands.run('offer.revert', request.user!, { slug: request.params.slug }, request.body));

  const action = (path: string, command: CommandName, summary: string, body: z.ZodType) => app.post(`/api/v1/offer-records/:slug/${path}`, {
    schema: { tags: ['editor'], summary, params: slugParams, body, response: res.answers(200, res.editResultSchema) },
    config: { access: commandAccess(command) },
  }, async (request) => app.commands.run(command, request.user!, { slug: (request.params as { slug: string }).slug }, request.body) as Promise<z.infer<typeof res.editResultSchema>>);
  app.post('/api/v1/offer-records/:slug/confirm-review', {
    schema: { tags: ['editor'], summary: 'Bekræft, at tilbuddets oplysninger stadig er korrekte (flytter datoen for gennemsyn et år frem)', params: slugParams, body: empty,
      response: res.answers(200, res.editResultSchema.extend({ reviewBy: z.string() })) },
    config: { access: commandAccess('offer.confirm-review') },
  }, async (request) => app.commands.run('offer.confirm-review', request.user!, { slug: request.params.slug }, request.body));
  action('archive', 'offer.archive', 'Arkivér tilbuddet (igangværende henvisninger er uændrede)', empty);
  action('restore', 'offer.restore', 'Gendan et arkiveret tilbud', empty);
  action('approve', 'offer.approve', 'Godkend en ændring, der venter (administrator)', revisionChoiceSchema);
  action('reject', 'offer.reject', 'Send en ventende ændring tilbage (administrator)', revisionChoiceSchema);
}
