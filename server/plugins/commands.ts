/**
 * The one way in for writes: `app.commands` (server/commands), used by the API routes and, through
 * Astro.locals, by the workspace pages; and who owns each kind of object, for the access checks of both.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Commands } from '../commands/execute.ts';
import { EngineUnitOfWork } from '../commands/unit-of-work.ts';
import { referralOwnership } from '../access.ts';
import { idParam } from './access.ts';

declare module 'fastify' {
  interface FastifyInstance { commands: Commands }
}

export default fp(async (app: FastifyInstance) => {
  app.ownershipLoaders.referral = async (params) => {
    const id = idParam(params.id);
    if (id === undefined) return 'malformed';
    const row = await app.referrals.byId(id);
    return row && { ...referralOwnership(row), record: row };
  };
  app.ownershipLoaders.offer = (params) => {
    const offer = app.catalogue.summary(params.slug ?? '');
    return offer && { organisationId: offer.provider.organisation };
  };
  app.ownershipLoaders['offer-record'] = async (params) => {
    const record = await app.offers.findBySlug(params.slug ?? '');
    return record && { organisationId: record.organisationId, record };
  };
  app.ownershipLoaders.notification = async (params) => {
    const id = idParam(params.id);
    if (id === undefined) return 'malformed';
    const userId = await app.notifications.ownerOf(id);
    return userId === undefined ? undefined : { userId };
  };
  app.decorate('commands', new Commands(app, new EngineUnitOfWork(app.engine)));
}, { name: 'commands', dependencies: ['database', 'access', 'catalogue'] });
