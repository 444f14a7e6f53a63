/**
 * Capacity: providers create and change cohorts and seats of their own offers only; the offers list shows
 * live availability (free seats per cohort, waitlist length) and filters on free seats; more seats move
 * the waitlist up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { act, addDays, type Cast, type Json, OFFERS, refer, startAppWithCast, todayIso } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

/** Direct intake, continuous seats, of the provider's organisation. */
const DIRECT_SEATS = 'mindfulness-online';

const offerInList = async (slug: string, query = '') => {
  const res = await cast.caseworker.get(`/api/v1/offers${query}${query ? '&' : '?'}pageSize=100`);
  expect(res.status).toBe(200);
  return (res.body.items as Json[]).find((o) => o.slug === slug);
};
const cohortsOf = async (slug: string) => (await cast.provider.get(`/api/v1/offers/${slug}/cohorts`)).body;
const cohortBody = (inDays: number, seats?: number) => ({ startsOn: addDays(todayIso(), inDays), endsOn: addDays(todayIso(), inDays + 42), ...(seats === undefined ? {} : { seats }) });

describe('cohorts', () => {
  it('lets the provider create a cohort on their own offer, and shows it with its free seats', async () => {
    const res = await cast.provider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, cohortBody(300, 7));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ offerSlug: OFFERS.assessedCohorts, startsOn: addDays(todayIso(), 300), seats: 7 });
    const listed = await cohortsOf(OFFERS.assessedCohorts);
    expect(listed.items.map((c: Json) => c.id)).toContain(res.body.id);
    expect(listed.availability.cohorts).toContainEqual({ id: res.body.id, startsOn: res.body.startsOn, endsOn: res.body.endsOn, seats: 7, taken: 0, free: 7 });
    const offer = await offerInList(OFFERS.assessedCohorts);
    expect(offer.availability.cohorts.find((c: Json) => c.id === res.body.id).free).toBe(7);
  });

  it('uses the offer’s seats per cohort when none are given', async () => {
    const res = await cast.provider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, cohortBody(310));
    expect(res.status).toBe(201);
    expect(res.body.seats).toBe(20);
  });

  it('refuses cohorts on other organisations’ offers and to caseworkers (403), and on a continuous offer (409)', async () => {
    expect((await cast.otherProvider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, cohortBody(320, 5))).status).toBe(403);
    expect((await cast.caseworker.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, cohortBody(320, 5))).status).toBe(403);
    const continuous = await cast.provider.post(`/api/v1/offers/${OFFERS.assessedSeats}/cohorts`, cohortBody(320, 5));
    expect(continuous.status).toBe(409);
    expect(continuous.body.model).toBe('seats');
  });

  it('changes a cohort’s seats and dates, never below the seats taken', async () => {
    const cohort = (await cast.provider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, cohortBody(330, 3))).body;
    for (let i = 0; i < 2; i++) {
      const r = await refer(cast.caseworker, OFFERS.assessedCohorts);
      await act(cast.provider, r.id, ['accept'], { cohortId: cohort.id });
    }
    const url = `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts/${cohort.id}`;
    const tooFew = await cast.provider.patch(url, { seats: 1 });
    expect(tooFew.status).toBe(409);
    expect(tooFew.body.taken).toBe(2);
    const ok = await cast.provider.patch(url, { seats: 2, endsOn: addDays(todayIso(), 400) });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ seats: 2, endsOn: addDays(todayIso(), 400) });
    const backwards = await cast.provider.patch(url, { endsOn: addDays(todayIso(), 1) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.fields.map((f: Json) => f.field)).toEqual(['endsOn']);
    expect((await cast.otherProvider.patch(url, { seats: 10 })).status).toBe(403);
    const after = (await cohortsOf(OFFERS.assessedCohorts)).availability.cohorts.find((c: Json) => c.id === cohort.id);
    expect(after).toMatchObject({ seats: 2, taken: 2, free: 0 });
    // A cohort with referrals cannot be deleted; an empty one can.
    expect((await cast.provider.delete(url)).status).toBe(409);
    const empty = (await cast.provider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, cohortBody(340, 3))).body;
    expect((await cast.provider.delete(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts/${empty.id}`)).status).toBe(204);
    expect((await cohortsOf(OFFERS.assessedCohorts)).items.map((c: Json) => c.id)).not.toContain(empty.id);
  });
});

describe('continuous seats', () => {
  it('lets the provider set seats of their own offer only, never below the seats taken', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats2);
    await act(cast.provider, r.id, ['accept']);
    const url = `/api/v1/offers/${OFFERS.assessedSeats2}/seats`;
    expect((await cast.otherProvider.put(url, { seats: 5 })).status).toBe(403);
    expect((await cast.caseworker.put(url, { seats: 5 })).status).toBe(403);
    const zero = await cast.provider.put(url, { seats: 0 });
    expect(zero.status).toBe(409);
    expect(zero.body.taken).toBe(1);
    const ok = await cast.provider.put(url, { seats: 5 });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual({ model: 'seats', seats: 5, taken: 1, free: 4, waitlist: 0 });
    expect((await offerInList(OFFERS.assessedSeats2)).availability).toEqual(ok.body);
    const onCohorts = await cast.provider.put(`/api/v1/offers/${OFFERS.assessedCohorts}/seats`, { seats: 5 });
    expect(onCohorts.status).toBe(409);
    expect(onCohorts.body.model).toBe('cohorts');
  });

  it('shows live availability and the waitlist, and more seats move the oldest waiting citizens up', async () => {
    expect((await cast.provider.put(`/api/v1/offers/${DIRECT_SEATS}/seats`, { seats: 1 })).status).toBe(200);
    const referrals = [];
    for (let i = 0; i < 4; i++) referrals.push(await refer(cast.caseworker, DIRECT_SEATS));
    expect(referrals.map((r) => r.status)).toEqual(['accepted', 'waitlisted', 'waitlisted', 'waitlisted']);
    // Placed at once, and the history says so: sent by the caseworker, then placed by the system with its reason.
    const placed = async (id: number) => (await cast.caseworker.get(`/api/v1/referrals/${id}/history`)).body.items
      .map((h: Json) => ({ from: h.from, to: h.to, by: h.by, reason: h.reason ?? null }));
    const [seatedHistory, waitingHistory] = [await placed(referrals[0].id), await placed(referrals[1].id)];
    expect(seatedHistory).toEqual([
      { from: null, to: 'sent', by: expect.not.stringMatching(/^Systemet$/), reason: null },
      { from: 'sent', to: 'accepted', by: 'Systemet', reason: 'Direkte optag: der var en ledig plads' },
    ]);
    expect(waitingHistory.map((h: Json) => [h.to, h.by])).toEqual([['sent', seatedHistory[0].by], ['waitlisted', 'Systemet']]);
    expect(referrals[1].waitlistedAt).toEqual(expect.any(String));
    expect(referrals[0].waitlistedAt ?? null).toBeNull();
    expect((await offerInList(DIRECT_SEATS)).availability).toEqual({ model: 'seats', seats: 1, taken: 1, free: 0, waitlist: 3 });

    const raised = await cast.provider.put(`/api/v1/offers/${DIRECT_SEATS}/seats`, { seats: 3 });
    expect(raised.body).toEqual({ model: 'seats', seats: 3, taken: 3, free: 0, waitlist: 1 });
    const statuses = await Promise.all(referrals.map(async (r) => (await cast.caseworker.get(`/api/v1/referrals/${r.id}`)).body.status));
    expect(statuses).toEqual(['accepted', 'accepted', 'accepted', 'waitlisted']);
    const history = (await cast.caseworker.get(`/api/v1/referrals/${referrals[1].id}/history`)).body.items;
    expect(history.at(-1)).toMatchObject({ from: 'waitlisted', to: 'accepted', by: 'Systemet' });
  });

  it('fills a new cohort from the waitlist of a direct-intake cohort offer', async () => {
    // Fill every open cohort of the offer, so the next referral waits for any cohort.
    const offer = OFFERS.directCohorts;
    for (const c of (await cohortsOf(offer)).items) {
      expect((await cast.provider.patch(`/api/v1/offers/${offer}/cohorts/${c.id}`, { seats: 0 })).status).toBe(200);
    }
    const waiting = await refer(cast.caseworker, offer);
    expect(waiting).toMatchObject({ status: 'waitlisted', cohortId: null });
    expect((await offerInList(offer)).availability).toMatchObject({ free: 0, waitlist: 1 });
    const cohort = (await cast.provider.post(`/api/v1/offers/${offer}/cohorts`, cohortBody(20, 4))).body;
    const now = (await cast.caseworker.get(`/api/v1/referrals/${waiting.id}`)).body;
    expect(now).toMatchObject({ status: 'accepted', cohortId: cohort.id });
    const availability = (await offerInList(offer)).availability;
    expect(availability).toMatchObject({ model: 'cohorts', free: 3, waitlist: 0 });
    expect(availability.cohorts.find((c: Json) => c.id === cohort.id)).toMatchObject({ seats: 4, taken: 1, free: 3 });
  });
});

describe('the offers list', () => {
  it('lists offers with availability, and filters on free seats', async () => {
    expect((await cast.provider.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, { seats: 1 })).status).toBe(200);
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, r.id, ['accept']);

    const all = (await cast.caseworker.get('/api/v1/offers?pageSize=100')).body;
    expect(all.total).toBe(all.items.length);
    expect(all.items.length).toBeGreaterThan(50);
    for (const item of all.items) expect(item.availability.free).toBeGreaterThanOrEqual(0);
    const free = (await cast.caseworker.get('/api/v1/offers?hasFreeSeats=true&pageSize=100')).body.items as Json[];
    const full = (await cast.caseworker.get('/api/v1/offers?hasFreeSeats=false&pageSize=100')).body.items as Json[];
    expect(free.length + full.length).toBe(all.items.length);
    expect(free.every((o) => o.availability.free > 0)).toBe(true);
    expect(full.every((o) => o.availability.free === 0)).toBe(true);
    expect(full.map((o) => o.slug)).toContain(OFFERS.assessedSeats);
    expect(free.map((o) => o.slug)).not.toContain(OFFERS.assessedSeats);

    // A cohort offer's free seats are the sum over its open cohorts.
    const cohorts = all.items.find((o: Json) => o.slug === OFFERS.assessedCohorts).availability;
    expect(cohorts.free).toBe(cohorts.cohorts.reduce((n: number, c: Json) => n + c.free, 0));

    // Search and facets combine with the filter.
    const stress = (await cast.caseworker.get('/api/v1/offers?q=stress&hasFreeSeats=true')).body.items as Json[];
    expect(stress.length).toBeGreaterThan(0);
    expect(stress.length).toBeLessThan(free.length);
  });

  it('pages through the list, 20 at a time unless asked otherwise', async () => {
    const first = (await cast.caseworker.get('/api/v1/offers')).body;
    expect(first).toMatchObject({ page: 1, pageSize: 20 });
    expect(first.items).toHaveLength(20);
    const pages = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(async (page) => (await cast.caseworker.get(`/api/v1/offers?pageSize=10&page=${page}`)).body));
    const slugs = pages.flatMap((p) => (p.items as Json[]).map((o) => o.slug));
    expect(slugs).toHaveLength(first.total);
    expect(new Set(slugs).size).toBe(first.total);
    const tooBig = await cast.caseworker.get('/api/v1/offers?pageSize=500');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toContain('pageSize');
  });

  it('shows fresh availability right after a change (the cached list follows every write)', async () => {
    const before = (await offerInList(DIRECT_SEATS)).availability;
    await refer(cast.caseworker, DIRECT_SEATS);
    const after = (await offerInList(DIRECT_SEATS)).availability;
    expect(after.taken + after.waitlist).toBe(before.taken + before.waitlist + 1);
  });

  it('shows one offer with its availability', async () => {
    const res = await cast.caseworker.get(`/api/v1/offers/${OFFERS.assessedCohorts}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ slug: OFFERS.assessedCohorts, availability: { model: 'cohorts' } });
    expect(res.body.availability.cohorts.length).toBeGreaterThanOrEqual(3);
  });
});

