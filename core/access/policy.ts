/**
 * Who may do what, as data: one table of role × action → the relation the object must have to the user
 * (own unit, own organisation, own, any). Everything else is derived from it: whether a role may ask at
 * all (else 403), whether an object is theirs (else 404 for private objects), the scope of every list
 * query (db/), and the workspace menu. Anything not in the table is refused (fail closed).
 */

export type Role = 'caseworker' | 'provider' | 'editor' | 'admin';
export const ROLES: readonly Role[] = ['caseworker', 'provider', 'editor', 'admin'];

/** The signed-in user as the policy sees them. */
export interface Principal {
  id: number;
  role: Role;
  /** A provider user who may also edit their organisation's offers (the editor role besides their own). */
  alsoEditor?: boolean;
  organisationId: string;
  unitId: string | null;
}

/** Every role the user holds: their own, and the editor role when a provider was given it too. */
export function rolesOf(user: Pick<Principal, 'role' | 'alsoEditor'>): Role[] {
  return user.alsoEditor && user.role !== 'editor' ? [user.role, 'editor'] : [user.role];
}

/** How an object must relate to the user for the action to be allowed on it. */
export type Relation = 'own-unit' | 'own-organisation' | 'own' | 'any';

/** The fields of an object that relations are judged on. */
export interface Ownership { unitId?: string | null; organisationId?: string | null; userId?: number | null }

export const POLICY = {
  /** Refer a citizen (the caseworker's unit becomes the referral's). */
  'referral.create': { caseworker: 'own-unit' },
  /** See referrals: in lists and one by one. */
  'referral.read': { caseworker: 'own-unit', provider: 'own-organisation', admin: 'any' },
  /** The provider's side of a referral: accept, decline, start …, sub-goals, WHO-5, closing report, proposals. */
  'referral.provider-act': { provider: 'own-organisation', admin: 'any' },
  /** The caseworker's side of a referral: withdraw it. */
  'referral.caseworker-act': { caseworker: 'own-unit', admin: 'any' },
  /** The provider's inbox of new referrals. */
  'inbox.read': { provider: 'own-organisation', admin: 'any' },
  /** A citizen's referrals across offers and sectors (parallel courses). */
  'citizen.read': { caseworker: 'own-unit', admin: 'any' },
  /** Offers with availability, cohorts (the API is for professionals). */
  'offer.read': { caseworker: 'any', provider: 'any', editor: 'any', admin: 'any' },
  /** Seats and cohorts of an offer. */
  'capacity.manage': { provider: 'own-organisation', editor: 'own-organisation', admin: 'any' },
  /**
   * An offer's content in the editor: create, save, publish (or submit for approval), archive, restore,
   * its history, confirm it is still correct.
   */
  'offer.edit': { editor: 'own-organisation', admin: 'any' },
  /** Approve (or send back) a change that waits for approval; publish without approval. */
  'offer.approve': { admin: 'any' },
  /** User accounts: create, change role, organisation or unit, deactivate, set a one-time password. */
  'user.manage': { admin: 'any' },
  /** Organisations and jobcentre units (names, sectors, new providers and units). */
  'organisation.manage': { admin: 'any' },
  /** One's own notifications. */
  'notification.own': { caseworker: 'own', provider: 'own', editor: 'own', admin: 'own' },
  /** The installation's state: e-mails that wait or failed, scheduled jobs. */
  'ops.read': { admin: 'any' },
  /** One's own session. */
  'session.own': { caseworker: 'own', provider: 'own', editor: 'own', admin: 'own' },
} as const satisfies Record<string, Partial<Record<Role, Relation>>>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** The relation the role needs for the action, or undefined when the role may never do it. */
export function roleRelation(role: Role, action: Action): Relation | undefined {
  return (POLICY[action] as Partial<Record<Role, Relation>>)[role];
}

/** Broadest first: a user with two roles gets the wider of their relations. */
const BREADTH: readonly Relation[] = ['any', 'own-organisation', 'own-unit', 'own'];

/** The relation the user's roles need for the action, or undefined when none of them may ever do it. */
export function relationFor(user: Pick<Principal, 'role' | 'alsoEditor'>, action: Action): Relation | undefined {
  const relations = rolesOf(user).map((role) => roleRelation(role, action)).filter((r) => r !== undefined);
  return BREADTH.find((r) => relations.includes(r));
}

/** Whether the user's role may do the action at all (on some object). */
export function allows(user: Principal, action: Action): boolean {
  const relation = relationFor(user, action);
  // A relation to one's own unit needs a unit: a caseworker without one does nothing unit-bound.
  return relation !== undefined && (relation !== 'own-unit' || user.unitId !== null);
}

export function relationHolds(user: Principal, relation: Relation, object: Ownership): boolean {
  switch (relation) {
    case 'any': return true;
    case 'own-unit': return user.unitId !== null && object.unitId === user.unitId;
    case 'own-organisation': return object.organisationId === user.organisationId;
    case 'own': return object.userId === user.id;
  }
}

/** Whether the user may do the action on this object. */
export function can(user: Principal, action: Action, object: Ownership): boolean {
  const relation = relationFor(user, action);
  return relation !== undefined && allows(user, action) && relationHolds(user, relation, object);
}

/**
 * Which objects a list may show the user for an action, as a condition the data layer turns into its
 * query: all, those of a unit, an organisation or a user, or none.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'unit'; unitId: string }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'user'; userId: number }
  | { kind: 'none' };

export function scopeOf(user: Principal, action: Action): Scope {
  if (!allows(user, action)) return { kind: 'none' };
  switch (relationFor(user, action)!) {
    case 'any': return { kind: 'all' };
    case 'own-unit': return { kind: 'unit', unitId: user.unitId! };
    case 'own-organisation': return { kind: 'organisation', organisationId: user.organisationId };
    case 'own': return { kind: 'user', userId: user.id };
  }
}

/** Whether an object satisfies a scope (the in-memory twin of the data layer's query condition). */
export function inScope(scope: Scope, object: Ownership): boolean {
  switch (scope.kind) {
    case 'all': return true;
    case 'none': return false;
    case 'unit': return object.unitId === scope.unitId;
    case 'organisation': return object.organisationId === scope.organisationId;
    case 'user': return object.userId === scope.userId;
  }
}
