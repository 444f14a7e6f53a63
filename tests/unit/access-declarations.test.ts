/** A route that declares no access requirement stops the server at start (fail closed). */
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { describe, expect, it } from 'vitest';
import accessPlugin, { declareAccess } from '../../server/plugins/access.ts';

/** Stands in for the auth plugin the access plugin builds on. */
const fakeAuth = fp(async (app) => {
  app.decorateRequest('user', null);
  app.decorate('csrfMatches', () => true);
}, { name: 'auth' });

async function appWith(register: (app: ReturnType<typeof Fastify>) => void) {
  const app = Fastify();
  await app.register(fakeAuth);
  await app.register(accessPlugin);
  register(app);
  return app;
}

describe('route declarations', () => {
  it('refuse to start with a route that declares nothing, naming it', async () => {
    const app = await appWith((a) => {
      a.get('/declared', { config: { access: 'public' } }, async () => 'ok');
      a.get('/forgotten', async () => 'oops');
    });
    await expect(app.ready()).rejects.toThrow(/GET,HEAD \/forgotten|GET \/forgotten/);
  });

  it('start when a prefix declares for its routes, and then enforce them', async () => {
    const app = await appWith((a) => {
      a.register(async (scope: FastifyInstance) => {
        declareAccess(scope, 'signed-in');
        scope.get('/private', async () => 'secret');
      });
      a.get('/open', { config: { access: 'public' } }, async () => 'ok');
    });
    await app.ready();
    expect((await app.inject('/open')).statusCode).toBe(200);
    expect((await app.inject('/private')).statusCode).toBe(401);
    await app.close();
  });
});
