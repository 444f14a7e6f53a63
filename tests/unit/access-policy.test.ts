/** The access policy (core/access/policy.ts): fail closed, relations, scopes, and their agreement. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, POLICY, ROLES, allows, can, inScope, scopeOf, type Principal } from '../../core/access/policy.ts';
import { WORKSPACE_MENU, menuFor } from '../../src/lib/workspace/menu.ts';

const caseworker: Principal = { id: 1, role: 'caseworker', organisationId: 'jobcenter', unitId: 'enhed-a' };
const provider: Principal = { id: 2, role: 'provider', organisationId: 'udbyder-a', unitId: null };
const admin: Principal = { id: 3, role: 'admin', organisationId: 'kommunen', unitId: null };

describe('the access policy', () => {
  it('refuses what the table does not name', () => {
    expect(allows(provider, 'referral.create')).toBe(false);
    expect(allows(caseworker, 'inbox.read')).toBe(false);
    expect(allows({ ...caseworker, role: 'auditor' as never }, 'offer.read')).toBe(false);
    // A caseworker without a unit can do nothing bound to one.
    expect(allows({ ...caseworker, unitId: null }, 'referral.create')).toBe(false);
    expect(scopeOf({ ...caseworker, unitId: null }, 'referral.read')).toEqual({ kind: 'none' });
  });

  it('judges objects by their relation to the user', () => {
    const ownReferral = { unitId: 'enhed-a', organisationId: 'udbyder-a' };
    const otherReferral = { unitId: 'enhed-b', organisationId: 'udbyder-b' };
    expect(can(caseworker, 'referral.read', ownReferral)).toBe(true);
    expect(can(caseworker, 'referral.read', otherReferral)).toBe(false);
    expect(can(provider, 'referral.provider-act', ownReferral)).toBe(true);
    expect(can(provider, 'referral.provider-act', otherReferral)).toBe(false);
    expect(can(caseworker, 'referral.provider-act', ownReferral)).toBe(false);
    expect(can(admin, 'referral.provider-act', otherReferral)).toBe(true);
    expect(can(caseworker, 'notification.own', { userId: 1 })).toBe(true);
    expect(can(admin, 'notification.own', { userId: 1 })).toBe(false);
  });

  it('gives lists exactly the objects it lets the user see one by one', () => {
    const principal = fc.record({
      id: fc.integer({ min: 1, max: 3 }),
      role: fc.constantFrom(...ROLES),
      organisationId: fc.constantFrom('o1', 'o2'),
      unitId: fc.constantFrom(null, 'u1', 'u2'),
    });
    const object = fc.record({ unitId: fc.constantFrom('u1', 'u2'), organisationId: fc.constantFrom('o1', 'o2'), userId: fc.integer({ min: 1, max: 3 }) });
    fc.assert(fc.property(principal, object, fc.constantFrom(...ACTIONS), (user, obj, action) =>
      inScope(scopeOf(user, action), obj) === can(user, action, obj)));
  });

  it('derives the menu from the same actions the pages require', () => {
    expect(menuFor(caseworker, (a) => allows(caseworker, a)).map((l) => l.href)).toEqual(['/arbejde/henvisninger', '/arbejde/borger', '/arbejde/notifikationer']);
    expect(menuFor(provider, (a) => allows(provider, a)).map((l) => l.href)).toEqual(['/arbejde/indbakke', '/arbejde/henvisninger', '/arbejde/notifikationer', '/arbejde/kapacitet']);
    expect(menuFor(admin, (a) => allows(admin, a))).toHaveLength(WORKSPACE_MENU.length);
    for (const link of WORKSPACE_MENU) expect(Object.keys(POLICY)).toContain(link.action);
  });
});
