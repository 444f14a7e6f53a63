/**
 * The one way in for writes: `app.commands` (server/commands), used by the API routes and, through
 * Astro.locals, by the workspace pages; and who owns each kind of object, for the access checks of both.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Commands } from '../commands/execute.ts';
import { SqliteUnitOfWork } from '../commands/unit-of-work.ts';
import { referralOwnership } from '../access.ts';
import { idParam } from './access.ts';

declare module 'fastify' {
  interface FastifyInstance { commands: Commands }
}

export default fp(async (app: FastifyInstance) => {
  app.ownershipLoaders.referral = (params) => {
    const id = idParam(params.id);
    if (id === undefined) return 'malformed';
    const row = app.referrals.byId(id);
    return row && { ...referralOwnership(row), record: row };
  };
  app.ownershipLoaders.offer = (params) => {
    const offer = app.catalogue.offer(params.slug ?? '');
    return offer && { organisationId: offer.provider.organisation };
  };
  app.ownershipLoaders.notification = (params) => {
    const id = idParam(params.id);
    if (id === undefined) return 'malformed';
    const userId = app.notifications.ownerOf(id);
    return userId === undefined ? undefined : { userId };
  };
  app.decorate('commands', new Commands(app, new SqliteUnitOfWork(app.database.groupCommit)));
}, { name: 'commands', dependencies: ['database', 'access', 'catalogue'] });
