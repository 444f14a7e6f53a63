/**
 * Operations and the closed loop: health and readiness, the OpenAPI document and its UI, and the
 * caseworker's notifications (unread count, mark one or all read, each with its e-mail in the outbox).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { act, apiRoutes, type Cast, type Json, OFFERS, refer, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

describe('health', () => {
  it('answers /healthz and /readyz without a session', async () => {
    const health = await cast.anonymous.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await cast.anonymous.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', offers: t.app.catalogue.offers().length });
    expect(ready.body.offers).toBeGreaterThan(50);
  });

  it('does not give up on a long start: importing tens of thousands of offer files takes more than 10 s', () => {
    // Fastify's default (10 s per plugin) stopped the start of a 10,000-offer catalogue (the scale benchmark).
    expect(t.app.initialConfig.pluginTimeout).toBe(0);
  });
});

describe('OpenAPI', () => {
  it('serves the document at /api/docs/json, listing every /api/v1 route with its method', async () => {
    const res = await cast.anonymous.get('/api/docs/json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(res.body.info.title).toBe('Indsatskatalog API');
    const paths: Record<string, Record<string, Json>> = res.body.paths;
    for (const { method, url } of apiRoutes(t.app)) {
      if (method === 'HEAD') continue;
      const documented = url.replace(/:(\w+)/g, '{$1}');
      expect(paths[documented]?.[method.toLowerCase()], `${method} ${documented}`).toBeDefined();
    }
    expect(paths['/api/v1/referrals']!.post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['offerSlug', 'citizenRef', 'purpose', 'consent']));
    expect(paths['/api/v1/referrals/{id}/decline']!.post.summary).toMatch(/begrundelse/);
    expect(paths['/api/v1/referrals/{id}/history']!.get.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'id', required: true }));
  });

  it('documents what every /api/v1 route answers: its success and its problems', async () => {
    const paths: Record<string, Record<string, Json>> = (await cast.anonymous.get('/api/docs/json')).body.paths;
    for (const { method, url } of apiRoutes(t.app)) {
      if (method === 'HEAD' || url === '/api/v1/search-index') continue; // the index is a gzipped file, described in its summary
      const responses = paths[url.replace(/:(\w+)/g, '{$1}')]![method.toLowerCase()].responses;
      const success = Object.keys(responses).find((code) => code.startsWith('2'));
      expect(success, `${method} ${url} documents its success`).toBeDefined();
      if (success !== '204') expect(responses[success!].content['application/json'].schema, `${method} ${url}`).toBeDefined();
      expect(responses['401'] ?? responses['400'], `${method} ${url} documents its problems`).toBeDefined();
    }
    const referral = paths['/api/v1/referrals/{id}']!.get.responses['200'].content['application/json'].schema;
    expect(referral.required).toEqual(expect.arrayContaining(['id', 'status', 'nextStatuses', 'subGoals', 'who5']));
  });

  it('serves the browsable documentation at /api/docs', async () => {
    const res = await cast.anonymous.get('/api/docs/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger/i);
  });
});

describe('notifications', () => {
  it('tells the caseworker of the provider’s status changes, counts the unread and marks them read', async () => {
    const start = (await cast.caseworker.get('/api/v1/notifications')).body;
    const a = await refer(cast.caseworker, OFFERS.assessedSeats);
    const b = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, a.id, ['receive', 'accept']);
    await act(cast.provider, b.id, ['decline'], { reason: 'Borgeren er ikke i målgruppen' });
    // The caseworker's own action tells nobody, least of all themselves.
    const c = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.caseworker, c.id, ['withdraw']);

    const after = (await cast.caseworker.get('/api/v1/notifications')).body;
    expect(after.unread).toBe(start.unread + 3);
    const fresh = after.items.slice(0, 3);
    expect(fresh.map((n: Json) => [n.referralId, n.kind, n.readAt])).toEqual([[b.id, 'status', null], [a.id, 'status', null], [a.id, 'status', null]]);
    expect(fresh[0].message).toContain('Afvist – Borgeren er ikke i målgruppen');
    expect(fresh[0].message).toContain(b.citizenRef);
    expect(fresh[1].message).toContain('Optaget');
    expect(fresh[2].message).toContain('Modtaget');
    expect(after.items.some((n: Json) => n.referralId === c.id)).toBe(false);
    expect((await cast.provider.get('/api/v1/notifications')).body.unread).toBe(0);

    // Each notification has its e-mail to the caseworker in the outbox.
    const mails = await t.app.engine.query<Json>('select n.id, o.to_address as to_address from notifications n join email_outbox o on o.notification_id = n.id where n.referral_id in (?, ?)', [a.id, b.id]);
    expect(mails).toHaveLength(3);
    expect(mails.every((m) => m.to_address === cast.caseworker.user.email)).toBe(true);

    // Mark one read (twice: the second is a no-op), then the rest.
    for (let i = 0; i < 2; i++) expect((await cast.caseworker.post(`/api/v1/notifications/${fresh[0].id}/read`)).status).toBe(204);
    const one = (await cast.caseworker.get('/api/v1/notifications')).body;
    expect(one.unread).toBe(after.unread - 1);
    expect(one.items.find((n: Json) => n.id === fresh[0].id).readAt).toEqual(expect.any(String));
    const unreadOnly = (await cast.caseworker.get('/api/v1/notifications?unread=true')).body.items as Json[];
    expect(unreadOnly.map((n) => n.id)).not.toContain(fresh[0].id);
    expect(unreadOnly.every((n) => n.readAt === null)).toBe(true);
    expect(unreadOnly).toHaveLength(one.unread);

    const all = await cast.caseworker.post('/api/v1/notifications/read-all');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ marked: one.unread });
    expect((await cast.caseworker.get('/api/v1/notifications')).body.unread).toBe(0);
    expect((await cast.caseworker.get('/api/v1/notifications?unread=true')).body.items).toEqual([]);
    expect((await cast.caseworker.post('/api/v1/notifications/read-all')).body).toEqual({ marked: 0 });
  });

  it('tells the caseworker of the closing report and of a proposed other offer', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, r.id, ['accept', 'start', 'complete']);
    expect((await cast.provider.put(`/api/v1/referrals/${r.id}/closing-report`, { summary: 'Borgeren har gennemført forløbet og har fået det bedre.' })).status).toBe(200);
    expect((await cast.provider.post(`/api/v1/referrals/${r.id}/proposals`, { offerSlug: OFFERS.assessedSeats2, reason: 'Et længere forløb vil hjælpe borgeren' })).status).toBe(201);
    const items = (await cast.caseworker.get('/api/v1/notifications?unread=true')).body.items as Json[];
    expect(items.filter((n) => n.referralId === r.id).map((n) => n.kind)).toEqual(['proposal', 'closing_report', 'status', 'status', 'status']);
  });
});
