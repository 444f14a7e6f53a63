/**
 * Referrals: caseworkers create, follow and withdraw; providers handle their inbox and move referrals
 * through the life cycle. Scoping and the state machine live in the services; routes only translate.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  closingReportSchema, idSchema, newReferralSchema, pagingSchema, proposalSchema, referralListQuerySchema, subGoalOutcomeSchema,
  subGoalSchema, transitionSchema, who5Schema,
} from '../../../core/referrals/schemas.ts';
import { TRANSITION_VERBS, type TransitionVerb } from '../../../core/referrals/status.ts';
import { commandAccess } from '../../commands/registry.ts';
import * as res from '../../schemas/responses.ts';
import type { ReferralRow } from '../../services/referrals.ts';
import { eventView, referralView } from './views.ts';

const idParams = z.object({ id: idSchema });

/** One URL per transition, so the API reads as the provider's and caseworker's actions (verbs from the status table). */
const TRANSITION_SUMMARIES: Record<keyof typeof TRANSITION_VERBS, string> = {
  received: 'Markér som modtaget (udbyder)',
  accepted: 'Optag borgeren, på et hold hvis tilbuddet har hold (udbyder)',
  declined: 'Afvis med begrundelse (udbyder)',
  waitlisted: 'Sæt på venteliste (udbyder)',
  started: 'Borgeren er startet (udbyder)',
  completed: 'Forløbet er gennemført (udbyder)',
  dropped_out: 'Borgeren har afbrudt forløbet, med begrundelse (udbyder)',
  not_started: 'Borgeren startede ikke (udbyder)',
  withdrawn: 'Træk henvisningen tilbage før start (sagsbehandler)',
};

/** One referral, by its :id, on the provider's or the caseworker's side. */
const READ = { action: 'referral.read', object: 'referral' } as const;

export default async function referralRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/v1/referrals', {
    schema: { tags: ['referrals'], summary: 'Henvis en borger (sagsbehandler; kræver samtykke)', body: newReferralSchema, response: res.answers(201, res.referralSchema) },
    config: { access: commandAccess('referral.create') },
  }, async (request, reply) => {
    const referral = await app.commands.run('referral.create', request.user!, {}, request.body);
    return reply.code(201).send(await referralView(app, request.user!, referral));
  });

  app.get('/api/v1/referrals', {
    schema: { tags: ['referrals'], summary: 'Henvisninger, som brugeren må se; filtre og sider', querystring: referralListQuerySchema, response: res.answers(200, res.referralListSchema) },
    config: { access: { action: 'referral.read' } },
  }, async (request) => {
    const { page, pageSize } = request.query;
    const { items, total, totalIsLowerBound } = await app.referrals.list(request.user!, request.query);
    return { total, totalIsLowerBound, page, pageSize, items: await Promise.all(items.map((r) => referralView(app, request.user!, r))) };
  });

  app.get('/api/v1/inbox', {
    schema: {
      tags: ['referrals'], summary: 'Udbyderens indbakke: nye henvisninger til egne tilbud, nyeste først; sider som andre lister',
      querystring: pagingSchema.strict(), response: res.answers(200, res.referralListSchema),
    },
    config: { access: { action: 'inbox.read' } },
  }, async (request) => {
    const { page, pageSize } = request.query;
    const { items, total, totalIsLowerBound } = await app.referrals.inbox(request.user!, { page, pageSize });
    return { total, totalIsLowerBound, page, pageSize, items: await Promise.all(items.map((r) => referralView(app, request.user!, r))) };
  });

  app.get('/api/v1/referrals/:id', {
    schema: { tags: ['referrals'], summary: 'En henvisning med delmål, WHO-5, afsluttende rapport og forslag', params: idParams, response: res.answers(200, res.referralRecordSchema) },
    config: { access: READ, cacheUntilChange: true },
  }, async (request) => {
    // Read and judged by the route's access check already (config.access: the referral in :id).
    const row = request.accessed as ReferralRow;
    const [view, record] = await Promise.all([referralView(app, request.user!, row), app.progress.record(request.user!, row)]);
    return { ...view, ...record };
  });

  app.get('/api/v1/referrals/:id/history', {
    schema: { tags: ['referrals'], summary: 'Statushistorik: hvem, hvornår, fra, til, hvorfor', params: idParams, response: res.answers(200, res.historySchema) },
    config: { access: READ },
  }, async (request) => ({ items: (await app.referrals.history(request.user!, request.params.id)).map((e) => eventView(app, e)) }));

  for (const [to, verb] of Object.entries(TRANSITION_VERBS) as [keyof typeof TRANSITION_VERBS, TransitionVerb][]) {
    const summary = TRANSITION_SUMMARIES[to];
    app.post(`/api/v1/referrals/:id/${verb}`, {
      // Nullish: Fastify hands a body-less POST to the validator as null, and these actions need no body.
      schema: { tags: ['referrals'], summary, params: idParams, body: transitionSchema.nullish(), response: res.answers(200, res.referralSchema) },
      // The side of the loop that makes this move, as the status table says.
      config: { access: commandAccess(`referral.${verb}`) },
    }, async (request) => {
      const row = await app.commands.run(`referral.${verb}`, request.user!, { id: request.params.id }, request.body);
      return await referralView(app, request.user!, row);
    });
  }

  app.post('/api/v1/referrals/:id/sub-goals', {
    schema: { tags: ['progress'], summary: 'Tilføj et delmål (udbyder)', params: idParams, body: subGoalSchema, response: res.answers(201, res.subGoalSchema) },
    config: { access: commandAccess('referral.add-sub-goal') },
  }, async (request, reply) => reply.code(201).send(await app.commands.run('referral.add-sub-goal', request.user!, { id: request.params.id }, request.body)));

  app.patch('/api/v1/referrals/:id/sub-goals/:goalId', {
    schema: { tags: ['progress'], summary: 'Vurdér et delmål (udbyder)', params: idParams.extend({ goalId: idSchema }), body: subGoalOutcomeSchema, response: res.answers(200, res.subGoalSchema) },
    config: { access: commandAccess('referral.judge-sub-goal') },
  }, async (request) => app.commands.run('referral.judge-sub-goal', request.user!, { id: request.params.id, goalId: request.params.goalId }, request.body));

  app.put('/api/v1/referrals/:id/who5', {
    schema: { tags: ['progress'], summary: 'Registrér WHO-5 ved start eller afslutning (udbyder)', params: idParams, body: who5Schema, response: res.answers(200, res.who5ScoreSchema) },
    config: { access: commandAccess('referral.record-who5') },
  }, async (request) => app.commands.run('referral.record-who5', request.user!, { id: request.params.id }, request.body));

  app.put('/api/v1/referrals/:id/closing-report', {
    schema: { tags: ['progress'], summary: 'Skriv den afsluttende indsatsrapport (udbyder)', params: idParams, body: closingReportSchema, response: res.answers(200, res.closingReportSchema) },
    config: { access: commandAccess('referral.write-closing-report') },
  }, async (request) => app.commands.run('referral.write-closing-report', request.user!, { id: request.params.id }, request.body));

  app.post('/api/v1/referrals/:id/proposals', {
    schema: { tags: ['progress'], summary: 'Foreslå et andet tilbud (tværfaglig visitation, udbyder)', params: idParams, body: proposalSchema, response: res.answers(201, res.proposalSchema) },
    config: { access: commandAccess('referral.propose') },
  }, async (request, reply) => reply.code(201).send(await app.commands.run('referral.propose', request.user!, { id: request.params.id }, request.body)));
}
