/**
 * The referral life cycle through the API: every legal transition succeeds and leaves a history row (who,
 * when, from, to, reason); illegal ones answer 409 naming the allowed statuses; a missing reason is a 400
 * naming the field; consent is required and recorded with who, when and scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { act, type Api, type Cast, fieldsOf, type Json, OFFERS, refer, referralBody, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const STATUS_OF: Record<string, string> = {
  receive: 'received', accept: 'accepted', decline: 'declined', waitlist: 'waitlisted', start: 'started',
  complete: 'completed', 'drop-out': 'dropped_out', 'not-started': 'not_started', withdraw: 'withdrawn',
};

interface Step { by: 'provider' | 'caseworker'; action: string; reason?: string }
const p = (action: string, reason?: string): Step => ({ by: 'provider', action, reason });
const c = (action: string, reason?: string): Step => ({ by: 'caseworker', action, reason });

/** Every edge of the state machine, each covered by at least one path from `sent`. */
const PATHS: Step[][] = [
  [p('receive'), p('accept'), p('start'), p('complete')],
  [p('receive'), p('decline', 'Borgeren er ikke i målgruppen')],
  [p('receive'), p('waitlist'), p('accept'), p('not-started', 'Borgeren mødte ikke op')],
  [p('receive'), p('accept'), p('start'), p('drop-out', 'Borgeren fik job')],
  [p('accept'), p('not-started')],
  [p('accept'), c('withdraw', 'Borgeren er flyttet')],
  [p('decline', 'Forløbet passer ikke til borgerens behov')],
  [p('waitlist'), p('decline', 'Ventelisten er for lang')],
  [p('waitlist'), c('withdraw')],
  [c('withdraw')],
  [p('receive'), c('withdraw', 'Borgeren har fået andet tilbud')],
];

describe('life cycle', () => {
  it.each(PATHS.map((steps) => [steps.map((s) => s.action).join(' → '), steps] as const))('sent → %s, with a history row per step', async (_name, steps) => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    expect(referral.status).toBe('sent');
    for (const step of steps) {
      const client: Api = cast[step.by];
      const res = await client.post(`/api/v1/referrals/${referral.id}/${step.action}`, step.reason ? { reason: step.reason } : undefined);
      expect(res.status, res.text).toBe(200);
      expect(res.body.status).toBe(STATUS_OF[step.action]);
      expect(res.body.statusReason).toBe(step.reason ?? null);
    }

    const history = await cast.caseworker.get(`/api/v1/referrals/${referral.id}/history`);
    expect(history.status).toBe(200);
    const items: Json[] = history.body.items;
    const expected = [
      { from: null, to: 'sent', by: cast.caseworker.user.name, reason: null },
      ...steps.map((s, i) => ({
        from: i === 0 ? 'sent' : STATUS_OF[steps[i - 1]!.action], to: STATUS_OF[s.action], by: cast[s.by].user.name, reason: s.reason ?? null,
      })),
    ];
    expect(items.map(({ from, to, by, reason }) => ({ from, to, by, reason }))).toEqual(expected);
    for (const item of items) expect(item.at).toMatch(ISO_INSTANT);
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort());
    // The provider sees the same history.
    expect((await cast.provider.get(`/api/v1/referrals/${referral.id}/history`)).body.items).toEqual(items);
  });

  it('answers 409 naming the allowed statuses for an illegal transition', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    const res = await cast.provider.post(`/api/v1/referrals/${referral.id}/start`);
    expect(res.status).toBe(409);
    expect(res.body.from).toBe('sent');
    expect(res.body.to).toBe('started');
    expect(res.body.allowed).toEqual(['received', 'accepted', 'declined', 'waitlisted']);
    expect(res.body.message).toMatch(/Tilladt: modtaget, optaget, afvist, venteliste/);
    // Nothing changed.
    expect((await cast.caseworker.get(`/api/v1/referrals/${referral.id}/history`)).body.items).toHaveLength(1);
  });

  it('answers 409 for every move out of a final status, and says the referral is closed', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, referral.id, ['accept', 'start', 'complete']);
    for (const action of ['receive', 'accept', 'decline', 'waitlist', 'start', 'complete', 'drop-out', 'not-started']) {
      const res = await cast.provider.post(`/api/v1/referrals/${referral.id}/${action}`, { reason: 'En begrundelse' });
      expect(res.status, action).toBe(409);
      expect(res.body.allowed).toEqual([]);
      expect(res.body.message).toMatch(/afsluttet/);
    }
    const withdraw = await cast.caseworker.post(`/api/v1/referrals/${referral.id}/withdraw`);
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.allowed).toEqual([]);
  });

  it('lets the caseworker withdraw only before the course starts', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, referral.id, ['accept', 'start']);
    const res = await cast.caseworker.post(`/api/v1/referrals/${referral.id}/withdraw`, { reason: 'For sent' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ from: 'started', to: 'withdrawn', allowed: [] });
    expect(res.body.message).not.toMatch(/afsluttet/); // a started course is not closed
  });

  it.each<[string, string[]]>([
    ['decline', []],
    ['drop-out', ['accept', 'start']],
  ])('requires a reason to %s: 400 naming the field', async (action, before) => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, referral.id, before);
    for (const body of [undefined, {}, { reason: '' }, { reason: '   ' }, { reason: null }]) {
      const res = await cast.provider.post(`/api/v1/referrals/${referral.id}/${action}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res)).toEqual(['reason']);
      expect(res.body.message).toMatch(/begrundelse/i);
    }
    const history = await cast.provider.get(`/api/v1/referrals/${referral.id}/history`);
    expect(history.body.items).toHaveLength(1 + before.length);
  });

  it('accepts on a cohort offer only with a cohort of that offer', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedCohorts);
    const missing = await cast.provider.post(`/api/v1/referrals/${referral.id}/accept`);
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing)).toEqual(['cohortId']);
    const cohorts = await cast.provider.get(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`);
    const otherOffer = await cast.provider.get(`/api/v1/offers/${OFFERS.directCohorts}/cohorts`);
    const foreign = await cast.provider.post(`/api/v1/referrals/${referral.id}/accept`, { cohortId: otherOffer.body.items[0].id });
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign)).toEqual(['cohortId']);
    const cohortId = cohorts.body.items[0].id;
    const ok = await cast.provider.post(`/api/v1/referrals/${referral.id}/accept`, { cohortId });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ status: 'accepted', cohortId });
  });

  it('takes a cohort only when accepting: other transitions with a cohortId answer 400 and change nothing', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedCohorts);
    const [first, second] = (await cast.provider.get(`/api/v1/offers/${OFFERS.assessedCohorts}/cohorts`)).body.items;
    await act(cast.provider, referral.id, ['accept'], { cohortId: first.id });
    const moved = await cast.provider.post(`/api/v1/referrals/${referral.id}/start`, { cohortId: second.id });
    expect(moved.status).toBe(400);
    expect(fieldsOf(moved)).toEqual(['cohortId']);
    const unknown = await cast.caseworker.post(`/api/v1/referrals/${referral.id}/withdraw`, { cohortId: 999_999 });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown)).toEqual(['cohortId']);
    const now = await cast.provider.get(`/api/v1/referrals/${referral.id}`);
    expect(now.body).toMatchObject({ status: 'accepted', cohortId: first.id });
  });
});

