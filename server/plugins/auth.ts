/**
 * Sessions and the one authentication hook. A signed, HttpOnly, SameSite=Lax cookie carries a random
 * session token; every request gets `request.user` (or null). Writes authenticated by the cookie must also
 * carry the session's CSRF token (header `x-csrf-token`, or a `_csrf` form field for the workspace pages).
 * What each route requires is declared on the route and enforced by plugins/access.ts.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { SessionUser } from '../access.ts';
import { loginSchema } from '../../core/access/login.ts';
import { AppError, InvalidInputError } from '../errors.ts';
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
    /** The Set-Cookie header that starts (with a token) or ends (null) a session. */
    sessionCookie(token: string | null): string;
    /** Whether `token` is the request's session CSRF token (used by the workspace pages' forms too). */
    csrfMatches(request: FastifyRequest, token: unknown): boolean;
    /**
     * The login command, the API's and the login page's one way in: the new session, or null for wrong
     * credentials; 400 naming the fields, 429 while the client address has failed too often.
     */
    login(request: FastifyRequest, input: unknown): Promise<{ user: SessionUser; token: string; csrfToken: string } | null>;
    /** The logout command. */
    logout(request: FastifyRequest): Promise<void>;
  }
}

export default fp(async (app: FastifyInstance, opts: { sessionSecret: string; secureCookies: boolean }) => {
  await app.register(fastifyCookie, { secret: opts.sessionSecret });
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('sessionToken', null);

  app.decorate('sessionCookie', (token: string | null) => app.serializeCookie(SESSION_COOKIE, token ? app.signCookie(token) : '', {
    httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, path: '/', maxAge: token ? SESSION_TTL_MS / 1000 : 0,
  }));

  const throttle = new LoginThrottle();
  // The login command: validate, refuse an address that failed too often (429), verify the password,
  // replace the request's session. Whoever calls it sets the cookie (app.sessionCookie).
  app.decorate('login', async (request: FastifyRequest, input: unknown) => {
    const parsed = loginSchema.safeParse(input);
    if (!parsed.success) throw new InvalidInputError(parsed.error);
    const wait = throttle.retryAfter(request.ip);
    if (wait > 0) {
      throw new AppError(429, `For mange mislykkede forsøg på at logge ind fra din adresse. Vent ${Math.ceil(wait / 60)} minutter, og prøv igen.`, { retryAfter: wait });
    }
    const user = await app.users.authenticate(parsed.data.email, parsed.data.password);
    if (!user) {
      throttle.failed(request.ip);
      return null;
    }
    if (request.sessionToken) await app.users.endSession(request.sessionToken);
    const session = await app.users.startSession(user.id);
    return { user, token: session.token, csrfToken: session.csrfToken };
  });

  // The logout command: the session ends on the server, whatever the browser keeps.
  app.decorate('logout', async (request: FastifyRequest) => {
    if (request.sessionToken) await app.users.endSession(request.sessionToken);
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

  const attachSession = async (request: FastifyRequest): Promise<void> => {
    const token = tokenOf(request, request.cookies[SESSION_COOKIE]!);
    if (!token) return;
    const session = await app.users.session(token);
    if (!session) return;
    request.user = session.user;
    request.csrfToken = session.csrfToken;
    request.sessionToken = token;
  };
  // Callback-style hook: it runs on every request, and anonymous ones need no promise at all.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.cookies[SESSION_COOKIE]) return done();
    attachSession(request).then(() => done(), done);
  });
}, { name: 'auth', dependencies: ['database'] });
