/**
 * Reads kept until the data changes (server/plugins/read-cache.ts): a kept answer is only ever served to
 * the user it was made for, and never after a write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { act, type Cast, OFFERS, refer, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

describe('kept reads', () => {
  it('answers a repeated read the same, and shows a change at once', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    const first = await cast.caseworker.get(`/api/v1/referrals/${referral.id}`);
    const again = await cast.caseworker.get(`/api/v1/referrals/${referral.id}`);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    await act(cast.provider, referral.id, ['receive']);
    expect((await cast.caseworker.get(`/api/v1/referrals/${referral.id}`)).body.status).toBe('received');
  });

  it('serves each user their own answer for the same URL', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    const url = `/api/v1/referrals/${referral.id}`;
    const asCaseworker = (await cast.caseworker.get(url)).body;
    const asProvider = (await cast.provider.get(url)).body;
    expect(asCaseworker.nextStatuses).toEqual(['withdrawn']);
    expect(asProvider.nextStatuses).toContain('accepted');
    expect(asProvider.nextStatuses).not.toContain('withdrawn');
    // Someone who may not see it gets 404, even while the owner's answer is kept.
    expect((await cast.caseworker.get(url)).status).toBe(200);
    expect((await cast.otherCaseworker.get(url)).status).toBe(404);
    expect((await cast.otherProvider.get(url)).status).toBe(404);
    expect((await cast.anonymous.get(url)).status).toBe(401);
  });
});
