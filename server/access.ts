/**
 * Access rules, in one place. A caseworker sees the referrals of their own jobcentre unit; a provider sees
 * referrals to their own organisation's offers and manages those offers' capacity; an admin sees all.
 */
import type { Offer } from '../src/lib/offer-schema.ts';
import type { Actor } from '../src/lib/referrals/status.ts';

export type Role = 'caseworker' | 'provider' | 'admin';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  unitId: string | null;
}

/** The fields of a referral that decide who may see it. */
export interface ReferralOwnership { unitId: string; providerOrganisationId: string }

export function canSeeReferral(user: SessionUser, referral: ReferralOwnership): boolean {
  switch (user.role) {
    case 'admin': return true;
    case 'caseworker': return referral.unitId === user.unitId;
    case 'provider': return referral.providerOrganisationId === user.organisationId;
  }
}

/** In which capacity the user acts on a referral they can see: the side of the loop they are on. */
export function actorsFor(user: SessionUser, referral: ReferralOwnership): Actor[] {
  if (!canSeeReferral(user, referral)) return [];
  if (user.role === 'admin') return ['provider', 'caseworker'];
  return [user.role];
}

export const canRefer = (user: SessionUser) => user.role === 'caseworker' && user.unitId !== null;

export function canManageOffer(user: SessionUser, offer: Pick<Offer, 'provider'>): boolean {
  return user.role === 'admin' || (user.role === 'provider' && user.organisationId === offer.provider.organisation);
}
