/**
 * What a page request gets from the server (Astro.locals.workspace): the signed-in user, the services
 * scoped by that user, and session helpers that return Set-Cookie headers (the page writes the response).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allows, can, type Action, type Ownership } from '../core/access/policy.ts';
import type { SessionUser } from './access.ts';
import type { CommandName, CommandResult, Target } from './commands/registry.ts';
import { SESSION_COOKIE } from './plugins/auth.ts';
import type { CapacityService } from './services/capacity.ts';
import { DraftStore } from './services/drafts.ts';
import type { NotificationService } from './services/notifications.ts';
import type { ProgressService } from './services/progress.ts';
import type { ReferralService } from './services/referrals.ts';
import { SESSION_TTL_MS, type UserService } from './services/users.ts';

export interface Workspace {
  user: SessionUser | null;
  csrfToken: string | null;
  referrals: ReferralService;
  capacity: CapacityService;
  progress: ProgressService;
  notifications: NotificationService;
  users: UserService;
  drafts: DraftStore;
  csrfMatches(token: unknown): boolean;
  /**
   * Whether the policy lets the signed-in user do `action` (on `object`, when given): the server's own
   * policy, so pages never judge access with a copy of their own.
   */
  may(action: Action, object?: Ownership): boolean;
  /** Runs a command as the signed-in user: the same checks, validation and unit of work as the API's. */
  execute<N extends CommandName>(name: N, target: Target, input: unknown): Promise<CommandResult<N>>;
  /** Checks the credentials; on success the Set-Cookie header that starts the session (429 AppError while throttled). */
  signIn(email: string, password: string): Promise<{ user: SessionUser; setCookie: string } | null>;
  /** Ends the session; the Set-Cookie header that clears the cookie. */
  signOut(): string;
}

export function workspaceFactory(app: FastifyInstance, options: { secureCookies: boolean }) {
  const drafts = new DraftStore();
  const cookie = (value: string, maxAge: number) => app.serializeCookie(SESSION_COOKIE, value ? app.signCookie(value) : '', {
    httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/', maxAge,
  });
  return (request: FastifyRequest): Workspace => ({
    user: request.user,
    csrfToken: request.csrfToken,
    referrals: app.referrals,
    capacity: app.capacity,
    progress: app.progress,
    notifications: app.notifications,
    users: app.users,
    drafts,
    csrfMatches: (token) => app.csrfMatches(request, token),
    may: (action, object) => request.user !== null && (object ? can(request.user, action, object) : allows(request.user, action)),
    execute: (name, target, input) => app.commands.execute(name, request.user, target, input),
    async signIn(email, password) {
      const user = await app.authenticate(request, email, password);
      if (!user) return null;
      if (request.sessionToken) app.users.endSession(request.sessionToken);
      const session = app.users.startSession(user.id);
      return { user, setCookie: cookie(session.token, SESSION_TTL_MS / 1000) };
    },
    signOut() {
      if (request.sessionToken) app.users.endSession(request.sessionToken);
      return cookie('', 0);
    },
  });
}
