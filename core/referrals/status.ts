/**
 * The life cycle of a referral, in one place: statuses, their Danish labels, the legal transitions, who
 * may make each one, and which statuses hold a seat. The API enforces it; the workspaces word it.
 */

export const REFERRAL_STATUSES = [
  'sent', 'received', 'accepted', 'declined', 'waitlisted', 'started', 'completed', 'dropped_out', 'not_started', 'withdrawn',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  sent: 'Sendt',
  received: 'Modtaget',
  accepted: 'Optaget',
  declined: 'Afvist',
  waitlisted: 'Venteliste',
  started: 'Startet',
  completed: 'Gennemført',
  dropped_out: 'Afbrudt',
  not_started: 'Ikke startet',
  withdrawn: 'Trukket tilbage',
};

/** Who makes a transition: the referring caseworker, the offer's provider, or the system itself. */
export type Actor = 'caseworker' | 'provider' | 'system';

interface Transition { to: ReferralStatus; by: readonly Actor[]; reasonRequired?: boolean }

const TRANSITIONS: Record<ReferralStatus, readonly Transition[]> = {
  sent: [
    { to: 'received', by: ['provider'] },
    { to: 'accepted', by: ['provider', 'system'] },
    { to: 'declined', by: ['provider'], reasonRequired: true },
    { to: 'waitlisted', by: ['provider', 'system'] },
    { to: 'withdrawn', by: ['caseworker'] },
  ],
  received: [
    { to: 'accepted', by: ['provider'] },
    { to: 'declined', by: ['provider'], reasonRequired: true },
    { to: 'waitlisted', by: ['provider'] },
    { to: 'withdrawn', by: ['caseworker'] },
  ],
  waitlisted: [
    { to: 'accepted', by: ['provider', 'system'] },
    { to: 'declined', by: ['provider'], reasonRequired: true },
    { to: 'withdrawn', by: ['caseworker'] },
  ],
  accepted: [
    { to: 'started', by: ['provider'] },
    { to: 'not_started', by: ['provider'] },
    { to: 'withdrawn', by: ['caseworker'] },
  ],
  started: [
    { to: 'completed', by: ['provider'] },
    { to: 'dropped_out', by: ['provider'], reasonRequired: true },
  ],
  declined: [],
  completed: [],
  dropped_out: [],
  not_started: [],
  withdrawn: [],
};

/** Statuses in which a referral occupies a seat (of its cohort, or of the offer's continuous seats). */
export const SEAT_HOLDING: readonly ReferralStatus[] = ['accepted', 'started'];
export const OPEN_STATUSES: readonly ReferralStatus[] = ['sent', 'received', 'waitlisted', 'accepted', 'started'];
export const FINAL_STATUSES: readonly ReferralStatus[] = REFERRAL_STATUSES.filter((s) => TRANSITIONS[s].length === 0);

/** The provider's inbox: referrals not yet decided on, newest first. */
export const INBOX_STATUSES: readonly ReferralStatus[] = ['sent', 'received'];

export const holdsSeat = (status: ReferralStatus) => SEAT_HOLDING.includes(status);
export const isOpen = (status: ReferralStatus) => OPEN_STATUSES.includes(status);

/**
 * What the provider may record on a referral in each status, besides moving it on. Nothing is added after
 * a final status: sub-goals and WHO-5 belong to a course that is ahead or running (the end WHO-5 is taken
 * before the course is marked completed); the outcome of a sub-goal may still be judged once it has ended,
 * and the closing report is written then. Another offer may be proposed at any point, also with a
 * refusal or after the course (re-assessment), but not once the caseworker has withdrawn the referral.
 */
export const RECORDING_RULES = {
  subGoal: ['accepted', 'started'],
  subGoalOutcome: ['started', 'completed', 'dropped_out'],
  who5Start: ['accepted', 'started'],
  who5End: ['started'],
  closingReport: ['completed', 'dropped_out', 'not_started'],
  proposal: REFERRAL_STATUSES.filter((s) => s !== 'withdrawn'),
} as const satisfies Record<string, readonly ReferralStatus[]>;
export type Recording = keyof typeof RECORDING_RULES;

export const mayRecord = (what: Recording, status: ReferralStatus): boolean =>
  (RECORDING_RULES[what] as readonly ReferralStatus[]).includes(status);

/** The verb of each move: the API's URL (`/referrals/:id/accept`) and the command (`referral.accept`). */
export const TRANSITION_VERBS = {
  received: 'receive', accepted: 'accept', declined: 'decline', waitlisted: 'waitlist', started: 'start',
  completed: 'complete', dropped_out: 'drop-out', not_started: 'not-started', withdrawn: 'withdraw',
} as const satisfies Partial<Record<ReferralStatus, string>>;
export type TransitionVerb = (typeof TRANSITION_VERBS)[keyof typeof TRANSITION_VERBS];

/** Who (besides the system) ever moves a referral to `to`: the side of the loop whose action it is. */
export function actorsMaking(to: ReferralStatus): Actor[] {
  const actors = REFERRAL_STATUSES.flatMap((from) => TRANSITIONS[from].filter((t) => t.to === to).flatMap((t) => t.by));
  return [...new Set(actors)].filter((a) => a !== 'system');
}

/** The statuses `actor` may move a referral to from `from`. */
export function allowedTransitions(from: ReferralStatus, actor: Actor): ReferralStatus[] {
  return TRANSITIONS[from].filter((t) => t.by.includes(actor)).map((t) => t.to);
}

export function transitionRule(from: ReferralStatus, to: ReferralStatus): Transition | undefined {
  return TRANSITIONS[from].find((t) => t.to === to);
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; problem: 'illegal'; allowed: ReferralStatus[] }
  | { ok: false; problem: 'reason_required' };

export function checkTransition(from: ReferralStatus, to: ReferralStatus, actor: Actor, reason?: string | null): TransitionCheck {
  const rule = transitionRule(from, to);
  if (!rule || !rule.by.includes(actor)) return { ok: false, problem: 'illegal', allowed: allowedTransitions(from, actor) };
  if (rule.reasonRequired && !reason?.trim()) return { ok: false, problem: 'reason_required' };
  return { ok: true };
}
