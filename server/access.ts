/**
 * The policy (core/access/policy.ts) as the services use it on referrals and offers: who may see a
 * referral, on which side of the loop a user acts on it, and who manages an offer's capacity.
 */
import { can, type Principal, type Role } from '../core/access/policy.ts';
import type { Offer } from '../core/catalogue/offer-schema.ts';
import type { Actor } from '../core/referrals/status.ts';

export type { Role };

export interface SessionUser extends Principal {
  email: string;
  name: string;
  /** Signed in with a one-time password: must choose a new one before anything else. */
  mustChangePassword?: boolean;
}

/** The fields of a referral that decide who may see it. */
export interface ReferralOwnership { unitId: string; providerOrganisationId: string }

/** A referral's owners as the policy judges them: the referring unit and the provider organisation. */
export const referralOwnership = (referral: ReferralOwnership) => ({ unitId: referral.unitId, organisationId: referral.providerOrganisationId });

export function canSeeReferral(user: SessionUser, referral: ReferralOwnership): boolean {
  return can(user, 'referral.read', referralOwnership(referral));
}

/** In which capacity the user acts on a referral: the sides of the loop the policy lets them act on. */
export function actorsFor(user: SessionUser, referral: ReferralOwnership): Actor[] {
  const owner = referralOwnership(referral);
  const actors: Actor[] = [];
  if (can(user, 'referral.provider-act', owner)) actors.push('provider');
  if (can(user, 'referral.caseworker-act', owner)) actors.push('caseworker');
  return actors;
}

export const canRefer = (user: SessionUser) => can(user, 'referral.create', { unitId: user.unitId });

export function canManageOffer(user: SessionUser, offer: Pick<Offer, 'provider'>): boolean {
  return can(user, 'capacity.manage', { organisationId: offer.provider.organisation });
}
