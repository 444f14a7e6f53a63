/**
 * Seats under concurrency, over real HTTP on a listening port: simultaneous referrals and accepts never
 * overbook, the waitlist keeps arrival order, and a freed seat goes to the oldest waiting citizen, whose
 * caseworker is told. Afterwards the database itself must show no offer or cohort over its seats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import {
  act, Api, caseworkerEmail, httpTransport, login, loginCast, OFFERS, referralBody, type Cast, type Json,
} from './helpers.ts';

let t: TestApp;
let cast: Cast;
/** Caseworkers of four units, so the 200 referrals come from several sessions. */
let caseworkers: Api[];
beforeAll(async () => {
  t = await startTestApp();
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const transport = httpTransport(address);
  cast = await loginCast(transport);
  caseworkers = [cast.caseworker, cast.otherCaseworker,
    await login(transport, caseworkerEmail('sygedagpengehuset')), await login(transport, caseworkerEmail('uddannelseshuset'))];
});
afterAll(async () => { await t.close(); });

/** Direct intake, continuous seats (100 in content; set to 10 below), of the provider's organisation. */
const DIRECT = 'mindfulness-online';
const N = 200;
const SEATS = 10;

const clientOf = (referral: Json): Api => caseworkers.find((c) => c.user.id === referral.caseworker.id)!;

/** Referrals of an offer in a status, as the database orders the waitlist (waitlisted_at, then id). */
async function idsInQueueOrder(offer: string, status: string): Promise<number[]> {
  return (await t.app.engine.query<{ id: number }>('select id from referrals where offer_slug = ? and status = ? order by waitlisted_at, id', [offer, status]))
    .map((r) => r.id);
}

describe('direct intake under load', () => {
  let created: Json[];

  it(`gives ${SEATS} of ${N} simultaneous referrals a seat and waitlists the rest in arrival order`, async () => {
    expect((await cast.provider.put(`/api/v1/offers/${DIRECT}/seats`, { seats: SEATS })).body).toMatchObject({ free: SEATS, waitlist: 0 });
    const responses = await Promise.all(Array.from({ length: N }, (_, i) =>
      caseworkers[i % caseworkers.length]!.post('/api/v1/referrals', referralBody(DIRECT, { citizenRef: `LAST-${i}` }))));
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(201));
    created = responses.map((r) => r.body).sort((a, b) => a.id - b.id);

    const accepted = created.filter((r) => r.status === 'accepted');
    const waitlisted = created.filter((r) => r.status === 'waitlisted');
    expect(accepted).toHaveLength(SEATS);
    expect(waitlisted).toHaveLength(N - SEATS);
    // The first ten to arrive (the lowest ids: ids are handed out in commit order) got the seats.
    expect(accepted.map((r) => r.id)).toEqual(created.slice(0, SEATS).map((r) => r.id));
    // The waitlist is in arrival order: by the time each joined, which is also creation order.
    const byJoining = [...waitlisted].sort((a, b) => a.waitlistedAt.localeCompare(b.waitlistedAt) || a.id - b.id);
    expect(byJoining.map((r) => r.id)).toEqual(waitlisted.map((r) => r.id));
    expect((await idsInQueueOrder(DIRECT, 'waitlisted'))).toEqual(waitlisted.map((r) => r.id));
    for (const r of created) expect(r.waitlistedAt === null || r.waitlistedAt >= r.createdAt).toBe(true);

    const availability = (await cast.caseworker.get(`/api/v1/offers/${DIRECT}`)).body.availability;
    expect(availability).toEqual({ model: 'seats', seats: SEATS, taken: SEATS, free: 0, waitlist: N - SEATS });
  });

  it.each<[string, (r: Json) => Promise<void>]>([
    ['drops out', async (r: Json) => { await act(cast.provider, r.id, ['start', 'drop-out'], { reason: 'Borgeren er flyttet' }); }],
    ['completes', async (r: Json) => { await act(cast.provider, r.id, ['start']); await act(cast.provider, r.id, ['complete']); }],
    ['is withdrawn', async (r: Json) => { await act(clientOf(r), r.id, ['withdraw']); }],
    ['does not start', async (r: Json) => { await act(cast.provider, r.id, ['not-started']); }],
  ])('gives the seat to the oldest waiting citizen when one %s, and tells their caseworker', async (_how, free) => {
    const holder = (await idsInQueueOrder(DIRECT, 'accepted'))[0]!;
    const queue = (await idsInQueueOrder(DIRECT, 'waitlisted'));
    const next = created.find((r) => r.id === queue[0])!;
    // Counted for this referral only: the freed seat's holder may have the same caseworker, who hears of that too.
    const unreadAboutNext = async () => (await clientOf(next).get('/api/v1/notifications')).body.items
      .filter((n: Json) => n.referralId === next.id && n.readAt === null).length;
    const unreadBefore = await unreadAboutNext();

    await free(created.find((r) => r.id === holder));

    expect((await idsInQueueOrder(DIRECT, 'waitlisted'))).toEqual(queue.slice(1));
    const promoted = (await clientOf(next).get(`/api/v1/referrals/${next.id}`)).body;
    expect(promoted.status).toBe('accepted');
    const history = (await clientOf(next).get(`/api/v1/referrals/${next.id}/history`)).body.items;
    expect(history.at(-1)).toMatchObject({ from: 'waitlisted', to: 'accepted', by: 'Systemet' });
    expect(await unreadAboutNext()).toBe(unreadBefore + 1);
    const notice = (await clientOf(next).get('/api/v1/notifications')).body.items.find((n: Json) => n.referralId === next.id);
    expect(notice).toMatchObject({ kind: 'status', readAt: null });
    expect(notice.message).toContain('Optaget');
    expect((await cast.caseworker.get(`/api/v1/offers/${DIRECT}`)).body.availability).toMatchObject({ taken: SEATS, free: 0 });
  });

  it('keeps the seats exact when seats are freed while new referrals arrive', async () => {
    const holders = (await idsInQueueOrder(DIRECT, 'accepted')).slice(0, 5).map((id) => created.find((r) => r.id === id));
    const queue = (await idsInQueueOrder(DIRECT, 'waitlisted'));
    const results = await Promise.all([
      ...holders.map((r) => cast.provider.post(`/api/v1/referrals/${r.id}/not-started`)),
      ...Array.from({ length: 40 }, (_, i) => caseworkers[i % caseworkers.length]!.post('/api/v1/referrals', referralBody(DIRECT, { citizenRef: `STORM-${i}` }))),
    ]);
    expect(results.slice(0, 5).map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(results.slice(5).map((r) => r.status)).toEqual(Array(40).fill(201));
    // The five freed seats went to the five oldest in the queue; every newcomer waits behind them.
    expect(results.slice(5).every((r) => r.body.status === 'waitlisted')).toBe(true);
    const accepted = new Set((await idsInQueueOrder(DIRECT, 'accepted')));
    expect(accepted.size).toBe(SEATS);
    for (const id of queue.slice(0, 5)) expect(accepted.has(id)).toBe(true);
    expect((await idsInQueueOrder(DIRECT, 'waitlisted')).slice(0, queue.length - 5)).toEqual(queue.slice(5));
  });
});

