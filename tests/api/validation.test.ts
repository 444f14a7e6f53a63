/**
 * Input validation (400 naming the failing fields), unknown ids (404), and the referral list's paging and
 * filters (status, offer, unit, date, case number).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { act, type Api, caseworkerEmail, type Cast, fieldsOf, injectTransport, type Json, login, OFFERS, OTHER_ORG_OFFER, refer, referralBody, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

describe('referral body', () => {
  const cases: [string, (b: Json) => Json, string[]][] = [
    ['an empty object', () => ({}), ['body.offerSlug', 'body.citizenRef', 'body.purpose', 'body.consent']],
    ['a CPR number as case number', (b) => ({ ...b, citizenRef: '010190-1234' }), ['body.citizenRef']],
    ['a case number with odd characters', (b) => ({ ...b, citizenRef: 'SAG<script>' }), ['body.citizenRef']],
    ['a too short purpose', (b) => ({ ...b, purpose: 'kort' }), ['body.purpose']],
    ['a malformed offer slug', (b) => ({ ...b, offerSlug: 'Ikke et slug' }), ['body.offerSlug']],
    ['a cohort id that is not a number', (b) => ({ ...b, cohortId: 'første' }), ['body.cohortId']],
    ['a note that is too long', (b) => ({ ...b, note: 'x'.repeat(2_001) }), ['body.note']],
    ['two bad fields at once', (b) => ({ ...b, purpose: '', citizenRef: '' }), ['body.citizenRef', 'body.purpose']],
    ['an unknown offer', (b) => ({ ...b, offerSlug: 'findes-ikke' }), ['offerSlug']],
    ['an offer the jobcentre cannot refer to', (b) => ({ ...b, offerSlug: 'genoptraening-efter-sygehusophold' }), ['offerSlug']],
    ['a cohort on an offer without cohorts', (b) => ({ ...b, cohortId: 1 }), ['cohortId']],
    ['an unknown cohort', (b) => ({ ...b, offerSlug: OFFERS.assessedCohorts, cohortId: 999_999 }), ['cohortId']],
  ];

  it.each(cases)('answers 400 to %s, naming the fields', async (_what, change, fields) => {
    const before = (await cast.admin.get('/api/v1/referrals?pageSize=1')).body.total;
    const res = await cast.caseworker.post('/api/v1/referrals', change(referralBody(OFFERS.assessedSeats)));
    expect(res.status, res.text).toBe(400);
    expect([...new Set(fieldsOf(res))].sort()).toEqual([...fields].sort());
    for (const field of fields) expect(res.body.message).toContain(field);
    expect((await cast.admin.get('/api/v1/referrals?pageSize=1')).body.total).toBe(before);
  });

  it('answers 400 naming the unknown field of a body', async () => {
    const res = await cast.caseworker.post('/api/v1/referrals', { ...referralBody(OFFERS.assessedSeats), cpr: '0101901234' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('cpr');
  });

  it('answers 400 to malformed JSON and to a body that is not an object, 415 to an unknown content type', async () => {
    const headers = { cookie: `indsats_session=${cast.caseworker.session!.cookie}`, 'x-csrf-token': cast.caseworker.session!.csrfToken };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"offerSlug":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toEqual(expect.any(String));
    const array = await cast.caseworker.post('/api/v1/referrals', [referralBody(OFFERS.assessedSeats)]);
    expect(array.status).toBe(400);
    expect(fieldsOf(array)).toEqual(['body']);
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'henvis' });
    expect(text.statusCode).toBe(400);
    expect(text.json().fields.map((f: { field: string }) => f.field)).toEqual(['body']);
    const xml = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { ...headers, 'content-type': 'application/xml' }, payload: '<henvisning/>' });
    expect(xml.statusCode).toBe(415);
  });

  it('answers 400 naming the fields of bad transition, capacity and progress bodies', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    const tries: [Json, string, unknown, string[]][] = [
      [cast.provider, `/api/v1/referrals/${referral.id}/decline`, { reason: 42 }, ['body.reason']],
      [cast.provider, `/api/v1/referrals/${referral.id}/decline`, { reason: 'x'.repeat(1_001) }, ['body.reason']],
      [cast.provider, `/api/v1/referrals/${referral.id}/accept`, { cohortId: -1 }, ['body.cohortId']],
      [cast.provider, `/api/v1/referrals/${referral.id}/sub-goals`, { text: 'x' }, ['body.text']],
      [cast.provider, `/api/v1/referrals/${referral.id}/proposals`, { offerSlug: OTHER_ORG_OFFER, reason: '' }, ['body.reason']],
      [cast.provider, `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, { startsOn: '2030-02-30', endsOn: '2030-04-01' }, ['body.startsOn']],
      [cast.provider, `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, { startsOn: '2030-03-01', endsOn: '2030-01-01', seats: 5 }, ['body.endsOn']],
      [cast.provider, `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, { startsOn: '2030-03-01', endsOn: '2030-04-01', seats: -1 }, ['body.seats']],
    ];
    for (const [client, url, body, fields] of tries) {
      const res = await client.post(url, body);
      expect(res.status, `${url} ${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(fieldsOf(res), url).toEqual(fields);
    }
    const seats = await cast.provider.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, { seats: 'mange' });
    expect(fieldsOf(seats)).toEqual(['body.seats']);
    const who5 = await cast.provider.put(`/api/v1/referrals/${referral.id}/who5`, { phase: 'midt', items: [1, 2, 3] });
    expect(fieldsOf(who5).sort()).toEqual(['body.items', 'body.phase']);
    expect((await cast.provider.get(`/api/v1/referrals/${referral.id}`)).body.status).toBe('sent');
  });
});

describe('unknown ids', () => {
  it('answers 404 for ids and slugs that do not exist', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    const notFound: [Json, 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', string, unknown?][] = [
      [cast.admin, 'GET', '/api/v1/referrals/999999'],
      [cast.admin, 'GET', '/api/v1/referrals/999999/history'],
      [cast.admin, 'POST', '/api/v1/referrals/999999/accept'],
      [cast.caseworker, 'POST', '/api/v1/referrals/999999/withdraw'],
      [cast.provider, 'POST', '/api/v1/referrals/999999/sub-goals', { text: 'Et delmål' }],
      [cast.provider, 'PATCH', `/api/v1/referrals/${referral.id}/sub-goals/999999`, { outcome: 'achieved' }],
      [cast.admin, 'GET', '/api/v1/offers/findes-ikke'],
      [cast.admin, 'GET', '/api/v1/offers/findes-ikke/cohorts'],
      [cast.admin, 'PUT', '/api/v1/offers/findes-ikke/seats', { seats: 3 }],
      [cast.provider, 'PATCH', `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts/999999`, { seats: 3 }],
      [cast.provider, 'DELETE', `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts/999999`],
      [cast.caseworker, 'POST', '/api/v1/notifications/999999/read'],
      [cast.admin, 'GET', '/api/v1/findes-ikke'],
    ];
    for (const [client, method, url, body] of notFound) {
      const res = await client.request(method, url, body);
      expect(res.status, `${method} ${url}: ${res.text}`).toBe(404);
      expect(res.body.message, url).toEqual(expect.any(String));
    }
  });

  it('answers 404 for a cohort of another offer named in the URL', async () => {
    const other = (await cast.admin.get(`/api/v1/offers/${OFFERS.directCohorts}/cohorts`)).body.items[0].id;
    const res = await cast.provider.patch(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts/${other}`, { seats: 3 });
    expect(res.status).toBe(404);
  });

  it.each(['abc', '0', '-3', '1.5', '99999999999999999999'])('answers 400 naming params.id for the id %s', async (id) => {
    const res = await cast.admin.get(`/api/v1/referrals/${id}`);
    expect(res.status).toBe(400);
    expect([...new Set(fieldsOf(res))]).toEqual(['params.id']);
  });
});

describe('referral list', () => {
  // Units no other test in this file refers from, so the counts below are exact.
  const UNIT = 'sygedagpengehuset';
  const OTHER_UNIT = 'uddannelseshuset';
  let caseworker: Api;
  let mine: Json[];
  beforeAll(async () => {
    caseworker = await login(injectTransport(t.app), caseworkerEmail(UNIT));
    const other = await login(injectTransport(t.app), caseworkerEmail(OTHER_UNIT));
    // Seven referrals from UNIT (two offers, several statuses) and two from OTHER_UNIT, four with known dates.
    mine = [];
    for (let i = 0; i < 5; i++) mine.push(await refer(caseworker, OFFERS.assessedSeats2, { citizenRef: `LISTE-${i}` }));
    for (let i = 5; i < 7; i++) mine.push(await refer(caseworker, OTHER_ORG_OFFER, { citizenRef: `LISTE-${i}` }));
    await refer(other, OFFERS.assessedSeats2, { citizenRef: 'LISTE-B1' });
    await refer(other, OFFERS.assessedSeats2, { citizenRef: 'LISTE-B2' });
    await act(cast.provider, mine[0].id, ['accept']);
    await act(cast.provider, mine[1].id, ['accept', 'start']);
    await act(cast.provider, mine[2].id, ['waitlist']);
    const dates = ['2025-01-10T08:00:00.000Z', '2025-02-15T12:00:00.000Z', '2025-02-28T23:59:59.000Z', '2025-03-01T00:00:00.000Z'];
    for (const [i, d] of dates.entries()) await t.app.engine.query('update referrals set created_at = ? where id = ?', [d, mine[i].id]);
  });

  const ids = (res: Json): number[] => res.body.items.map((r: { id: number }) => r.id);
  const list = async (query: string, client = caseworker) => {
    const res = await client.get(`/api/v1/referrals?${query}`);
    expect(res.status, res.text).toBe(200);
    return res;
  };

  it('pages through the referrals, newest first, without gaps or overlaps', async () => {
    const pages = [await list('pageSize=3&page=1'), await list('pageSize=3&page=2'), await list('pageSize=3&page=3')];
    expect(pages.map((p) => p.body.total)).toEqual([7, 7, 7]);
    expect(pages.map((p) => p.body.items.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => [p.body.page, p.body.pageSize])).toEqual([[1, 3], [2, 3], [3, 3]]);
    const all = pages.flatMap(ids);
    expect(new Set(all).size).toBe(7);
    expect([...all].sort((a, b) => a - b)).toEqual(mine.map((r) => r.id));
    const rows = pages.flatMap((p) => p.body.items as { createdAt: string }[]).map((r) => r.createdAt);
    expect(rows).toEqual([...rows].sort().reverse());
    expect(ids(await list('pageSize=3&page=4'))).toEqual([]);
    const oldest = await list('order=oldest&pageSize=2');
    expect(oldest.body.items.map((r: { createdAt: string }) => r.createdAt)).toEqual(['2025-01-10T08:00:00.000Z', '2025-02-15T12:00:00.000Z']);
  });

  it('filters by status, one or several, as a list or repeated', async () => {
    expect(ids(await list('status=accepted'))).toEqual([mine[0].id]);
    expect(ids(await list('status=accepted,started&order=oldest'))).toEqual([mine[0].id, mine[1].id]);
    expect(ids(await list('status=accepted&status=waitlisted&order=oldest'))).toEqual([mine[0].id, mine[2].id]);
    expect((await list('status=sent')).body.total).toBe(4);
    expect((await list('status=completed')).body.total).toBe(0);
  });

  it('filters by offer, case number and unit', async () => {
    expect(ids(await list(`offer=${OTHER_ORG_OFFER}&order=oldest`))).toEqual([mine[5].id, mine[6].id]);
    expect(ids(await list('citizenRef=LISTE-3'))).toEqual([mine[3].id]);
    const byUnit = await list(`unit=${OTHER_UNIT}&offer=${OFFERS.assessedSeats2}`, cast.admin);
    expect(byUnit.body.total).toBe(2);
    expect(byUnit.body.items.every((r: { unit: { id: string } }) => r.unit.id === OTHER_UNIT)).toBe(true);
    expect((await list(`unit=${UNIT}&offer=${OFFERS.assessedSeats2}`, cast.admin)).body.total).toBe(5);
    expect((await list(`offer=${OFFERS.assessedSeats2}`, cast.provider)).body.total).toBe(7);
  });

  it('filters by creation date, both ends inclusive', async () => {
    const d = async (query: string) => ids(await list(`${query}&order=oldest`));
    expect(await d('from=2025-01-01&to=2025-01-31')).toEqual([mine[0].id]);
    expect(await d('from=2025-02-15&to=2025-02-28')).toEqual([mine[1].id, mine[2].id]);
    expect(await d('to=2025-02-28')).toEqual([mine[0].id, mine[1].id, mine[2].id]);
    expect(await d('from=2025-03-01&to=2025-03-01')).toEqual([mine[3].id]);
    expect((await list('from=2025-03-02')).body.total).toBe(3);
  });

  it.each([
    ['status=bogus', 'querystring.status.0'],
    ['page=0', 'querystring.page'],
    ['pageSize=101', 'querystring.pageSize'],
    ['pageSize=ti', 'querystring.pageSize'],
    ['from=2025-13-01', 'querystring.from'],
    ['to=i-morgen', 'querystring.to'],
    ['order=sideways', 'querystring.order'],
    ['offer=Ikke%20et%20slug', 'querystring.offer'],
    ['citizenRef=0101901234', 'querystring.citizenRef'],
  ])('answers 400 to ?%s naming %s', async (query, field) => {
    const res = await cast.caseworker.get(`/api/v1/referrals?${query}`);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([field]);
  });

  it('answers 400 naming an unknown query parameter', async () => {
    const res = await cast.caseworker.get('/api/v1/referrals?sortBy=id');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('sortBy');
  });

  it('answers 400 naming "to" when the date range ends before it starts', async () => {
    const res = await cast.caseworker.get('/api/v1/referrals?from=2026-06-02&to=2026-06-01');
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['querystring.to']);
  });

  it('validates the offers and notifications queries too', async () => {
    const offers = await cast.caseworker.get('/api/v1/offers?hasFreeSeats=ja&theme=ukendt');
    expect(offers.status).toBe(400);
    expect(fieldsOf(offers).sort()).toEqual(['querystring.hasFreeSeats', 'querystring.theme.0']);
    const notices = await cast.caseworker.get('/api/v1/notifications?unread=maybe');
    expect(fieldsOf(notices)).toEqual(['querystring.unread']);
  });
});