describe('consent', () => {
  it.each<[string, (b: Json) => void, string]>([
    ['missing', (b: Json) => { delete b.consent; }, 'body.consent'],
    ['not given', (b: Json) => { b.consent.given = false; }, 'body.consent.given'],
    ['given as a string', (b: Json) => { b.consent.given = 'true'; }, 'body.consent.given'],
    ['scope too short', (b: Json) => { b.consent.scope = 'kort'; }, 'body.consent.scope'],
  ])('refuses a referral whose consent is %s: 400 naming the field', async (_what, change, field) => {
    const body: Json = referralBody(OFFERS.assessedSeats);
    change(body);
    const before = (await cast.caseworker.get('/api/v1/referrals?pageSize=1')).body.total;
    const res = await cast.caseworker.post('/api/v1/referrals', body);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain(field);
    expect((await cast.caseworker.get('/api/v1/referrals?pageSize=1')).body.total).toBe(before);
  });

  it('records who gave consent, when, and its scope', async () => {
    const scope = 'Samtykke til udveksling af helbredsoplysninger med psykologen';
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats, { consent: { given: true, scope } });
    const res = await cast.provider.get(`/api/v1/referrals/${referral.id}`);
    expect(res.body.consent).toEqual({ scope, recordedBy: cast.caseworker.user.name, recordedAt: referral.createdAt });
    expect(res.body.consent.recordedAt).toMatch(ISO_INSTANT);
    const [row] = await t.app.engine.query('select consent_scope, consent_recorded_by, consent_recorded_at from referrals where id = ?', [referral.id]);
    expect(row).toEqual({ consent_scope: scope, consent_recorded_by: cast.caseworker.user.id, consent_recorded_at: referral.createdAt });
  });

  it('uses the standard scope when none is given', async () => {
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats, { consent: { given: true } });
    expect(referral.consent.scope).toMatch(/^Borgeren giver samtykke/);
  });
});

describe('the inbox over the API', () => {
  it('pages like the other lists, newest first, 20 by default', async () => {
    const { t: app, cast: c } = await startAppWithCast();
    try {
      const ids: number[] = [];
      for (let i = 0; i < 23; i++) ids.push((await refer(c.caseworker, OFFERS.assessedSeats)).id);
      const first = await c.provider.get('/api/v1/inbox');
      expect(first.body).toMatchObject({ total: 23, page: 1, pageSize: 20 });
      expect(first.body.items.map((r: { id: number }) => r.id)).toEqual(ids.slice(3).reverse());
      const second = await c.provider.get('/api/v1/inbox?page=2');
      expect(second.body.items.map((r: { id: number }) => r.id)).toEqual(ids.slice(0, 3).reverse());
      expect((await c.provider.get('/api/v1/inbox?pageSize=0')).status).toBe(400);
    } finally {
      await app.close();
    }
  });
});