describe('assessed intake under load', () => {
  it(`lets exactly ${SEATS} of ${N} simultaneous accepts through; the rest get a clear 409`, async () => {
    const offer = OFFERS.assessedSeats;
    expect((await cast.provider.put(`/api/v1/offers/${offer}/seats`, { seats: SEATS })).body).toMatchObject({ free: SEATS });
    const referrals = await Promise.all(Array.from({ length: N }, async (_, i) =>
      (await caseworkers[i % caseworkers.length]!.post('/api/v1/referrals', referralBody(offer))).body));
    expect(referrals.every((r) => r.status === 'sent')).toBe(true);

    // Provider and admin accept at the same time, from two sessions.
    const answers = await Promise.all(referrals.map((r, i) => (i % 2 ? cast.admin : cast.provider).post(`/api/v1/referrals/${r.id}/accept`)));
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(ok).toHaveLength(SEATS);
    expect(refused.map((a) => a.status)).toEqual(Array(N - SEATS).fill(409));
    for (const a of refused) {
      expect(a.body.message).toBe('Der er ingen ledige pladser. Sæt borgeren på venteliste, eller vælg et andet hold.');
      expect(a.body.allowed).not.toContain('accepted');
      expect(a.body.allowed).toContain('waitlisted');
    }
    const statuses = await t.app.engine.query('select status, cast(count(*) as integer) as n from referrals where offer_slug = ? group by status order by status', [offer]);
    expect(statuses).toEqual([{ status: 'accepted', n: SEATS }, { status: 'sent', n: N - SEATS }]);
    // Every refused referral is untouched: one history row (sent).
    const [events] = await t.app.engine.query<{ n: number }>(
      "select cast(count(*) as integer) as n from referral_events e join referrals r on r.id = e.referral_id where r.offer_slug = ? and r.status = 'sent'", [offer]);
    expect(events!.n).toBe(N - SEATS);
  });
});

describe('the database afterwards', () => {
  it('has no offer and no cohort with more seat holders than seats', async () => {
    const { engine } = t.app;
    const holders = await engine.query<{ slug: string; cohortId: number | null; n: number }>(`select offer_slug as "slug", cohort_id as "cohortId", cast(count(*) as integer) as n from referrals
      where status in ('accepted', 'started') group by offer_slug, cohort_id`);
    expect(holders.length).toBeGreaterThanOrEqual(2);
    const seatsOf = async (slug: string) => (await engine.query<{ seats: number }>('select seats from offer_seats where offer_slug = ?', [slug]))[0];
    const cohortSeats = async (id: number, slug: string) => (await engine.query<{ seats: number }>('select seats from cohorts where id = ? and offer_slug = ?', [id, slug]))[0]!;
    for (const h of holders) {
      const offer = t.app.catalogue.summary(h.slug)!;
      let seats: number;
      if (h.cohortId === null) {
        expect(offer.capacity.model, h.slug).toBe('seats');
        seats = (await seatsOf(h.slug))?.seats ?? (offer.capacity.model === 'seats' ? offer.capacity.seats : 0);
      } else {
        seats = (await cohortSeats(h.cohortId, h.slug)).seats;
      }
      expect(h.n, `${h.slug} ${h.cohortId ?? ''}`).toBeLessThanOrEqual(seats);
    }
    expect(holders.find((h) => h.slug === DIRECT)!.n).toBe(SEATS);
    expect(holders.find((h) => h.slug === OFFERS.assessedSeats)!.n).toBe(SEATS);
  });
});
