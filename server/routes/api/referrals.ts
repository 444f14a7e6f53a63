/**
 * Referrals: caseworkers create, follow and withdraw; providers handle their inbox and move referrals
 * through the life cycle. Scoping and the state machine live in the services; routes only translate.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  closingReportSchema, idSchema, newReferralSchema, proposalSchema, referralListQuerySchema, subGoalOutcomeSchema,
  subGoalSchema, transitionSchema, who5Schema,
} from '../../../src/lib/referrals/schemas.ts';
import type { ReferralStatus } from '../../../src/lib/referrals/status.ts';
import { actorsMaking } from '../../../src/lib/referrals/status.ts';
import { idParam } from '../../plugins/access.ts';
import { eventView, referralView } from './views.ts';

const idParams = z.object({ id: idSchema });

/** One URL per transition, so the API reads as the provider's and caseworker's actions. */
export const TRANSITION_ROUTES: Record<string, { to: ReferralStatus; summary: string }> = {
  receive: { to: 'received', summary: 'Markér som modtaget (udbyder)' },
  accept: { to: 'accepted', summary: 'Optag borgeren, på et hold hvis tilbuddet har hold (udbyder)' },
  decline: { to: 'declined', summary: 'Afvis med begrundelse (udbyder)' },
  waitlist: { to: 'waitlisted', summary: 'Sæt på venteliste (udbyder)' },
  start: { to: 'started', summary: 'Borgeren er startet (udbyder)' },
  complete: { to: 'completed', summary: 'Forløbet er gennemført (udbyder)' },
  'drop-out': { to: 'dropped_out', summary: 'Borgeren har afbrudt forløbet, med begrundelse (udbyder)' },
  'not-started': { to: 'not_started', summary: 'Borgeren startede ikke (udbyder)' },
  withdraw: { to: 'withdrawn', summary: 'Træk henvisningen tilbage før start (sagsbehandler)' },
};

/** One referral, by its :id, on the provider's or the caseworker's side. */
const READ = { action: 'referral.read', object: 'referral' } as const;
const PROVIDER = { action: 'referral.provider-act', object: 'referral' } as const;
const CASEWORKER = { action: 'referral.caseworker-act', object: 'referral' } as const;

export default async function referralRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  fastify.ownershipLoaders.referral = (params) => {
    const id = idParam(params.id);
    return id === undefined ? 'malformed' : app.referrals.ownership(id);
  };

  app.post('/api/v1/referrals', {
    schema: { tags: ['referrals'], summary: 'Henvis en borger (sagsbehandler; kræver samtykke)', body: newReferralSchema },
    config: { access: { action: 'referral.create' } },
  }, async (request, reply) => {
    // Referrals and transitions share commits with the others of the same moment (group commit).
    const referral = await app.database.groupCommit.run(() => app.referrals.create(request.user!, request.body));
    return reply.code(201).send(referralView(app, request.user!, referral));
  });

  app.get('/api/v1/referrals', {
    schema: { tags: ['referrals'], summary: 'Henvisninger, som brugeren må se; filtre og sider', querystring: referralListQuerySchema },
    config: { access: { action: 'referral.read' } },
  }, async (request) => {
    const { page, pageSize } = request.query;
    const { items, total } = app.referrals.list(request.user!, request.query);
    return { total, page, pageSize, items: items.map((r) => referralView(app, request.user!, r)) };
  });

  app.get('/api/v1/inbox', {
    schema: { tags: ['referrals'], summary: 'Udbyderens indbakke: nye henvisninger til egne tilbud, nyeste først' },
    config: { access: { action: 'inbox.read' } },
  }, async (request) => {
    const { items, total } = app.referrals.inbox(request.user!);
    return { total, items: items.map((r) => referralView(app, request.user!, r)) };
  });

  app.get('/api/v1/referrals/:id', {
    schema: { tags: ['referrals'], summary: 'En henvisning med delmål, WHO-5, afsluttende rapport og forslag', params: idParams },
    config: { access: READ, cacheUntilChange: true },
  }, async (request) => {
    const row = app.referrals.get(request.user!, request.params.id);
    return { ...referralView(app, request.user!, row), ...app.progress.record(request.user!, row) };
  });

  app.get('/api/v1/referrals/:id/history', {
    schema: { tags: ['referrals'], summary: 'Statushistorik: hvem, hvornår, fra, til, hvorfor', params: idParams },
    config: { access: READ },
  }, async (request) => ({ items: app.referrals.history(request.user!, request.params.id).map((e) => eventView(app, e)) }));

  for (const [action, { to, summary }] of Object.entries(TRANSITION_ROUTES)) {
    app.post(`/api/v1/referrals/:id/${action}`, {
      // Nullish: Fastify hands a body-less POST to the validator as null, and these actions need no body.
      schema: { tags: ['referrals'], summary, params: idParams, body: transitionSchema.nullish() },
      // The side of the loop that makes this move, as the status table says.
      config: { access: actorsMaking(to).includes('provider') ? PROVIDER : CASEWORKER },
    }, async (request) => {
      const row = await app.database.groupCommit.run(() => app.referrals.transition(request.user!, request.params.id, to, request.body ?? {}));
      return referralView(app, request.user!, row);
    });
  }

  app.post('/api/v1/referrals/:id/sub-goals', {
    schema: { tags: ['progress'], summary: 'Tilføj et delmål (udbyder)', params: idParams, body: subGoalSchema },
    config: { access: PROVIDER },
  }, async (request, reply) => reply.code(201).send(app.progress.addSubGoal(request.user!, request.params.id, request.body.text)));

  app.patch('/api/v1/referrals/:id/sub-goals/:goalId', {
    schema: { tags: ['progress'], summary: 'Vurdér et delmål (udbyder)', params: idParams.extend({ goalId: idSchema }), body: subGoalOutcomeSchema },
    config: { access: PROVIDER },
  }, async (request) => app.progress.setSubGoalOutcome(request.user!, request.params.id, request.params.goalId, request.body.outcome));

  app.put('/api/v1/referrals/:id/who5', {
    schema: { tags: ['progress'], summary: 'Registrér WHO-5 ved start eller afslutning (udbyder)', params: idParams, body: who5Schema },
    config: { access: PROVIDER },
  }, async (request) => app.progress.recordWho5(request.user!, request.params.id, request.body.phase, request.body.items));

  app.put('/api/v1/referrals/:id/closing-report', {
    schema: { tags: ['progress'], summary: 'Skriv den afsluttende indsatsrapport (udbyder)', params: idParams, body: closingReportSchema },
    config: { access: PROVIDER },
  }, async (request) => app.progress.writeClosingReport(request.user!, request.params.id, request.body));

  app.post('/api/v1/referrals/:id/proposals', {
    schema: { tags: ['progress'], summary: 'Foreslå et andet tilbud (tværfaglig visitation, udbyder)', params: idParams, body: proposalSchema },
    config: { access: PROVIDER },
  }, async (request, reply) => reply.code(201).send(app.progress.propose(request.user!, request.params.id, request.body)));
}
