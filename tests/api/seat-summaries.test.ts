/**
 * GET /api/v1/seat-summaries: the seats a search result shows a professional, for many offers in one
 * request. It agrees with each offer's own availability, follows a change at once, reads only, and is
 * refused to anonymous visitors (401).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { act, addDays, type Cast, type Json, OFFERS, refer, startAppWithCast, todayIso } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

describe('seat summaries', () => {
  it('answers for every live offer without slugs, agreeing with each offer’s availability', async () => {
    const res = await cast.caseworker.get('/api/v1/seat-summaries');
    expect(res.status, res.text).toBe(200);
    const items = res.body.items as Record<string, Json>;
    expect(Object.keys(items).sort()).toEqual(t.app.catalogue.offers().map((o) => o.slug).sort());
    for (const slug of [OFFERS.assessedSeats, OFFERS.assessedCohorts]) {
      const { availability } = (await cast.caseworker.get(`/api/v1/offers/${slug}`)).body;
      expect(items[slug]!.free, slug).toBe(availability.free);
      expect(items[slug]!.model, slug).toBe(availability.model);
    }
    expect(items[OFFERS.assessedSeats]).toMatchObject({ model: 'seats', nextCohort: null, referrable: true });
  });

  it('answers only the slugs asked for (both list forms), leaving out unknown ones', async () => {
    const a = await cast.provider.get(`/api/v1/seat-summaries?slug=${OFFERS.assessedSeats}&slug=${OFFERS.directCohorts}&slug=findes-ikke`);
    expect(a.status, a.text).toBe(200);
    expect(Object.keys(a.body.items).sort()).toEqual([OFFERS.assessedSeats, OFFERS.directCohorts].sort());
    const b = await cast.provider.get(`/api/v1/seat-summaries?slug=${OFFERS.assessedSeats},${OFFERS.directCohorts}`);
    expect(b.body.items).toEqual(a.body.items);
  });

  it('gives a cohort offer the next cohort with room and its free seats', async () => {
    const startsOn = addDays(todayIso(), 1);
    const made = await cast.provider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, { startsOn, endsOn: addDays(startsOn, 30), seats: 2 });
    expect(made.status, made.text).toBe(201);
    const summary = (await cast.caseworker.get(`/api/v1/seat-summaries?slug=${OFFERS.assessedCohorts}`)).body.items[OFFERS.assessedCohorts];
    const { availability } = (await cast.caseworker.get(`/api/v1/offers/${OFFERS.assessedCohorts}`)).body;
    const expected = availability.cohorts.filter((c: Json) => c.startsOn >= todayIso()).find((c: Json) => c.free > 0);
    expect(summary.nextCohort).toEqual({ startsOn: expected.startsOn, free: expected.free });
  });

  it('follows a referral that takes a seat at once', async () => {
    const url = `/api/v1/seat-summaries?slug=${OFFERS.assessedSeats}`;
    const before = (await cast.caseworker.get(url)).body.items[OFFERS.assessedSeats].free;
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, referral.id, ['accept']);
    expect((await cast.caseworker.get(url)).body.items[OFFERS.assessedSeats].free).toBe(before - 1);
  });

  it('refuses anonymous visitors (401) and bad slugs (400 naming the field)', async () => {
    const anonymous = await t.app.inject({ url: '/api/v1/seat-summaries' });
    expect(anonymous.statusCode).toBe(401);
    const bad = await cast.caseworker.get('/api/v1/seat-summaries?slug=Ikke%20et%20slug');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('slug');
    expect((await cast.caseworker.get('/api/v1/seat-summaries?other=1')).status).toBe(400);
  });
});
