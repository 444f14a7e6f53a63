import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    if (app.draining) return reply.code(503).send({ status: 'not ready', reason: 'shutting down' });
    const offers = app.catalogue.offers().length;
    if (!offers) return reply.code(503).send({ status: 'not ready', reason: 'no offers loaded' });
    try {
      await app.engine.ping();
    } catch {
      return reply.code(503).send({ status: 'not ready', reason: 'database unavailable' });
    }
    return { status: 'ready', offers, contentVersion: app.catalogue.version };
  });
}
