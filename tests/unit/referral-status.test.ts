/** The referral life cycle: who may move a referral where, with which reasons. */
import { describe, expect, it } from 'vitest';
import {
  FINAL_STATUSES, OPEN_STATUSES, REFERRAL_STATUSES, SEAT_HOLDING, STATUS_LABELS, allowedTransitions, checkTransition,
  holdsSeat, transitionRule, type Actor, type ReferralStatus,
} from '../../core/referrals/status.ts';

const ACTORS: Actor[] = ['caseworker', 'provider', 'system'];

/** The complete table of legal moves, written out independently of the module. */
const LEGAL: Record<ReferralStatus, Partial<Record<Actor, ReferralStatus[]>>> = {
  sent: { provider: ['received', 'accepted', 'declined', 'waitlisted'], system: ['accepted', 'waitlisted'], caseworker: ['withdrawn'] },
  received: { provider: ['accepted', 'declined', 'waitlisted'], caseworker: ['withdrawn'] },
  waitlisted: { provider: ['accepted', 'declined'], system: ['accepted'], caseworker: ['withdrawn'] },
  accepted: { provider: ['started', 'not_started'], caseworker: ['withdrawn'] },
  started: { provider: ['completed', 'dropped_out'] },
  declined: {}, completed: {}, dropped_out: {}, not_started: {}, withdrawn: {},
};
const REASON_REQUIRED: ReferralStatus[] = ['declined', 'dropped_out'];

const cases = REFERRAL_STATUSES.flatMap((from) => ACTORS.flatMap((actor) => REFERRAL_STATUSES.map((to) => ({
  from, to, actor, legal: (LEGAL[from][actor] ?? []).includes(to),
}))));

describe('referral status machine', () => {
  it('labels every status in Danish', () => {
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...REFERRAL_STATUSES].sort());
    expect(STATUS_LABELS.dropped_out).toBe('Afbrudt');
  });

  it.each(REFERRAL_STATUSES.flatMap((from) => ACTORS.map((actor) => ({ from, actor }))))(
    '$actor may move $from to exactly the legal statuses',
    ({ from, actor }) => {
      expect(allowedTransitions(from, actor).sort()).toEqual([...(LEGAL[from][actor] ?? [])].sort());
    },
  );

  it.each(cases.filter((c) => c.legal))('$actor: $from → $to is legal (with a reason where one is required)', ({ from, to, actor }) => {
    expect(checkTransition(from, to, actor, 'Borgeren er flyttet')).toEqual({ ok: true });
    if (REASON_REQUIRED.includes(to)) {
      for (const reason of [undefined, null, '', '   ']) {
        expect(checkTransition(from, to, actor, reason)).toEqual({ ok: false, problem: 'reason_required' });
      }
    } else {
      expect(checkTransition(from, to, actor)).toEqual({ ok: true });
    }
  });

  it('illegal moves are refused with the list of allowed ones', () => {
    const illegal = cases.filter((c) => !c.legal);
    expect(illegal.length).toBeGreaterThan(250);
    for (const { from, to, actor } of illegal) {
      expect(checkTransition(from, to, actor, 'en grund'), `${actor}: ${from} → ${to}`)
        .toEqual({ ok: false, problem: 'illegal', allowed: allowedTransitions(from, actor) });
    }
  });

  it('refuses a caseworker declining and a provider withdrawing', () => {
    expect(checkTransition('sent', 'declined', 'caseworker', 'nej')).toEqual({ ok: false, problem: 'illegal', allowed: ['withdrawn'] });
    expect(checkTransition('accepted', 'withdrawn', 'provider')).toEqual({ ok: false, problem: 'illegal', allowed: ['started', 'not_started'] });
    expect(checkTransition('started', 'withdrawn', 'caseworker')).toEqual({ ok: false, problem: 'illegal', allowed: [] });
  });

  it('requires a reason only for declined and dropped_out', () => {
    const required = REFERRAL_STATUSES.flatMap((from) => REFERRAL_STATUSES.filter((to) => transitionRule(from, to)?.reasonRequired));
    expect([...new Set(required)].sort()).toEqual(REASON_REQUIRED);
  });

  it('has no way out of a final status', () => {
    expect([...FINAL_STATUSES].sort()).toEqual(['completed', 'declined', 'dropped_out', 'not_started', 'withdrawn']);
    for (const from of FINAL_STATUSES) {
      for (const actor of ACTORS) expect(allowedTransitions(from, actor)).toEqual([]);
    }
  });

  it('splits statuses into open and final, and only accepted and started hold a seat', () => {
    expect([...OPEN_STATUSES, ...FINAL_STATUSES].sort()).toEqual([...REFERRAL_STATUSES].sort());
    expect(SEAT_HOLDING).toEqual(['accepted', 'started']);
    expect(REFERRAL_STATUSES.filter(holdsSeat)).toEqual(['accepted', 'started']);
  });
});
