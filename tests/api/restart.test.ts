/**
 * Durability: referrals written through the API are all there after the app is closed and a new app
 * opens the same database file: statuses, history, consent, capacity, notifications and sessions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { act, addDays, Api, injectTransport, loginCast, OFFERS, refer, todayIso, type Cast, type Json } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-restart-'));
const env = { DATABASE_PATH: path.join(dir, 'portal.db'), SESSION_SECRET: 'restart-test-secret-0123456789abcdef' };
let running: TestApp | undefined;
afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<TestApp> {
  running = await startTestApp({ env });
  return running;
}

/** Everything a user can read about the referrals, through the API. */
async function snapshot(cast: Cast) {
  const referrals = (await cast.admin.get('/api/v1/referrals?pageSize=100&order=oldest')).body;
  const histories: Json[] = [];
  for (const r of referrals.items) histories.push((await cast.admin.get(`/api/v1/referrals/${r.id}/history`)).body.items);
  const details: Json[] = [];
  for (const r of referrals.items) details.push((await cast.provider.get(`/api/v1/referrals/${r.id}`)).body);
  return {
    referrals,
    histories,
    details,
    notifications: (await cast.caseworker.get('/api/v1/notifications')).body,
    cohorts: (await cast.provider.get(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`)).body,
    seats: (await cast.provider.get(`/api/v1/offers/${OFFERS.assessedSeats}`)).body.availability,
  };
}

describe('restart', () => {
  it('finds every referral, its history and the notifications again after a restart on the same file', async () => {
    const first = await start();
    const cast = await loginCast(injectTransport(first.app));
    expect((await cast.provider.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, { seats: 2 })).status).toBe(200);
    const cohort = (await cast.provider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, { startsOn: addDays(todayIso(), 50), endsOn: addDays(todayIso(), 90), seats: 4 })).body;

    const done = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, done.id, ['receive', 'accept', 'start']);
    await act(cast.provider, done.id, ['drop-out'], { reason: 'Borgeren er flyttet' });
    const ongoing = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, ongoing.id, ['accept', 'start']);
    await cast.provider.put(`/api/v1/referrals/${ongoing.id}/who5`, { phase: 'start', items: [2, 3, 3, 2, 1] });
    await cast.provider.post(`/api/v1/referrals/${ongoing.id}/sub-goals`, { text: 'Gå en tur hver dag' });
    const declined = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, declined.id, ['decline'], { reason: 'Ikke i målgruppen' });
    const inCohort = await refer(cast.otherCaseworker, OFFERS.assessedCohorts);
    await act(cast.provider, inCohort.id, ['accept'], { cohortId: cohort.id });
    const withdrawn = await refer(cast.caseworker, OFFERS.assessedCohorts);
    await act(cast.caseworker, withdrawn.id, ['withdraw'], { reason: 'Borgeren har fået job' });
    const waiting = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, waiting.id, ['waitlist']);
    const fresh = await refer(cast.caseworker, OFFERS.assessedSeats2);

    const before = await snapshot(cast);
    expect(before.referrals.total).toBe(7);
    expect(before.referrals.items.map((r: Json) => r.status)).toEqual(['dropped_out', 'started', 'declined', 'accepted', 'withdrawn', 'waitlisted', 'sent']);
    expect(before.notifications.unread).toBeGreaterThan(5);
    expect(fresh.status).toBe('sent');
    const users = await first.app.users.count();
    await first.close();
    running = undefined;

    const second = await start();
    // The sessions live in the database, so the old cookies still work with the same secret …
    const again: Cast = Object.fromEntries(Object.entries(cast).map(([role, api]) => [role, new Api(injectTransport(second.app), api.session)])) as unknown as Cast;
    expect((await again.caseworker.get('/api/v1/auth/session')).body.user.email).toBe(cast.caseworker.user.email);
    const after = await snapshot(again);
    expect(after).toEqual(before);
    // … and the app goes on from where it was: a new referral gets the next id, the demo is not seeded twice.
    const next = await refer(again.caseworker, OFFERS.assessedSeats2);
    expect(next.id).toBe(Math.max(...before.referrals.items.map((r: Json) => r.id)) + 1);
    const [counts] = await second.app.engine.query(
      'select (select cast(count(*) as integer) from users) as users, (select cast(count(*) as integer) from cohorts where offer_slug = ?) as cohorts', [OFFERS.assessedCohorts]);
    expect(counts).toEqual({ users, cohorts: before.cohorts.items.length });
    if (second.app.database) expect(second.app.database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
