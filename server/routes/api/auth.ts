/**
 * Login, logout and the current session, through the same login and logout commands as the login page
 * (server/plugins/auth.ts). Login is rate-limited per client address and e-mail, and failed logins are
 * counted per client address, so no address can spray passwords over accounts.
 */
import { passwordChangeSchema } from '../../../core/access/accounts.ts';
import { commandAccess } from '../../commands/registry.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loginSchema } from '../../../core/access/login.ts';
import { AppError } from '../../errors.ts';
import * as res from '../../schemas/responses.ts';


export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/v1/auth/login', {
    schema: { tags: ['auth'], summary: 'Log ind med e-mail og adgangskode', body: loginSchema, response: { ...res.answers(200, res.loginSchema), 429: res.problemSchema } },
    config: {
      access: 'public',
      rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}` },
    },
  }, async (request, reply) => {
    const session = await app.login(request, request.body);
    if (!session) throw new AppError(401, 'Forkert e-mail eller adgangskode');
    reply.header('set-cookie', app.sessionCookie(session.token));
    return { user: session.user, csrfToken: session.csrfToken };
  });

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'Log ud', response: res.answers(204, res.noContent) }, config: { access: 'signed-in' } }, async (request, reply) => {
    await app.logout(request);
    return reply.code(204).header('set-cookie', app.sessionCookie(null)).send(null);
  });

  app.put('/api/v1/auth/password', {
    schema: { tags: ['auth'], summary: 'Skift din adgangskode (også en engangsadgangskode fra en administrator)', body: passwordChangeSchema, response: res.answers(204, res.noContent) },
    config: { access: commandAccess('session.change-password') },
  }, async (request, reply) => {
    await app.commands.run('session.change-password', request.user!, { token: request.sessionToken ?? undefined }, request.body);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/session', { schema: { tags: ['auth'], summary: 'Den indloggede bruger og CSRF-token', response: res.answers(200, res.sessionSchema) }, config: { access: 'signed-in' } }, async (request) => ({
    user: request.user, csrfToken: request.csrfToken,
  }));
}