describe('one offer and the list agree', () => {
  it('gives every offer the same availability on its own as in the list of all', async () => {
    for (const slug of [OFFERS.assessedSeats, OFFERS.directCohorts, OFFERS.assessedCohorts]) {
      const r = await refer(cast.caseworker, slug);
      if (slug !== OFFERS.directCohorts) await act(cast.provider, r.id, ['waitlist']);
    }
    const list = (await cast.caseworker.get('/api/v1/offers?pageSize=100')).body.items as Json[];
    expect(list.length).toBeGreaterThan(50);
    for (const item of list) {
      expect((await cast.caseworker.get(`/api/v1/offers/${item.slug}`)).body.availability, item.slug).toEqual(item.availability);
    }
  });
});

describe('the seat counts the database keeps', () => {
  it('equal a recount of the referrals after every kind of write above and a few more', async () => {
    // A seat freed by withdrawal, a waitlisted one declined, a cohort seat taken and completed.
    const direct = await refer(cast.caseworker, DIRECT_SEATS);
    await act(cast.caseworker, direct.id, ['withdraw'], { reason: 'Borgeren har fået job' });
    const waiting = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, waiting.id, ['waitlist']);
    await act(cast.provider, waiting.id, ['decline'], { reason: 'Ikke i målgruppen' });
    const cohort = (await cast.provider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, cohortBody(-1, 4))).body;
    const inCohort = await refer(cast.caseworker, OFFERS.assessedCohorts);
    await act(cast.provider, inCohort.id, ['accept'], { cohortId: cohort.id });
    await act(cast.provider, inCohort.id, ['start', 'complete']);

    const engine = t.app.engine;
    const kept = await engine.query<{ offer_slug: string; cohort_key: number; taken: number; waiting: number }>(
      'select offer_slug, cohort_key, taken, waiting from seat_counts where taken <> 0 or waiting <> 0 order by offer_slug, cohort_key');
    const recount = await engine.query<{ offer_slug: string; cohort_key: number; taken: number; waiting: number }>(
      `select offer_slug, coalesce(cohort_id, 0) as cohort_key,
              sum(case when status in ('accepted', 'started') then 1 else 0 end) as taken,
              sum(case when status = 'waitlisted' then 1 else 0 end) as waiting
         from referrals group by offer_slug, coalesce(cohort_id, 0)
       having sum(case when status in ('accepted', 'started', 'waitlisted') then 1 else 0 end) > 0
       order by offer_slug, coalesce(cohort_id, 0)`);
    const numbers = (rows: typeof kept) => rows.map((r) => ({ offer: r.offer_slug, cohort: Number(r.cohort_key), taken: Number(r.taken), waiting: Number(r.waiting) }));
    expect(recount.length).toBeGreaterThan(3);
    expect(numbers(kept)).toEqual(numbers(recount));
  });
});
