/** The referral page's buttons: every move that cannot be undone asks first, and every action says what happened. */
import { describe, expect, it } from 'vitest';
import { RECORDING_DONE, TRANSITION_ACTIONS } from '../../core/referrals/actions.ts';
import { FINAL_STATUSES, REFERRAL_STATUSES } from '../../core/referrals/status.ts';

describe('referral actions', () => {
  it('asks before every move to a final status, and only then', () => {
    for (const status of REFERRAL_STATUSES) {
      const asks = Boolean(TRANSITION_ACTIONS[status].confirm);
      expect(asks, status).toBe(FINAL_STATUSES.includes(status));
      if (asks) expect(TRANSITION_ACTIONS[status].confirm, status).toMatch(/kan ikke fortrydes/);
    }
  });

  it('tells the user what happened in a sentence of its own, not a bare "Gemt."', () => {
    const messages = [...Object.values(TRANSITION_ACTIONS).map((a) => a.done), ...Object.values(RECORDING_DONE)];
    for (const message of messages) {
      expect(message).not.toMatch(/^Gemt\.?$/);
      expect(message.split(' ').length, message).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(messages).size).toBe(messages.length);
  });
});
