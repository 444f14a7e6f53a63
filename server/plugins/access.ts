/**
 * Every route declares what it requires (`config.access`), and one hook enforces it, before the body is
 * looked at: no session → 401; a role the policy never allows this action → 403; a cookie write without
 * the CSRF token → 403; then, for a route on one object, an object that is not the user's → 404 (403 for
 * public objects such as offers); only then is the input validated (400). A route without a declaration
 * stops the server at start (fail closed). Plugins' own routes are declared per prefix, where registered.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { allows, can, relationFor, type Action, type Ownership, type Principal } from '../../core/access/policy.ts';
import { idSchema } from '../../core/referrals/schemas.ts';
import { AppError, ForbiddenError, NotFoundError } from '../errors.ts';

/** What an object route's `:param`s name, and whether others may know it exists. */
export type ObjectKind = 'referral' | 'offer' | 'offer-record' | 'notification';
/**
 * Private objects answer 404 to those they are not for; public ones (published offers) 403. An offer's
 * record in the editor (drafts, history, archived offers) is private to its organisation's editors.
 */
const PRIVATE: Record<ObjectKind, boolean> = { referral: true, offer: false, 'offer-record': true, notification: true };
const NAMES: Record<ObjectKind, string> = { referral: 'Henvisningen', offer: 'Tilbuddet', 'offer-record': 'Tilbuddet', notification: 'Notifikationen' };

export type Requirement = 'public' | 'signed-in' | { action: Action; object?: ObjectKind };

/**
 * Who owns an object named by the request's params; undefined when there is none; 'malformed' when the
 * params cannot name one at all (validation then answers 400 naming the param).
 */
export type OwnershipLoader = (params: Record<string, string>) => Owned | undefined | 'malformed' | Promise<Owned | undefined | 'malformed'>;

/** An object's owners, and the record they were read from (a route on it need not read it again). */
export interface Owned extends Ownership { record?: unknown }

/** The id a path param names, by the routes' own id schema; undefined when it names none. */
export const idParam = (value: string | undefined): number | undefined => {
  const parsed = idSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

declare module 'fastify' {
  interface FastifyContextConfig { access?: Requirement }
  interface FastifyRequest {
    /** The object a route on one object is about, as the access check read it (see `Owned`). */
    accessed: unknown;
  }
  interface FastifyInstance {
    /** How each object kind's ownership is read (registered by the plugin that owns the data). */
    ownershipLoaders: Partial<Record<ObjectKind, OwnershipLoader>>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a user signed in with a one-time password may do before choosing their own. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/api/v1/auth/password', '/api/v1/auth/session', '/api/v1/auth/logout']);

/** Declares `requirement` for every route registered after this call in the plugin's scope (a prefix's routes). */
export function declareAccess(scope: FastifyInstance, requirement: Requirement): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: route.config?.access ?? requirement };
  });
}

export default fp(async (app: FastifyInstance) => {
  app.decorate('ownershipLoaders', {});
  app.decorateRequest('accessed', null);

  // Every route, wherever registered; checked once all are known (a prefix's declaration may come from
  // its own scope's onRoute hook, which runs after this one).
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => { routes.push(route); });
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((r) => !r.config?.access).map((r) => `${[r.method].flat().join(',')} ${r.url}`);
    if (undeclared.length) throw new Error(`Routes without an access requirement (config.access): ${undeclared.join('; ')}`);
  });

  // Callback-style hooks: they run on every request, and a settled promise per hook is not free.
  app.addHook('onRequest', (request, _reply, done) => {
    const requirement = request.routeOptions.config?.access;
    if (requirement === 'public') return done();
    if (requirement === undefined) return done(new ForbiddenError('Ruten har intet adgangskrav')); // not reached: start-up refuses
    const user = request.user;
    if (!user) return done(new AppError(401, 'Du skal være logget ind'));
    // The token proves the cookie's own page sent the write (part of who is asking). Pages check their
    // forms' own _csrf field; the API wants the header on every cookie write.
    if (request.url.startsWith('/api/') && !SAFE_METHODS.has(request.method) && !app.csrfMatches(request, request.headers['x-csrf-token'])) {
      return done(new ForbiddenError('CSRF-token mangler eller er forkert: send headeren x-csrf-token fra login-svaret'));
    }
    // Signed in with a one-time password: nothing but choosing one's own (and signing out) until then.
    if (user.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(request.routeOptions.url ?? '')) {
      return done(new ForbiddenError('Vælg din egen adgangskode først: PUT /api/v1/auth/password'));
    }
    if (typeof requirement === 'object' && !allows(user, requirement.action)) {
      return done(new ForbiddenError());
    }
    done();
  });

  // Before validation: another's object is 404 (or 403) whatever the body says.
  app.addHook('preValidation', (request, _reply, done) => {
    const requirement = request.routeOptions.config?.access;
    if (typeof requirement !== 'object' || !requirement.object) return done();
    const params = request.params as Record<string, string>;
    objectProblem(app, request.user!, params, requirement.action, requirement.object, (owner) => { request.accessed = owner.record ?? null; })
      .then((problem) => done(problem ?? undefined), done);
  });
}, { name: 'access', dependencies: ['auth'] });

/** Why the user may not act on the object the params name (404, or 403 for public objects); null if they may. */
export async function objectProblem(app: FastifyInstance, user: Principal, params: Record<string, string>, action: Action, kind: ObjectKind,
  allowed?: (owner: Owned) => void): Promise<AppError | null> {
  const load = app.ownershipLoaders[kind];
  if (!load) return new ForbiddenError(`Ingen kan tjekke adgang til ${NAMES[kind].toLowerCase()}`); // fail closed
  const owner = await load(params);
  if (owner === 'malformed') return null;
  if (!owner) return new NotFoundError(NAMES[kind]);
  if (can(user, action, owner)) {
    allowed?.(owner);
    return null;
  }
  // A private object the user may not even read does not exist for them.
  if (PRIVATE[kind]) return new NotFoundError(NAMES[kind]);
  return relationFor(user, action) ? new ForbiddenError(`Du kan kun ændre din egen organisations ${NAMES[kind].toLowerCase()}`) : new ForbiddenError();
}
