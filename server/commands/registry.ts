/**
 * Every write of the portal, one command each: what it requires (an action of the access policy, on
 * which object), the input it takes (zod, Danish messages naming the field), and what it does inside a
 * unit of work. The API routes and the workspace pages both run them through `Commands.execute`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Action } from '../../core/access/policy.ts';
import {
  closingReportSchema, cohortPatchSchema, cohortSchema, newReferralSchema, proposalSchema, seatsSchema,
  subGoalOutcomeSchema, subGoalSchema, transitionSchema, who5Schema,
} from '../../core/referrals/schemas.ts';
import { actorsMaking, type ReferralStatus } from '../../core/referrals/status.ts';
import { offerRevertSchema, offerSaveSchema, revisionChoiceSchema } from '../../core/catalogue/editing/schemas.ts';
import {
  accountActiveSchema, accountSchema, newAccountSchema, newOrganisationSchema, oneTimePasswordSchema, organisationUpdateSchema,
  passwordChangeSchema, unitSchema,
} from '../../core/access/accounts.ts';
import { ConflictError } from '../errors.ts';
import { makeOneTimePassword } from '../services/accounts.ts';
import { hashPassword } from '../services/passwords.ts';
import type { SessionUser } from '../access.ts';
import type { ObjectKind } from '../plugins/access.ts';

/** What a command acts on, from the URL: a referral's id, an offer's slug, a cohort's id. */
export interface Target {
  id?: number; slug?: string; cohortId?: number; goalId?: number; unitId?: string;
  /** The session in use (a password change keeps it, and ends the others). */
  token?: string;
}

export interface CommandDefinition<I = unknown, O = unknown, P = unknown> {
  access: { action: Action; object?: ObjectKind };
  input: z.ZodType<I>;
  /**
   * Work that must not hold the unit of work open (hashing a password takes ~50 ms off the event loop, and
   * an SQLite transaction must not wait for anything but the database): runs first, its result goes to `run`.
   */
  prepare?(app: FastifyInstance, user: SessionUser, target: Target, input: I): Promise<P>;
  /** Runs inside the unit of work; throws AppErrors for what the state does not allow. */
  run(app: FastifyInstance, user: SessionUser, target: Target, input: I, prepared: P): Promise<O>;
}

const define = <I, O, P = undefined>(command: CommandDefinition<I, O, P>) => command;

/** The one-time password given, or one made here; hashed before the unit of work. */
async function oneTimePassword(given: string | undefined): Promise<{ password: string; made: boolean; hash: string }> {
  const password = given ?? makeOneTimePassword();
  return { password, made: given === undefined, hash: await hashPassword(password) };
}

/**
 * Records that the user confirmed (or set) the offer's capacity figures; passes the command's result on.
 * Capacity commands reach published offers only (their access object is the live offer).
 */
async function confirmed<R>(app: FastifyInstance, user: SessionUser, target: Target, result: R): Promise<R> {
  const offerId = app.catalogue.offerId(target.slug!);
  if (offerId) await app.offers.markCapacityConfirmed(offerId, user.id, new Date().toISOString());
  return result;
}

/** One command per referral transition; the side that may make it comes from the status table. */
const transition = (to: ReferralStatus) => define({
  access: { action: actorsMaking(to).includes('provider') ? 'referral.provider-act' : 'referral.caseworker-act', object: 'referral' },
  // Nullish: a transition that needs nothing may come without a body.
  input: transitionSchema.nullish().transform((v) => v ?? {}),
  run: (app, user, target, input) => app.referrals.transition(user, target.id!, to, input),
});

const PROVIDER = { action: 'referral.provider-act', object: 'referral' } as const;
const MANAGE_OFFER = { action: 'capacity.manage', object: 'offer' } as const;
const EDIT_OFFER = { action: 'offer.edit', object: 'offer-record' } as const;
const nothing = z.undefined().or(z.null()).or(z.object({}).strict());

