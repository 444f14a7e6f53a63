/** The caseworker's notifications of status changes on their referrals. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../core/referrals/schemas.ts';
import { commandAccess } from '../../commands/registry.ts';
import * as res from '../../schemas/responses.ts';

export default async function notificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/notifications', {
    schema: {
      tags: ['notifications'], summary: 'Ulæste og seneste notifikationer',
      querystring: z.object({ unread: z.enum(['true', 'false']).optional() }).strict(),
      response: res.answers(200, res.notificationListSchema),
    },
    config: { access: { action: 'notification.own' } },
  }, async (request) => {
    const userId = request.user!.id;
    const [items, unread] = await Promise.all([
      app.notifications.list(userId, { unreadOnly: request.query.unread === 'true' }), app.notifications.unreadCount(userId),
    ]);
    return { unread, items };
  });

  app.post('/api/v1/notifications/:id/read', {
    schema: { tags: ['notifications'], summary: 'Markér som læst', params: z.object({ id: idSchema }), response: res.answers(204, res.noContent) },
    config: { access: commandAccess('notification.read') },
  }, async (request, reply) => {
    await app.commands.run('notification.read', request.user!, { id: request.params.id }, undefined);
    return reply.code(204).send(null);
  });

  app.post('/api/v1/notifications/read-all', {
    schema: { tags: ['notifications'], summary: 'Markér alle som læst', response: res.answers(200, res.markedSchema) },
    config: { access: commandAccess('notification.read-all') },
  }, async (request) => app.commands.run('notification.read-all', request.user!, {}, undefined));
}
