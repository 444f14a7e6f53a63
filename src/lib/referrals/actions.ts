/**
 * The buttons of a referral in the workspace: one per transition, worded for the person who presses it.
 * Which ones show comes from the state machine (allowed next statuses for this user).
 */
import { transitionRule, type ReferralStatus } from './status.ts';

export interface TransitionAction { to: ReferralStatus; label: string; help: string; reasonLabel?: string; needsCohort?: boolean }

export const TRANSITION_ACTIONS: Record<ReferralStatus, Omit<TransitionAction, 'to'>> = {
  received: { label: 'Markér som modtaget', help: 'Henvisningen er set og bliver vurderet.' },
  accepted: { label: 'Optag borgeren', help: 'Borgeren får en plads.', needsCohort: true },
  declined: { label: 'Afvis henvisningen', help: 'Sagsbehandleren får besked med begrundelsen.', reasonLabel: 'Begrundelse for afvisning' },
  waitlisted: { label: 'Sæt på venteliste', help: 'Borgeren får den næste ledige plads.' },
  started: { label: 'Borgeren er startet', help: 'Forløbet er i gang.' },
  completed: { label: 'Forløbet er gennemført', help: 'Skriv derefter den afsluttende rapport.' },
  dropped_out: { label: 'Borgeren har afbrudt', help: 'Pladsen gives videre til ventelisten.', reasonLabel: 'Årsag til afbrud' },
  not_started: { label: 'Borgeren startede ikke', help: 'Pladsen gives videre til ventelisten.', reasonLabel: 'Årsag (valgfri)' },
  withdrawn: { label: 'Træk henvisningen tilbage', help: 'Kan kun ske før forløbet starter.', reasonLabel: 'Årsag (valgfri)' },
  sent: { label: 'Send', help: '' },
};

export function actionsFor(from: ReferralStatus, allowed: readonly ReferralStatus[]): TransitionAction[] {
  return allowed.map((to) => {
    const base = TRANSITION_ACTIONS[to];
    const required = transitionRule(from, to)?.reasonRequired ?? false;
    return { to, ...base, reasonLabel: base.reasonLabel ?? (required ? 'Begrundelse' : undefined) };
  });
}
