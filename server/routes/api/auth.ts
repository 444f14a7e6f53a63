/**
 * Login, logout and the current session. Login is rate-limited per client address and e-mail, and failed
 * logins are counted per client address (app.authenticate), so no address can spray passwords over accounts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import * as res from '../../schemas/responses.ts';

const loginSchema = z.object({
  email: z.string().trim().max(200).pipe(z.email({ message: 'skal være en e-mailadresse' })),
  password: z.string().min(1, 'skal udfyldes').max(200),
}).strict();

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/v1/auth/login', {
    schema: { tags: ['auth'], summary: 'Log ind med e-mail og adgangskode', body: loginSchema, response: { ...res.answers(200, res.loginSchema), 429: res.problemSchema } },
    config: {
      access: 'public',
      rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}` },
    },
  }, async (request, reply) => {
    const user = await app.authenticate(request, request.body.email, request.body.password);
    if (!user) throw new AppError(401, 'Forkert e-mail eller adgangskode');
    if (request.sessionToken) app.endSession(request, reply);
    const { csrfToken } = app.startSession(reply, user);
    return { user, csrfToken };
  });

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'Log ud', response: res.answers(204, res.noContent) }, config: { access: 'signed-in' } }, async (request, reply) => {
    app.endSession(request, reply);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/session', { schema: { tags: ['auth'], summary: 'Den indloggede bruger og CSRF-token', response: res.answers(200, res.sessionSchema) }, config: { access: 'signed-in' } }, async (request) => ({
    user: request.user, csrfToken: request.csrfToken,
  }));
}
