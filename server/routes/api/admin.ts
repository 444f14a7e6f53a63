/**
 * The administrator's API: user accounts and organisations with their units, through the same commands as
 * the workspace pages (/arbejde/brugere, /arbejde/organisationer).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountActiveSchema, accountSchema, newAccountSchema, newOrganisationSchema, oneTimePasswordSchema, organisationUpdateSchema, unitSchema,
} from '../../../core/access/accounts.ts';
import { idSchema, slugSchema } from '../../../core/referrals/schemas.ts';
import { commandAccess } from '../../commands/registry.ts';
import { NotFoundError } from '../../errors.ts';
import * as res from '../../schemas/responses.ts';

const idParams = z.object({ id: idSchema });
const orgParams = z.object({ id: slugSchema });
const unitParams = z.object({ id: slugSchema, unitId: slugSchema });

export default async function adminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/users', {
    schema: { tags: ['admin'], summary: 'Alle brugerkonti (administrator)', response: res.answers(200, res.accountListSchema) },
    config: { access: { action: 'user.manage' } },
  }, async () => ({ items: await app.users.accounts() }));

  app.post('/api/v1/users', {
    schema: { tags: ['admin'], summary: 'Opret en konto med engangsadgangskode', body: newAccountSchema, response: res.answers(201, res.oneTimePasswordResultSchema) },
    config: { access: commandAccess('user.create') },
  }, async (request, reply) => reply.code(201).send(await app.commands.run('user.create', request.user!, {}, request.body)));

  app.put('/api/v1/users/:id', {
    schema: { tags: ['admin'], summary: 'Ret en konto (rolle, organisation, enhed); dens sessioner afsluttes', params: idParams, body: accountSchema, response: res.answers(200, z.object({ id: z.number().int() })) },
    config: { access: commandAccess('user.update') },
  }, async (request) => {
    if (!(await app.users.account(request.params.id))) throw new NotFoundError('Brugeren');
    return app.commands.run('user.update', request.user!, { id: request.params.id }, request.body);
  });

  app.post('/api/v1/users/:id/active', {
    schema: { tags: ['admin'], summary: 'Deaktivér eller aktivér en konto', params: idParams, body: accountActiveSchema, response: res.answers(200, res.accountActiveResultSchema) },
    config: { access: commandAccess('user.set-active') },
  }, async (request) => app.commands.run('user.set-active', request.user!, { id: request.params.id }, request.body));

  app.post('/api/v1/users/:id/one-time-password', {
    schema: { tags: ['admin'], summary: 'Giv en konto en ny engangsadgangskode', params: idParams, body: oneTimePasswordSchema, response: res.answers(200, res.oneTimePasswordResultSchema) },
    config: { access: commandAccess('user.reset-password') },
  }, async (request) => app.commands.run('user.reset-password', request.user!, { id: request.params.id }, request.body));

  app.get('/api/v1/organisations', {
    schema: { tags: ['admin'], summary: 'Organisationer og deres enheder', response: res.answers(200, res.organisationListSchema) },
    config: { access: { action: 'organisation.manage' } },
  }, async () => ({ items: await app.organisations.list() }));

  app.post('/api/v1/organisations', {
    schema: { tags: ['admin'], summary: 'Opret en organisation med sin første enhed', body: newOrganisationSchema, response: res.answers(201, res.organisationSchema) },
    config: { access: commandAccess('organisation.create') },
  }, async (request, reply) => reply.code(201).send(await app.commands.run('organisation.create', request.user!, {}, request.body)));

  app.put('/api/v1/organisations/:id', {
    schema: { tags: ['admin'], summary: 'Ret en organisations navn og sektor', params: orgParams, body: organisationUpdateSchema, response: res.answers(200, res.organisationSchema) },
    config: { access: commandAccess('organisation.update') },
  }, async (request) => app.commands.run('organisation.update', request.user!, { slug: request.params.id }, request.body));

  app.post('/api/v1/organisations/:id/units', {
    schema: { tags: ['admin'], summary: 'Tilføj en enhed', params: orgParams, body: unitSchema, response: res.answers(201, res.organisationSchema) },
    config: { access: commandAccess('organisation.add-unit') },
  }, async (request, reply) => reply.code(201).send(await app.commands.run('organisation.add-unit', request.user!, { slug: request.params.id }, request.body)));

  app.put('/api/v1/organisations/:id/units/:unitId', {
    schema: { tags: ['admin'], summary: 'Omdøb en enhed', params: unitParams, body: unitSchema, response: res.answers(200, res.organisationSchema) },
    config: { access: commandAccess('organisation.rename-unit') },
  }, async (request) => app.commands.run('organisation.rename-unit', request.user!, { slug: request.params.id, unitId: request.params.unitId }, request.body));
}