export const COMMANDS = {
  'referral.create': define({
    access: { action: 'referral.create' },
    input: newReferralSchema,
    run: (app, user, _target, input) => app.referrals.create(user, input),
  }),
  'referral.receive': transition('received'),
  'referral.accept': transition('accepted'),
  'referral.decline': transition('declined'),
  'referral.waitlist': transition('waitlisted'),
  'referral.start': transition('started'),
  'referral.complete': transition('completed'),
  'referral.drop-out': transition('dropped_out'),
  'referral.not-started': transition('not_started'),
  'referral.withdraw': transition('withdrawn'),
  'referral.add-sub-goal': define({
    access: PROVIDER, input: subGoalSchema,
    run: (app, user, target, input) => app.progress.addSubGoal(user, target.id!, input.text),
  }),
  'referral.judge-sub-goal': define({
    access: PROVIDER, input: subGoalOutcomeSchema,
    run: (app, user, target, input) => app.progress.setSubGoalOutcome(user, target.id!, target.goalId!, input.outcome),
  }),
  'referral.record-who5': define({
    access: PROVIDER, input: who5Schema,
    run: (app, user, target, input) => app.progress.recordWho5(user, target.id!, input.phase, input.items),
  }),
  'referral.write-closing-report': define({
    access: PROVIDER, input: closingReportSchema,
    run: (app, user, target, input) => app.progress.writeClosingReport(user, target.id!, input),
  }),
  'referral.propose': define({
    access: PROVIDER, input: proposalSchema,
    run: (app, user, target, input) => app.progress.propose(user, target.id!, input),
  }),
  // Setting seats or cohorts states the figures: that confirms them too (capacity freshness).
  'offer.set-seats': define({
    access: MANAGE_OFFER, input: seatsSchema,
    run: async (app, user, target, input) => confirmed(app, user, target, await app.capacity.setSeats(user, target.slug!, input.seats)),
  }),
  'offer.create-cohort': define({
    access: MANAGE_OFFER, input: cohortSchema,
    run: async (app, user, target, input) => confirmed(app, user, target, await app.capacity.createCohort(user, target.slug!, input)),
  }),
  'offer.update-cohort': define({
    access: MANAGE_OFFER, input: cohortPatchSchema,
    run: async (app, user, target, input) => confirmed(app, user, target, await app.capacity.updateCohort(user, target.slug!, target.cohortId!, input)),
  }),
  'offer.delete-cohort': define({
    access: MANAGE_OFFER, input: nothing,
    run: async (app, user, target) => { await app.capacity.deleteCohort(user, target.slug!, target.cohortId!); return confirmed(app, user, target, null); },
  }),
  /** "The figures are right": one click on the capacity page. */
  'offer.confirm-capacity': define({
    access: MANAGE_OFFER, input: nothing,
    run: async (app, user, target) => confirmed(app, user, target, { confirmedAt: new Date().toISOString() }),
  }),
  /** "Still correct": one click in the review list. */
  'offer.confirm-review': define({
    access: EDIT_OFFER, input: nothing,
    run: (app, user, target) => app.offerEditing.confirmReview(user, target.slug!),
  }),
  'offer.create': define({
    access: { action: 'offer.edit' }, input: offerSaveSchema,
    run: (app, user, _target, input) => app.offerEditing.create(user, input),
  }),
  'offer.save': define({
    access: EDIT_OFFER, input: offerSaveSchema,
    run: (app, user, target, input) => app.offerEditing.save(user, target.slug!, input),
  }),
  'offer.revert': define({
    access: EDIT_OFFER, input: offerRevertSchema,
    run: (app, user, target, input) => app.offerEditing.revert(user, target.slug!, input),
  }),
  'offer.archive': define({
    access: EDIT_OFFER, input: nothing,
    run: (app, _user, target) => app.offerEditing.archive(target.slug!),
  }),
  'offer.restore': define({
    access: EDIT_OFFER, input: nothing,
    run: (app, _user, target) => app.offerEditing.restore(target.slug!),
  }),
  'offer.approve': define({
    access: { action: 'offer.approve', object: 'offer-record' }, input: revisionChoiceSchema,
    run: (app, _user, target, input) => app.offerEditing.approve(target.slug!, input.revisionId),
  }),
  'offer.reject': define({
    access: { action: 'offer.approve', object: 'offer-record' }, input: revisionChoiceSchema,
    run: (app, _user, target, input) => app.offerEditing.reject(target.slug!, input.revisionId),
  }),
  'organisation.create': define({
    access: { action: 'organisation.manage' }, input: newOrganisationSchema,
    run: (app, _user, _target, input) => app.organisations.create(input),
  }),
  'organisation.update': define({
    access: { action: 'organisation.manage' }, input: organisationUpdateSchema,
    run: (app, _user, target, input) => app.organisations.update(target.slug!, input),
  }),
  'organisation.add-unit': define({
    access: { action: 'organisation.manage' }, input: unitSchema,
    run: (app, _user, target, input) => app.organisations.addUnit(target.slug!, input.name),
  }),
  'organisation.rename-unit': define({
    access: { action: 'organisation.manage' }, input: unitSchema,
    run: (app, _user, target, input) => app.organisations.renameUnit(target.slug!, target.unitId!, input.name),
  }),
  'user.create': define({
    access: { action: 'user.manage' }, input: newAccountSchema,
    prepare: (_app, _user, _target, input) => oneTimePassword(input.oneTimePassword),
    run: (app, _user, _target, input, password) => app.accounts.create(input, password),
  }),
  'user.update': define({
    access: { action: 'user.manage' }, input: accountSchema,
    run: (app, _user, target, input) => app.accounts.update(target.id!, input),
  }),
  'user.set-active': define({
    access: { action: 'user.manage' }, input: accountActiveSchema,
    run: (app, user, target, input) => {
      if (target.id === user.id && !input.active) throw new ConflictError('Du kan ikke deaktivere din egen konto');
      return app.accounts.setActive(target.id!, input.active);
    },
  }),
  'user.reset-password': define({
    access: { action: 'user.manage' }, input: oneTimePasswordSchema,
    prepare: (_app, _user, _target, input) => oneTimePassword(input.oneTimePassword),
    run: (app, _user, target, _input, password) => app.accounts.resetPassword(target.id!, password),
  }),
  /** One's own new password (the demand after a one-time password, or any time). */
  'session.change-password': define({
    access: { action: 'session.own' }, input: passwordChangeSchema,
    prepare: async (app, user, _target, input) => {
      await app.users.checkPassword(user.id, input.currentPassword);
      return hashPassword(input.newPassword);
    },
    run: async (app, user, target, _input, passwordHash) => { await app.users.changePassword(user.id, target.token ?? null, passwordHash); return null; },
  }),
  'notification.read': define({
    access: { action: 'notification.own', object: 'notification' }, input: nothing,
    run: async (app, user, target) => { await app.notifications.markRead(user.id, target.id!); return null; },
  }),
  'notification.read-all': define({
    access: { action: 'notification.own' }, input: nothing,
    run: async (app, user) => ({ marked: await app.notifications.markAllRead(user.id) }),
  }),
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own input type
} satisfies Record<string, CommandDefinition<any, unknown, any>>;

export type CommandName = keyof typeof COMMANDS;

/** A command's access requirement, for the route that runs it (the route hooks check it before validation). */
export const commandAccess = (name: CommandName) => COMMANDS[name].access;
export type CommandInput<N extends CommandName> = z.input<(typeof COMMANDS)[N]['input']>;
export type CommandResult<N extends CommandName> = Awaited<ReturnType<(typeof COMMANDS)[N]['run']>>;

