/**
 * The access table over the workspace pages and their forms: every workspace page as every role, own and
 * other unit or organisation. The pages take their requirements from the same policy as the API routes
 * (core/access/policy.ts), so a change there changes both tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY } from '../../core/access/policy.ts';
import type { TestApp } from '../helpers/app.ts';
import { act, type Api, type Cast, getPage, OFFERS, postForm, refer, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
let referralId: number;
beforeAll(async () => {
  ({ t, cast } = await startAppWithCast());
  referralId = (await refer(cast.caseworker, OFFERS.assessedSeats)).id;
});
afterAll(async () => { await t.close(); });

const ROLES = ['anonymous', 'caseworker', 'otherCaseworker', 'provider', 'otherProvider', 'admin'] as const;
type Role = (typeof ROLES)[number];
/** A status, or where a 303 leads: 'login', 'no-access', or another page. */
type Outcome = number | 'login' | 'no-access' | 'redirect';

const outcomeOf = (res: { status: number; headers: Record<string, unknown> }): Outcome => {
  if (res.status !== 303) return res.status;
  const location = String(res.headers.location);
  return location.startsWith('/logind') ? 'login' : location === '/ingen-adgang' ? 'no-access' : 'redirect';
};

const everyone = (signedIn: Outcome): Record<Role, Outcome> =>
  ({ anonymous: 'login', caseworker: signedIn, otherCaseworker: signedIn, provider: signedIn, otherProvider: signedIn, admin: signedIn });

const adminOnlyPage: Record<Role, Outcome> = { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 'no-access', otherProvider: 'no-access', admin: 200 };

const PAGES: Record<string, { url: () => string; expect: Record<Role, Outcome> }> = {
  workspace: { url: () => '/arbejde', expect: everyone('redirect') },
  referrals: { url: () => '/arbejde/henvisninger', expect: everyone(200) },
  referral: {
    url: () => `/arbejde/henvisninger/${referralId}`,
    expect: { anonymous: 'login', caseworker: 200, otherCaseworker: 404, provider: 200, otherProvider: 404, admin: 200 },
  },
  inbox: {
    url: () => '/arbejde/indbakke',
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 200, otherProvider: 200, admin: 200 },
  },
  citizen: {
    url: () => '/arbejde/borger',
    expect: { anonymous: 'login', caseworker: 200, otherCaseworker: 200, provider: 'no-access', otherProvider: 'no-access', admin: 200 },
  },
  notifications: { url: () => '/arbejde/notifikationer', expect: everyone(200) },
  capacity: {
    url: () => '/arbejde/kapacitet',
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 200, otherProvider: 200, admin: 200 },
  },
  'capacity of an offer': {
    url: () => `/arbejde/kapacitet/${OFFERS.assessedSeats}`,
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 200, otherProvider: 404, admin: 200 },
  },
  'offers to edit': {
    url: () => '/arbejde/tilbud',
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 200, otherProvider: 200, admin: 200 },
  },
  'new offer': {
    url: () => '/arbejde/tilbud/nyt',
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 200, otherProvider: 200, admin: 200 },
  },
  'offer editor': {
    url: () => `/arbejde/tilbud/${OFFERS.assessedSeats}`,
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 200, otherProvider: 404, admin: 200 },
  },
  'offer history': {
    url: () => `/arbejde/tilbud/${OFFERS.assessedSeats}/historik`,
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 200, otherProvider: 404, admin: 200 },
  },
  approvals: {
    url: () => '/arbejde/godkendelser',
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 'no-access', otherProvider: 'no-access', admin: 200 },
  },
  'offers to review': {
    url: () => '/arbejde/gennemsyn',
    expect: { anonymous: 'login', caseworker: 'no-access', otherCaseworker: 'no-access', provider: 200, otherProvider: 200, admin: 200 },
  },
  accounts: { url: () => '/arbejde/brugere', expect: adminOnlyPage },
  account: { url: () => '/arbejde/brugere/1', expect: adminOnlyPage },
  organisations: { url: () => '/arbejde/organisationer', expect: adminOnlyPage },
  organisation: { url: () => '/arbejde/organisationer/sundhedscenter-aadal', expect: adminOnlyPage },
  'own password': { url: () => '/arbejde/adgangskode', expect: everyone(200) },
  'referral form': {
    url: () => `/tilbud/${OFFERS.assessedSeats}/henvis`,
    expect: { anonymous: 'login', caseworker: 200, otherCaseworker: 200, provider: 'no-access', otherProvider: 'no-access', admin: 'no-access' },
  },
};

