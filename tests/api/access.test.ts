/**
 * Access to every /api/v1 route, for every role: the table below must name each route the app serves
 * (read from Fastify's route tree), so a new route cannot escape it. Caseworkers see their unit's
 * referrals, providers their organisation's; others' ids answer 404, cross-role actions 403, anonymous
 * 401. Writes need the session's CSRF token; the login is rate-limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import {
  ADMIN_EMAIL, act, Api, DEMO_PASSWORD, apiRoutes, caseworkerEmail, injectTransport, login, loginCast, OFFERS, OTHER_ORG_OFFER, OTHER_UNIT,
  nextCitizenRef, providerEmail, refer, UNIT, ORG, OTHER_ORG, addDays, todayIso, type Cast, type Method, type Transport,
} from './helpers.ts';

let t: TestApp;
let transport: Transport;
let cast: Cast;
beforeAll(async () => {
  t = await startTestApp();
  transport = injectTransport(t.app);
  cast = await loginCast(transport);
  // Room for every referral the table accepts.
  expect((await cast.provider.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, { seats: 10_000 })).status).toBe(200);
});
afterAll(async () => { await t.close(); });

const ROLES = ['anonymous', 'caseworker', 'otherCaseworker', 'provider', 'otherProvider', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Expected = Record<Role, number>;

/**
 * Expected statuses by role. `caseworker` is of the referral's unit, `provider` of the offer's organisation.
 * A role that never does the action is 403 whatever the object; a role that may, on another's referral, 404.
 */
const allSignedIn = (ok: number): Expected => ({ anonymous: 401, caseworker: ok, otherCaseworker: ok, provider: ok, otherProvider: ok, admin: ok });
const referralRead: Expected = { anonymous: 401, caseworker: 200, otherCaseworker: 404, provider: 200, otherProvider: 404, admin: 200 };
const providerAction = (ok: number): Expected => ({ anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: ok, otherProvider: 404, admin: ok });
const caseworkerAction: Expected = { anonymous: 401, caseworker: 200, otherCaseworker: 404, provider: 403, otherProvider: 403, admin: 200 };
const capacityWrite = (ok: number): Expected => ({ anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: ok, otherProvider: 403, admin: ok });

interface Prepared { url: string; body?: unknown; client?: Api }
interface RouteCase { expect: Expected; prepare: (role: Role) => Promise<Prepared> }

/** A referral from UNIT to an offer of ORG, moved through `actions` by ORG's provider. */
async function referralIn(actions: string[]): Promise<number> {
  const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
  if (actions.length) await act(cast.provider, referral.id, actions);
  return referral.id;
}
const onReferral = (suffix: string, actions: string[] = [], body?: unknown) => async (): Promise<Prepared> =>
  ({ url: `/api/v1/referrals/${await referralIn(actions)}${suffix}`, body });

async function newCohort(): Promise<number> {
  const res = await cast.provider.post(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, { startsOn: addDays(todayIso(), 200), endsOn: addDays(todayIso(), 260), seats: 5 });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** A notification of UNIT's caseworker (a provider's status change tells the referring caseworker). */
async function notificationOfCaseworker(): Promise<number> {
  await referralIn(['receive']);
  return (await cast.caseworker.get('/api/v1/notifications')).body.items[0].id;
}

