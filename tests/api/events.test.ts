/**
 * Referral events (server/events.ts): what follows from a write is written in its transaction, by the
 * handlers, in order; a handler that fails undoes the write it belongs to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralEvent } from '../../core/referrals/events.ts';
import type { TestApp } from '../helpers/app.ts';
import { act, type Cast, OFFERS, refer, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
const seen: ReferralEvent[] = [];
let failOn: string | null = null;
beforeAll(async () => {
  ({ t, cast } = await startAppWithCast());
  t.app.referralEvents.on(async (_tx, event, recorded) => {
    seen.push(event);
    if (event.type === 'status-changed') expect(recorded.historyId).toEqual(expect.any(Number)); // the history handler ran first
    if (event.type === 'status-changed' && failOn !== null && event.reason === failOn) throw new Error('audit store unavailable');
  });
});
afterAll(async () => { await t.close(); });

describe('referral events', () => {
  it('announce every status change, report and proposal to the handlers', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, r.id, ['accept', 'start', 'complete']);
    await cast.provider.put(`/api/v1/referrals/${r.id}/closing-report`, { summary: 'Borgeren har gennemført forløbet med godt udbytte.' });
    await cast.provider.post(`/api/v1/referrals/${r.id}/proposals`, { offerSlug: OFFERS.assessedSeats2, reason: 'Et længere forløb vil hjælpe' });
    const mine = seen.filter((e) => e.referral.id === r.id);
    expect(mine.map((e) => (e.type === 'status-changed' ? e.to : e.type)))
      .toEqual(['sent', 'accepted', 'started', 'completed', 'closing-report-written', 'proposal-made']);
    const history = (await cast.caseworker.get(`/api/v1/referrals/${r.id}/history`)).body.items;
    expect(history.map((h: { to: string }) => h.to)).toEqual(['sent', 'accepted', 'started', 'completed']);
  });

  it('undo the write when a handler fails: no status change, no history row, no notice', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    const notices = async () => (await cast.caseworker.get('/api/v1/notifications')).body.items.filter((n: { referralId: number }) => n.referralId === r.id).length;
    const before = await notices();
    failOn = 'Borgeren passer bedre til et andet tilbud';
    try {
      const res = await cast.provider.post(`/api/v1/referrals/${r.id}/decline`, { reason: failOn });
      expect(res.status).toBe(500);
    } finally {
      failOn = null;
    }
    expect((await cast.caseworker.get(`/api/v1/referrals/${r.id}`)).body.status).toBe('sent');
    expect((await cast.caseworker.get(`/api/v1/referrals/${r.id}/history`)).body.items).toHaveLength(1);
    expect(await notices()).toBe(before);
  });
});
