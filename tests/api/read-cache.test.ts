/**
 * Reads kept until the data changes (server/plugins/read-cache.ts): a kept answer is only ever served to
 * the user it was made for, and never after a write.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ENGINE, type TestApp } from '../helpers/app.ts';
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

describe('kept reads and other writers', () => {
  // On PostgreSQL no read is kept (READ_CACHE needs SQLite's data version), so there is nothing to go stale.
  it.skipIf(TEST_ENGINE === 'postgres')('sees a write made by another process on the same database at once (SQLite file)', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    const url = `/api/v1/referrals/${referral.id}`;
    expect((await cast.caseworker.get(url)).body.status).toBe('sent');
    expect((await cast.caseworker.get(url)).body.status).toBe('sent'); // now kept
    // Another connection stands in for a second app process (or an operator's SQL) on the same file.
    const other = new Database(t.config.databasePath);
    try {
      other.prepare("update referrals set status = 'received' where id = ?").run(referral.id);
    } finally {
      other.close();
    }
    expect((await cast.caseworker.get(url)).body.status).toBe('received');
  });

  it('computes every read when READ_CACHE=false', async () => {
    const off = await startTestApp({ env: { READ_CACHE: 'false' } });
    try {
      expect(off.config.readCache).toBe(false);
      const login = await off.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@aadal.example.dk', password: 'demo-adgang-2026' } });
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const read = () => off.app.inject({ method: 'GET', url: '/api/v1/offers?pageSize=1', headers: { cookie } });
      expect((await read()).statusCode).toBe(200);
      expect((await read()).json().total).toBeGreaterThan(0);
    } finally {
      await off.close();
    }
  });
});
