/**
 * What a page request gets from the server (Astro.locals.workspace): the signed-in user, the services
 * scoped by that user, and session helpers that return Set-Cookie headers (the page writes the response).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allows, can, type Action, type Ownership } from '../core/access/policy.ts';
import type { SessionUser } from './access.ts';
import type { CommandName, CommandResult, Target } from './commands/registry.ts';
import type { CapacityService } from './services/capacity.ts';
import { seatSummaries } from './services/seat-summaries.ts';
import type { SeatSummary } from '../core/catalogue/search/seats.ts';
import { DraftStore } from './services/drafts.ts';
import type { NotificationService } from './services/notifications.ts';
import type { ProgressService } from './services/progress.ts';
import type { ReferralService } from './services/referrals.ts';
import type { UserService } from './services/users.ts';
import type { OfferEditingService } from './services/offer-editing.ts';
import type { OrganisationService } from './services/organisations.ts';
import type { AccountService } from './services/accounts.ts';
import type { OfferRepository } from '../db/offers/repository.ts';

export interface Workspace {
  user: SessionUser | null;
  csrfToken: string | null;
  referrals: ReferralService;
  capacity: CapacityService;
  /**
   * Seat summaries for search results (of the given slugs, else of every live offer); empty unless the
   * user may read offers' availability (`offer.read`): anonymous visitors never get them.
   */
  seatSummaries(slugs?: readonly string[]): Promise<Record<string, SeatSummary>>;
  progress: ProgressService;
  notifications: NotificationService;
  users: UserService;
  /** Offers as records (drafts, history) for the editor's pages; writes go through `execute`. */
  offers: OfferRepository;
  offerEditing: OfferEditingService;
  drafts: DraftStore;
  csrfMatches(token: unknown): boolean;
  /**
   * Whether the policy lets the signed-in user do `action` (on `object`, when given): the server's own
   * policy, so pages never judge access with a copy of their own.
   */
  may(action: Action, object?: Ownership): boolean;
  /** Runs a command as the signed-in user: the same checks, validation and unit of work as the API's. */
  execute<N extends CommandName>(name: N, target: Target, input: unknown): Promise<CommandResult<N>>;
  /** The administrator's directory of organisations and accounts. */
  organisations: OrganisationService;
  accounts: AccountService;
  /** Changes the signed-in user's own password; this session carries on, the others end. */
  changePassword(input: unknown): Promise<void>;
  /**
   * The login command (the API's too): on success the Set-Cookie header that starts the session; null for
   * wrong credentials; 400 naming the fields and 429 while throttled, as AppErrors.
   */
  signIn(input: { email: string; password: string }): Promise<{ user: SessionUser; setCookie: string } | null>;
  /** Ends the session; the Set-Cookie header that clears the cookie. */
  signOut(): Promise<string>;
}

export function workspaceFactory(app: FastifyInstance) {
  const drafts = new DraftStore();
  return (request: FastifyRequest): Workspace => ({
    user: request.user,
    csrfToken: request.csrfToken,
    referrals: app.referrals,
    capacity: app.capacity,
    seatSummaries: async (slugs) => (request.user && allows(request.user, 'offer.read') ? seatSummaries(app.capacity, app.catalogue, slugs) : {}),
    progress: app.progress,
    notifications: app.notifications,
    users: app.users,
    offers: app.offers,
    offerEditing: app.offerEditing,
    drafts,
    csrfMatches: (token) => app.csrfMatches(request, token),
    may: (action, object) => request.user !== null && (object ? can(request.user, action, object) : allows(request.user, action)),
    execute: (name, target, input) => app.commands.execute(name, request.user, target, input),
    organisations: app.organisations,
    accounts: app.accounts,
    async changePassword(input) {
      await app.commands.execute('session.change-password', request.user, { token: request.sessionToken ?? undefined }, input);
    },
    async signIn(input) {
      const session = await app.login(request, input);
      return session && { user: session.user, setCookie: app.sessionCookie(session.token) };
    },
    async signOut() {
      await app.logout(request);
      return app.sessionCookie(null);
    },
  });
}
