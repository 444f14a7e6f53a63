/** The installation's state for administrators: the e-mail outbox (what waits, what failed) and the jobs. */
import type { FastifyInstance } from 'fastify';
import * as res from '../../schemas/responses.ts';

export default async function opsRoutes(app: FastifyInstance) {
  app.get('/api/v1/ops/outbox', {
    schema: { tags: ['ops'], summary: 'E-mails der venter, og e-mails der ikke kunne sendes (administrator)', response: res.answers(200, res.outboxStatusSchema) },
    config: { access: { action: 'ops.read' } },
  }, async () => ({ ...(await app.mailer.status()), jobs: app.scheduler.jobs() }));
}
