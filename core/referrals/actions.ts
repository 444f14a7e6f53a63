/**
 * The buttons of a referral in the workspace: one per transition, worded for the person who presses it.
 * Which ones show comes from the state machine (allowed next statuses for this user).
 */
import { transitionRule, type ReferralStatus } from './status.ts';

export interface TransitionAction {
  to: ReferralStatus;
  label: string;
  help: string;
  /** What the user is told once it is done. */
  done: string;
  reasonLabel?: string;
  needsCohort?: boolean;
  /** Asked before the action is carried out: every move to a final status (it cannot be undone). */
  confirm?: string;
}

export const TRANSITION_ACTIONS: Record<ReferralStatus, Omit<TransitionAction, 'to'>> = {
  received: { label: 'Markér som modtaget', help: 'Henvisningen er set og bliver vurderet.', done: 'Henvisningen er markeret som modtaget.' },
  accepted: { label: 'Optag borgeren', help: 'Borgeren får en plads.', done: 'Borgeren er optaget.', needsCohort: true },
  declined: { label: 'Afvis henvisningen', help: 'Sagsbehandleren får besked med begrundelsen.', done: 'Henvisningen er afvist, og sagsbehandleren har fået besked.', reasonLabel: 'Begrundelse for afvisning',
    confirm: 'Vil du afvise henvisningen? Sagsbehandleren får begrundelsen, og afvisningen kan ikke fortrydes.' },
  waitlisted: { label: 'Sæt på venteliste', help: 'Borgeren får den næste ledige plads.', done: 'Borgeren er sat på venteliste.' },
  started: { label: 'Borgeren er startet', help: 'Forløbet er i gang.', done: 'Henvisningen er markeret som startet.' },
  completed: { label: 'Forløbet er gennemført', help: 'Husk WHO-5 ved afslutning, før du markerer forløbet gennemført. Skriv derefter den afsluttende rapport.', done: 'Forløbet er markeret som gennemført. Skriv nu den afsluttende rapport.',
    confirm: 'Vil du markere forløbet som gennemført? Derefter kan der ikke registreres WHO-5 eller delmål, og det kan ikke fortrydes.' },
  dropped_out: { label: 'Borgeren har afbrudt', help: 'Pladsen gives videre til ventelisten.', done: 'Forløbet er markeret som afbrudt.', reasonLabel: 'Årsag til afbrud',
    confirm: 'Vil du markere, at borgeren har afbrudt forløbet? Pladsen gives videre, og det kan ikke fortrydes.' },
  not_started: { label: 'Borgeren startede ikke', help: 'Pladsen gives videre til ventelisten.', done: 'Henvisningen er markeret som ikke startet.', reasonLabel: 'Årsag (valgfri)',
    confirm: 'Vil du markere, at borgeren ikke startede? Pladsen gives videre, og det kan ikke fortrydes.' },
  withdrawn: {
    label: 'Træk henvisningen tilbage', help: 'Kan kun ske før forløbet starter.', done: 'Henvisningen er trukket tilbage.',
    reasonLabel: 'Årsag (valgfri)', confirm: 'Vil du trække henvisningen tilbage? Det kan ikke fortrydes.',
  },
  sent: { label: 'Send', help: '', done: 'Henvisningen er sendt.' },
};

/** What the user is told after a recording on the referral page (the non-transition actions). */
export const RECORDING_DONE: Record<string, string> = {
  who5: 'WHO-5 er gemt.',
  subgoal: 'Delmålet er tilføjet.',
  'subgoal-outcome': 'Vurderingen af delmålet er gemt.',
  report: 'Den afsluttende rapport er sendt til sagsbehandleren.',
  propose: 'Forslaget er sendt til sagsbehandleren.',
};

export function actionsFor(from: ReferralStatus, allowed: readonly ReferralStatus[]): TransitionAction[] {
  return allowed.map((to) => {
    const base = TRANSITION_ACTIONS[to];
    const required = transitionRule(from, to)?.reasonRequired ?? false;
    return { to, ...base, reasonLabel: base.reasonLabel ?? (required ? 'Begrundelse' : undefined) };
  });
}