describe('the access table over the workspace pages', () => {
  it.each(ROLES)('answers %s as the table says on every page', async (role) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [name, page] of Object.entries(PAGES)) {
      outcomes.push(`${name} → ${outcomeOf(await getPage(t.app, cast[role], page.url()))}`);
      expected.push(`${name} → ${page.expect[role]}`);
    }
    expect(outcomes).toEqual(expected);
    // Cells checked: pages × roles, reported for the record.
    console.info(`access table (pages): ${role}: ${outcomes.length} cells`);
  });

  it('shows in the menu exactly the pages the role may open', async () => {
    for (const role of ROLES.filter((r) => r !== 'anonymous')) {
      const html = (await getPage(t.app, cast[role], '/arbejde/henvisninger')).text;
      const menu = /<nav class="workspace-nav[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      expect(menu, role).not.toBe('');
      for (const [name, page] of Object.entries(PAGES)) {
        if (!['referrals', 'inbox', 'citizen', 'notifications', 'capacity'].includes(name)) continue;
        expect(menu.includes(`href="${page.url()}"`), `${role}: ${name} in the menu`).toBe(page.expect[role] === 200);
      }
    }
  });
});

describe('the access table over the page forms', () => {
  const form = (client: Api, fields: Record<string, string>, url = `/arbejde/henvisninger/${referralId}`) => postForm(t.app, client, url, fields);

  it('lets only caseworkers refer, as the API does', async () => {
    const fields = { citizenRef: 'SAG-FORM-ADGANG', purpose: 'Afklaring af borgerens behov', consent: 'ja' };
    for (const role of ['provider', 'otherProvider', 'admin'] as const) {
      expect(outcomeOf(await form(cast[role], fields, `/tilbud/${OFFERS.assessedSeats}/henvis`)), role).toBe('no-access');
    }
    expect((await cast.admin.get('/api/v1/referrals?citizenRef=SAG-FORM-ADGANG')).body.total).toBe(0);
    expect(outcomeOf(await form(cast.caseworker, fields, `/tilbud/${OFFERS.assessedSeats}/henvis`))).toBe('redirect');
  });

  it('refuses the provider\'s actions to caseworkers and to other organisations, and lets the provider act', async () => {
    const refused = await form(cast.caseworker, { action: 'received' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Din rolle har ikke adgang');
    expect(outcomeOf(await form(cast.otherProvider, { action: 'received' }))).toBe(404);
    expect(outcomeOf(await form(cast.otherCaseworker, { action: 'withdrawn', confirmed: 'ja' }))).toBe(404);
    expect((await cast.caseworker.get(`/api/v1/referrals/${referralId}`)).body.status).toBe('sent');
    expect(outcomeOf(await form(cast.provider, { action: 'received' }))).toBe('redirect');
    expect((await cast.caseworker.get(`/api/v1/referrals/${referralId}`)).body.status).toBe('received');
  });

  it('refuses sub-goals by anyone but the provider', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, r.id, ['accept']);
    const url = `/arbejde/henvisninger/${r.id}`;
    expect((await form(cast.caseworker, { action: 'subgoal', text: 'Et delmål fra den forkerte' }, url)).status).toBe(400);
    expect(outcomeOf(await form(cast.otherProvider, { action: 'subgoal', text: 'Et delmål fra den forkerte' }, url))).toBe(404);
    expect((await cast.provider.get(`/api/v1/referrals/${r.id}`)).body.subGoals).toEqual([]);
  });
});

describe('one policy', () => {
  it('changes the API, the pages, their forms and the menu together when one cell of the table changes', async () => {
    const saved = POLICY['referral.create'];
    // Caseworkers may no longer refer: one cell of the table, nothing else.
    (POLICY as Record<string, unknown>)['referral.create'] = {};
    try {
      const body = { offerSlug: OFFERS.assessedSeats, citizenRef: 'SAG-POLITIK-1', purpose: 'Afklaring af borgerens behov', consent: { given: true } };
      expect((await cast.caseworker.post('/api/v1/referrals', body)).status).toBe(403);
      expect(outcomeOf(await getPage(t.app, cast.caseworker, `/tilbud/${OFFERS.assessedSeats}/henvis`))).toBe('no-access');
      const fields = { citizenRef: 'SAG-POLITIK-1', purpose: 'Afklaring af borgerens behov', consent: 'ja' };
      expect(outcomeOf(await postForm(t.app, cast.caseworker, `/tilbud/${OFFERS.assessedSeats}/henvis`, fields))).toBe('no-access');
      expect((await getPage(t.app, cast.caseworker, `/tilbud/${OFFERS.assessedSeats}`)).text).not.toContain('/henvis"');
    } finally {
      (POLICY as Record<string, unknown>)['referral.create'] = saved;
    }
    expect((await getPage(t.app, cast.caseworker, `/tilbud/${OFFERS.assessedSeats}`)).text).toContain(`/tilbud/${OFFERS.assessedSeats}/henvis`);
  });
});
