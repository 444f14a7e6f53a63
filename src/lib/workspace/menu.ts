/**
 * The workspace menu, derived from the access policy: a link shows when the user's role may do what the
 * page is for, the same action the page itself requires (requireUser).
 */
import type { Action, Principal } from '../../../core/access/policy.ts';

interface MenuLink { href: string; label: (user: Principal) => string; action: Action }

export const WORKSPACE_MENU: readonly MenuLink[] = [
  { href: '/arbejde/indbakke', label: () => 'Indbakke', action: 'inbox.read' },
  { href: '/arbejde/henvisninger', label: (u) => (u.role === 'caseworker' ? 'Mine henvisninger' : 'Alle henvisninger'), action: 'referral.read' },
  { href: '/arbejde/borger', label: () => 'Borgeroverblik', action: 'citizen.read' },
  { href: '/arbejde/notifikationer', label: () => 'Notifikationer', action: 'notification.own' },
  { href: '/arbejde/kapacitet', label: () => 'Kapacitet', action: 'capacity.manage' },
  { href: '/arbejde/tilbud', label: () => 'Tilbud', action: 'offer.edit' },
  { href: '/arbejde/gennemsyn', label: () => 'Til gennemsyn', action: 'offer.edit' },
  { href: '/arbejde/godkendelser', label: () => 'Godkendelser', action: 'offer.approve' },
  { href: '/arbejde/brugere', label: () => 'Brugere', action: 'user.manage' },
  { href: '/arbejde/organisationer', label: () => 'Organisationer', action: 'organisation.manage' },
];

/** The links the user may follow; `may` is the policy's verdict for this user (Astro.locals.workspace.may). */
export function menuFor(user: Principal, may: (action: Action) => boolean): { href: string; label: string }[] {
  return WORKSPACE_MENU.filter((link) => may(link.action)).map((link) => ({ href: link.href, label: link.label(user) }));
}