const reason = { reason: 'Begrundelse for ændringen' };
const adminOnly = (ok: number): Expected => ({ anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: 403, otherProvider: 403, admin: ok });
let accountCounter = 0;
/** A new account (made by the admin) to change. */
async function freshAccount(): Promise<number> {
  const res = await cast.admin.post('/api/v1/users', { email: `konto-${++accountCounter}@aadal.example.dk`, name: 'Konto', role: 'admin', organisationId: ORG });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** An editor's route on one of ORG's offers: its editors (ORG's provider has the role too) and the admin. */
const offerEdit = (ok: number): Expected => ({ anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: ok, otherProvider: 404, admin: ok });
let offerCounter = 0;
/** A new draft offer of ORG (made by the admin), so a route that archives or reverts acts on its own offer. */
async function freshOffer(): Promise<{ slug: string; offer: Record<string, unknown>; body: string; latestRevisionId: number }> {
  const source = (await cast.admin.get(`/api/v1/offer-records/${OFFERS.assessedSeats}`)).body;
  const slug = `adgang-${++offerCounter}`;
  const created = await cast.admin.post('/api/v1/offer-records', { offer: { ...source.offer, slug }, body: source.body, intent: 'draft' });
  expect(created.status, created.text).toBe(201);
  const opened = (await cast.admin.get(`/api/v1/offer-records/${slug}`)).body;
  return { slug, offer: opened.offer, body: opened.body, latestRevisionId: opened.record.latestRevisionId };
}
const onOffer = (suffix: string, body?: (o: Awaited<ReturnType<typeof freshOffer>>) => unknown) => async (): Promise<Prepared> => {
  const o = await freshOffer();
  return { url: `/api/v1/offer-records/${o.slug}${suffix}`, body: body?.(o) };
};

const TABLE: Record<string, RouteCase> = {
  'POST /api/v1/auth/login': {
    expect: { anonymous: 200, caseworker: 200, otherCaseworker: 200, provider: 200, otherProvider: 200, admin: 200 },
    // Signing in again replaces the client's session, so each role does it from a session of its own.
    prepare: async (role) => role === 'anonymous'
      ? { url: '/api/v1/auth/login', body: { email: caseworkerEmail('uddannelseshuset'), password: DEMO_PASSWORD } }
      : { url: '/api/v1/auth/login', body: { email: cast[role].user.email, password: DEMO_PASSWORD }, client: await login(transport, cast[role].user.email) },
  },
  'POST /api/v1/auth/logout': {
    expect: allSignedIn(204),
    // Logging out ends the session, so each role logs out a session of its own.
    prepare: async (role) => ({ url: '/api/v1/auth/logout', client: role === 'anonymous' ? cast.anonymous : await login(transport, cast[role].user.email) }),
  },
  'GET /api/v1/auth/session': { expect: allSignedIn(200), prepare: async () => ({ url: '/api/v1/auth/session' }) },
  'GET /api/v1/search-index': { expect: { ...allSignedIn(200), anonymous: 200 }, prepare: async () => ({ url: '/api/v1/search-index' }) },

  'GET /api/v1/offers': { expect: allSignedIn(200), prepare: async () => ({ url: '/api/v1/offers' }) },
  'GET /api/v1/seat-summaries': { expect: allSignedIn(200), prepare: async () => ({ url: `/api/v1/seat-summaries?slug=${OFFERS.assessedSeats}` }) },
  'GET /api/v1/offers/:slug': { expect: allSignedIn(200), prepare: async () => ({ url: `/api/v1/offers/${OFFERS.assessedSeats}` }) },
  'PUT /api/v1/offers/:slug/seats': { expect: capacityWrite(200), prepare: async () => ({ url: `/api/v1/offers/${OFFERS.assessedSeats2}/seats`, body: { seats: 40 } }) },
  'POST /api/v1/offers/:slug/capacity/confirm': { expect: capacityWrite(200), prepare: async () => ({ url: `/api/v1/offers/${OFFERS.assessedSeats2}/capacity/confirm` }) },
  'GET /api/v1/offers/:slug/cohorts': { expect: allSignedIn(200), prepare: async () => ({ url: `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts` }) },
  'POST /api/v1/offers/:slug/cohorts': {
    expect: capacityWrite(201),
    prepare: async () => ({ url: `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`, body: { startsOn: addDays(todayIso(), 100), endsOn: addDays(todayIso(), 150), seats: 8 } }),
  },
  'PATCH /api/v1/offers/:slug/cohorts/:cohortId': {
    expect: capacityWrite(200),
    prepare: async () => ({ url: `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts/${await newCohort()}`, body: { seats: 9 } }),
  },
  'DELETE /api/v1/offers/:slug/cohorts/:cohortId': {
    expect: capacityWrite(204),
    prepare: async () => ({ url: `/api/v1/offers/${OFFERS.assessedCohorts}/cohorts/${await newCohort()}` }),
  },

  'POST /api/v1/referrals': {
    expect: { anonymous: 401, caseworker: 201, otherCaseworker: 201, provider: 403, otherProvider: 403, admin: 403 },
    prepare: async () => ({
      url: '/api/v1/referrals',
      // A citizen of their own per call: a second open referral of one citizen to one offer is refused (409).
      body: { offerSlug: OFFERS.assessedSeats, citizenRef: nextCitizenRef('SAG-ACCESS'), purpose: 'Afklaring af borgerens behov', consent: { given: true } },
    }),
  },
  'GET /api/v1/referrals': { expect: allSignedIn(200), prepare: async () => ({ url: '/api/v1/referrals' }) },
  // The inbox is the provider's, in the API as on the page.
  'GET /api/v1/inbox': { expect: { anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: 200, otherProvider: 200, admin: 200 }, prepare: async () => ({ url: '/api/v1/inbox' }) },
  'GET /api/v1/referrals/:id': { expect: referralRead, prepare: onReferral('') },
  'GET /api/v1/referrals/:id/history': { expect: referralRead, prepare: onReferral('/history') },
  'POST /api/v1/referrals/:id/receive': { expect: providerAction(200), prepare: onReferral('/receive') },
  'POST /api/v1/referrals/:id/accept': { expect: providerAction(200), prepare: onReferral('/accept') },
  'POST /api/v1/referrals/:id/decline': { expect: providerAction(200), prepare: onReferral('/decline', [], reason) },
  'POST /api/v1/referrals/:id/waitlist': { expect: providerAction(200), prepare: onReferral('/waitlist') },
  'POST /api/v1/referrals/:id/start': { expect: providerAction(200), prepare: onReferral('/start', ['accept']) },
  'POST /api/v1/referrals/:id/complete': { expect: providerAction(200), prepare: onReferral('/complete', ['accept', 'start']) },
  'POST /api/v1/referrals/:id/drop-out': { expect: providerAction(200), prepare: onReferral('/drop-out', ['accept', 'start'], reason) },
  'POST /api/v1/referrals/:id/not-started': { expect: providerAction(200), prepare: onReferral('/not-started', ['accept']) },
  'POST /api/v1/referrals/:id/withdraw': { expect: caseworkerAction, prepare: onReferral('/withdraw') },
  'POST /api/v1/referrals/:id/sub-goals': { expect: providerAction(201), prepare: onReferral('/sub-goals', ['accept'], { text: 'Møde op tre gange om ugen' }) },
  'PATCH /api/v1/referrals/:id/sub-goals/:goalId': {
    expect: providerAction(200),
    prepare: async () => {
      const id = await referralIn(['accept', 'start']);
      const goal = await cast.provider.post(`/api/v1/referrals/${id}/sub-goals`, { text: 'Sove syv timer hver nat' });
      return { url: `/api/v1/referrals/${id}/sub-goals/${goal.body.id}`, body: { outcome: 'achieved' } };
    },
  },
  'PUT /api/v1/referrals/:id/who5': { expect: providerAction(200), prepare: onReferral('/who5', ['accept'], { phase: 'start', items: [3, 3, 2, 4, 1] }) },
  'PUT /api/v1/referrals/:id/closing-report': {
    expect: providerAction(200),
    prepare: onReferral('/closing-report', ['accept', 'start', 'complete'], { summary: 'Borgeren har gennemført alle samtaler og er klar til job.' }),
  },
  'POST /api/v1/referrals/:id/proposals': {
    expect: providerAction(201),
    prepare: onReferral('/proposals', ['receive'], { offerSlug: OTHER_ORG_OFFER, reason: 'Borgeren har mere brug for et sundhedsforløb' }),
  },

  'GET /api/v1/offer-records': {
    expect: { anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: 200, otherProvider: 200, admin: 200 },
    prepare: async () => ({ url: '/api/v1/offer-records' }),
  },
  'POST /api/v1/offer-records': {
    // For ORG: its editors and the admin; another organisation's editor may not create ORG's offers.
    expect: { anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: 201, otherProvider: 403, admin: 201 },
    prepare: async () => {
      const o = await freshOffer();
      return { url: '/api/v1/offer-records', body: { offer: { ...o.offer, slug: `${o.slug}-kopi` }, body: o.body, intent: 'draft' } };
    },
  },
  'GET /api/v1/offer-records/:slug': { expect: offerEdit(200), prepare: onOffer('') },
  'PUT /api/v1/offer-records/:slug': {
    expect: offerEdit(200),
    prepare: onOffer('', (o) => ({ offer: { ...o.offer, duration: '9 uger' }, body: o.body, intent: 'draft', basedOnRevisionId: o.latestRevisionId })),
  },
  'GET /api/v1/offer-records/:slug/revisions': { expect: offerEdit(200), prepare: onOffer('/revisions') },
  'POST /api/v1/offer-records/:slug/revert': { expect: offerEdit(200), prepare: onOffer('/revert', () => ({ revision: 1 })) },
  'POST /api/v1/offer-records/:slug/archive': { expect: offerEdit(200), prepare: onOffer('/archive') },
  'POST /api/v1/offer-records/:slug/confirm-review': { expect: offerEdit(200), prepare: onOffer('/confirm-review') },
  'POST /api/v1/offer-records/:slug/restore': { expect: offerEdit(200), prepare: onOffer('/restore') },
  // Approval is the administrator's; without approval mode nothing waits, so the admin's answer is 409.
  'POST /api/v1/offer-records/:slug/approve': {
    expect: { anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: 403, otherProvider: 403, admin: 409 },
    prepare: onOffer('/approve', (o) => ({ revisionId: o.latestRevisionId })),
  },
  'POST /api/v1/offer-records/:slug/reject': {
    expect: { anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: 403, otherProvider: 403, admin: 409 },
    prepare: onOffer('/reject', (o) => ({ revisionId: o.latestRevisionId })),
  },

  'GET /api/v1/users': { expect: adminOnly(200), prepare: async () => ({ url: '/api/v1/users' }) },
  'POST /api/v1/users': {
    expect: adminOnly(201),
    prepare: async () => ({ url: '/api/v1/users', body: { email: `ny-${++accountCounter}@aadal.example.dk`, name: 'Ny konto', role: 'provider', organisationId: ORG } }),
  },
  'PUT /api/v1/users/:id': {
    expect: adminOnly(200),
    prepare: async () => ({ url: `/api/v1/users/${await freshAccount()}`, body: { email: `rettet-${++accountCounter}@aadal.example.dk`, name: 'Rettet', role: 'editor', organisationId: ORG } }),
  },
  'POST /api/v1/users/:id/active': { expect: adminOnly(200), prepare: async () => ({ url: `/api/v1/users/${await freshAccount()}/active`, body: { active: false } }) },
  'POST /api/v1/users/:id/one-time-password': { expect: adminOnly(200), prepare: async () => ({ url: `/api/v1/users/${await freshAccount()}/one-time-password`, body: {} }) },
  'GET /api/v1/organisations': { expect: adminOnly(200), prepare: async () => ({ url: '/api/v1/organisations' }) },
  'POST /api/v1/organisations': {
    expect: adminOnly(201),
    prepare: async () => ({ url: '/api/v1/organisations', body: { name: `Ny udbyder ${++accountCounter}`, kind: 'provider', sector: 'social', unitName: 'Teamet' } }),
  },
  'PUT /api/v1/organisations/:id': { expect: adminOnly(200), prepare: async () => ({ url: `/api/v1/organisations/${OTHER_ORG}`, body: { name: 'Sundhedscenter Ådal', sector: 'sundhed' } }) },
  'POST /api/v1/organisations/:id/units': { expect: adminOnly(201), prepare: async () => ({ url: `/api/v1/organisations/${OTHER_ORG}/units`, body: { name: `Nyt team ${++accountCounter}` } }) },
  'PUT /api/v1/organisations/:id/units/:unitId': {
    expect: adminOnly(200),
    prepare: async () => ({ url: `/api/v1/organisations/jobcenter-aadal/units/${UNIT}`, body: { name: 'Ressourcecenter' } }),
  },
  // A wrong current password: every signed-in role reaches the check (and nobody's password changes).
  'PUT /api/v1/auth/password': {
    expect: allSignedIn(400),
    prepare: async () => ({ url: '/api/v1/auth/password', body: { currentPassword: 'ikke-den-rigtige', newPassword: 'en ny og lang sætning', repeatPassword: 'en ny og lang sætning' } }),
  },

  'GET /api/v1/ops/outbox': {
    expect: { anonymous: 401, caseworker: 403, otherCaseworker: 403, provider: 403, otherProvider: 403, admin: 200 },
    prepare: async () => ({ url: '/api/v1/ops/outbox' }),
  },
  'GET /api/v1/notifications': { expect: allSignedIn(200), prepare: async () => ({ url: '/api/v1/notifications' }) },
  'POST /api/v1/notifications/read-all': { expect: allSignedIn(200), prepare: async () => ({ url: '/api/v1/notifications/read-all' }) },
  'POST /api/v1/notifications/:id/read': {
    // Only the owner can mark a notification read; to anyone else it does not exist.
    expect: { anonymous: 401, caseworker: 204, otherCaseworker: 404, provider: 404, otherProvider: 404, admin: 404 },
    prepare: async () => ({ url: `/api/v1/notifications/${await notificationOfCaseworker()}/read` }),
  },
};

/** HEAD answers like GET. */
function caseFor(method: Method, url: string): RouteCase | undefined {
  return TABLE[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

describe('the access table', () => {
  it('names every /api/v1 route the app serves, and only those', () => {
    const served = apiRoutes(t.app);
    expect(served.length).toBeGreaterThan(30);
    const servedKeys = new Set(served.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`));
    expect([...servedKeys].sort()).toEqual(Object.keys(TABLE).sort());
    for (const route of served) expect(caseFor(route.method, route.url), `${route.method} ${route.url}`).toBeDefined();
  });

  it.each(ROLES)('answers %s as the table says on every route', async (role) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const { method, url: pattern } of apiRoutes(t.app)) {
      const c = caseFor(method, pattern)!;
      const prepared = await c.prepare(role);
      const client = prepared.client ?? cast[role];
      const res = await client.request(method, prepared.url, method === 'GET' || method === 'HEAD' ? undefined : prepared.body);
      outcomes.push(`${method} ${pattern} → ${res.status}`);
      expected.push(`${method} ${pattern} → ${c.expect[role]}`);
      if (method !== 'HEAD' && res.status >= 400) expect(res.body.message, `${method} ${pattern}`).toEqual(expect.any(String));
    }
    expect(outcomes).toEqual(expected);
    console.info(`access table (API): ${role}: ${outcomes.length} cells (routes × methods)`);
  });
});

describe('who is asking comes before what they sent', () => {
  const bad = { nonsense: true };
  it('answers 401, then 403 for the role, then 404 for another\'s object, and only then 400', async () => {
    const id = await referralIn([]);
    expect((await cast.anonymous.post('/api/v1/referrals', bad)).status).toBe(401);
    expect((await cast.provider.post('/api/v1/referrals', bad)).status).toBe(403);
    expect((await cast.caseworker.post('/api/v1/referrals', bad)).status).toBe(400);
    expect((await cast.anonymous.post(`/api/v1/referrals/${id}/decline`, bad)).status).toBe(401);
    expect((await cast.caseworker.post(`/api/v1/referrals/${id}/decline`, bad)).status).toBe(403);
    expect((await cast.otherProvider.post(`/api/v1/referrals/${id}/decline`, bad)).status).toBe(404);
    expect((await cast.provider.post(`/api/v1/referrals/${id}/decline`, bad)).status).toBe(400);
    expect((await cast.otherProvider.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, bad)).status).toBe(403);
    expect((await cast.provider.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, bad)).status).toBe(400);
  });
});

describe('scoping', () => {
  let ids: { unitA: number; unitB: number; otherOrg: number };
  beforeAll(async () => {
    ids = {
      unitA: (await refer(cast.caseworker, OFFERS.assessedSeats2)).id,
      unitB: (await refer(cast.otherCaseworker, OFFERS.assessedSeats2)).id,
      otherOrg: (await refer(cast.caseworker, OTHER_ORG_OFFER)).id,
    };
  });

  /** Every referral the client may see, page by page. */
  const all = async (client: Api, query = '') => {
    const items: { id: number; unit: { id: string }; providerOrganisation: { id: string } }[] = [];
    for (let page = 1; ; page++) {
      const res = await client.get(`/api/v1/referrals?pageSize=100&page=${page}${query}`);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      if (res.body.items.length < 100) {
        expect(items).toHaveLength(res.body.total);
        return items;
      }
    }
  };

  it('shows a caseworker only the referrals of their own unit', async () => {
    const items = await all(cast.caseworker);
    expect(items.every((r) => r.unit.id === UNIT)).toBe(true);
    expect(items.map((r) => r.id)).toEqual(expect.arrayContaining([ids.unitA, ids.otherOrg]));
    expect(items.map((r) => r.id)).not.toContain(ids.unitB);
    // Filtering by another unit does not widen the scope.
    expect(await all(cast.caseworker, `&unit=${OTHER_UNIT}`)).toEqual([]);
    const other = await all(cast.otherCaseworker);
    expect(other.every((r) => r.unit.id === OTHER_UNIT)).toBe(true);
    expect(other.map((r) => r.id)).toContain(ids.unitB);
    expect(other.map((r) => r.id)).not.toContain(ids.unitA);
  });

  it('shows a provider only the referrals to their own organisation’s offers', async () => {
    const items = await all(cast.provider);
    expect(items.every((r) => r.providerOrganisation.id === ORG)).toBe(true);
    expect(items.map((r) => r.id)).toEqual(expect.arrayContaining([ids.unitA, ids.unitB]));
    const other = await all(cast.otherProvider);
    expect(other.every((r) => r.providerOrganisation.id === OTHER_ORG)).toBe(true);
    expect(other.map((r) => r.id)).toContain(ids.otherOrg);
    const inbox = await cast.otherProvider.get('/api/v1/inbox');
    expect(inbox.body.items.map((r: { id: number }) => r.id)).toContain(ids.otherOrg);
    expect(inbox.body.items.every((r: { providerOrganisation: { id: string } }) => r.providerOrganisation.id === OTHER_ORG)).toBe(true);
  });

  it('shows an admin every referral', async () => {
    expect((await all(cast.admin)).map((r) => r.id)).toEqual(expect.arrayContaining([ids.unitA, ids.unitB, ids.otherOrg]));
  });

  it('answers 404, not 403, for another unit’s or organisation’s referral, same as for an unknown id', async () => {
    const unknown = await cast.caseworker.get('/api/v1/referrals/987654');
    expect(unknown.status).toBe(404);
    for (const [client, id] of [[cast.caseworker, ids.unitB], [cast.provider, ids.otherOrg], [cast.otherProvider, ids.unitA]] as const) {
      const res = await client.get(`/api/v1/referrals/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe(unknown.body.message);
    }
  });

  it('answers 403 to cross-role actions and changes nothing', async () => {
    const id = await referralIn([]);
    const tries: [Api, string][] = [
      [cast.caseworker, 'accept'], [cast.caseworker, 'receive'], [cast.caseworker, 'decline'], [cast.caseworker, 'waitlist'],
      [cast.provider, 'withdraw'],
    ];
    for (const [client, action] of tries) {
      const res = await client.post(`/api/v1/referrals/${id}/${action}`, reason);
      expect(res.status, `${client.user.role} ${action}`).toBe(403);
    }
    expect((await cast.admin.get(`/api/v1/referrals/${id}`)).body.status).toBe('sent');
    expect((await cast.caseworker.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, { seats: 1 })).status).toBe(403);
    expect((await cast.otherProvider.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, { seats: 1 })).status).toBe(403);
  });
});

describe('CSRF', () => {
  it('rejects every cookie-authenticated write without the session’s token, and changes nothing', async () => {
    const other = await login(transport, ADMIN_EMAIL);
    for (const { method, url } of apiRoutes(t.app)) {
      if (method === 'GET' || method === 'HEAD' || url === '/api/v1/auth/login') continue;
      const prepared = await caseFor(method, url)!.prepare('admin');
      const variants: Record<string, string>[] = [{}, { 'x-csrf-token': 'forkert' }, { 'x-csrf-token': other.session!.csrfToken }];
      for (const headers of variants) {
        const res = await cast.admin.request(method, prepared.url, prepared.body, { csrf: false, headers });
        expect(res.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.body.message).toMatch(/CSRF/);
      }
    }
    // The admin is still signed in: logout without the token did nothing.
    expect((await cast.admin.get('/api/v1/auth/session')).body.user.email).toBe(ADMIN_EMAIL);
  });

  it('does not change the referral when a write lacks the token', async () => {
    const id = await referralIn([]);
    const res = await cast.provider.post(`/api/v1/referrals/${id}/accept`, undefined, { csrf: false });
    expect(res.status).toBe(403);
    expect((await cast.provider.get(`/api/v1/referrals/${id}`)).body.status).toBe('sent');
  });

  it('ends a session at logout: the same cookie is refused afterwards, even though it was just used', async () => {
    const session = await login(transport, ADMIN_EMAIL);
    expect((await session.get('/api/v1/referrals')).status).toBe(200);
    expect((await session.post('/api/v1/auth/logout')).status).toBeLessThan(300);
    const after = await session.get('/api/v1/referrals');
    expect(after.status).toBe(401);
  });

  it('answers 401 to a forged or unknown session cookie', async () => {
    const res = await cast.anonymous.get('/api/v1/referrals', { headers: { cookie: 'indsats_session=abc.def' } });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/logget ind/);
  });
});

describe('login rate limit', () => {
  it('answers 429 with a message after ten failed logins, whatever the X-Forwarded-For and the e-mail’s case', async () => {
    const email = providerEmail('familiecenter-aadal');
    const spellings = [email, email.toUpperCase(), `  ${email} `];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const body = { email: spellings[i % spellings.length], password: `forkert-${i}` };
      const res = await cast.anonymous.post('/api/v1/auth/login', body, { headers: { 'x-forwarded-for': `203.0.113.${i}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.message).toMatch(/^For mange forsøg\. Vent \d+ sekunder, og prøv igen\.$/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
    // Even the right password waits out the window.
    expect((await cast.anonymous.post('/api/v1/auth/login', { email, password: DEMO_PASSWORD })).status).toBe(429);
    // Another account from the same address is not locked out.
    expect((await login(transport, providerEmail('ungecenter-aadal'))).session).not.toBeNull();
  });

  it('answers 401 with a message for a wrong password, and 400 naming the field for a bad e-mail', async () => {
    const wrong = await cast.anonymous.post('/api/v1/auth/login', { email: caseworkerEmail('sygedagpengehuset'), password: 'forkert' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Forkert e-mail eller adgangskode');
    const bad = await cast.anonymous.post('/api/v1/auth/login', { email: 'ikke-en-adresse', password: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.email', 'body.password']);
  });
});
