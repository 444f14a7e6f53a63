/**
 * Sessions and the one authentication hook. A signed, HttpOnly, SameSite=Lax cookie carries a random
 * session token; every request gets `request.user` (or null). Writes authenticated by the cookie must also
 * carry the session's CSRF token (header `x-csrf-token`, or a `_csrf` form field for the workspace pages).
 * What each route requires is declared on the route and enforced by plugins/access.ts.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { SessionUser } from '../access.ts';
import { AppError } from '../errors.ts';
import { LruCache } from '../../core/lru-cache.ts';
import { LoginThrottle } from '../services/login-throttle.ts';
import { SESSION_TTL_MS } from '../services/users.ts';

export const SESSION_COOKIE = 'indsats_session';
/** The OpenAPI document and its browsable UI are public: they describe the API, they hold no data. */
export const API_DOCS_PREFIX = '/api/docs';
const MAX_VERIFIED_COOKIES = 10_000;

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    csrfToken: string | null;
    sessionToken: string | null;
  }
  interface FastifyInstance {
    startSession(reply: FastifyReply, user: SessionUser): { csrfToken: string };
    endSession(request: FastifyRequest, reply: FastifyReply): void;
    /** Whether `token` is the request's session CSRF token (used by the workspace pages' forms too). */
    csrfMatches(request: FastifyRequest, token: unknown): boolean;
    /**
     * Checks a login from the request's client address (the API's and the login page's one way in):
     * the user, or null for wrong credentials; 429 while the address has failed too often.
     */
    authenticate(request: FastifyRequest, email: string, password: string): Promise<SessionUser | null>;
  }
}

export default fp(async (app: FastifyInstance, opts: { sessionSecret: string; secureCookies: boolean }) => {
  await app.register(fastifyCookie, { secret: opts.sessionSecret });
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionToken', null);

  const cookieOptions = {
    httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies, path: '/', signed: true,
  };

  app.decorate('startSession', (reply: FastifyReply, user: SessionUser) => {
    const session = app.users.startSession(user.id);
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_TTL_MS / 1000 });
    return { csrfToken: session.csrfToken };
  });

  app.decorate('endSession', (request: FastifyRequest, reply: FastifyReply) => {
    if (request.sessionToken) app.users.endSession(request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
  });

  const throttle = new LoginThrottle();
  app.decorate('authenticate', async (request: FastifyRequest, email: string, password: string) => {
    const wait = throttle.retryAfter(request.ip);
    if (wait > 0) {
      throw new AppError(429, `For mange mislykkede forsøg på at logge ind fra din adresse. Vent ${Math.ceil(wait / 60)} minutter, og prøv igen.`, { retryAfter: wait });
    }
    const user = await app.users.authenticate(email, password);
    if (!user) throttle.failed(request.ip);
    return user;
  });

  app.decorate('csrfMatches', (request: FastifyRequest, token: unknown) => {
    if (!request.csrfToken || typeof token !== 'string') return false;
    const a = Buffer.from(token), b = Buffer.from(request.csrfToken);
    return a.length === b.length && timingSafeEqual(a, b);
  });

  // Signed cookies already verified, to their token: checking the HMAC costs more than the rest of a
  // cached read, and a browser sends the same cookie with every request. Only valid ones are kept.
  const verified = new LruCache<string, string>({ maxEntries: MAX_VERIFIED_COOKIES });
  const tokenOf = (request: FastifyRequest, raw: string): string | null => {
    const known = verified.get(raw);
    if (known) return known;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return null;
    verified.set(raw, unsigned.value);
    return unsigned.value;
  };

  const attachSession = (request: FastifyRequest): void => {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const token = tokenOf(request, raw);
    if (!token) return;
    const session = app.users.session(token);
    if (!session) return;
    request.user = session.user;
    request.csrfToken = session.csrfToken;
    request.sessionToken = token;
  };
  // Callback-style hooks: they run on every request, and a settled promise per hook is not free.
  app.addHook('onRequest', (request, _reply, done) => {
    attachSession(request);
    done();
  });
}, { name: 'auth', dependencies: ['database'] });
