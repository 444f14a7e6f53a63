/**
 * Losing PostgreSQL while the portal runs: requests that need the database answer 503 (a readable page
 * for pages, JSON for the API, /readyz not ready) instead of 500, nothing half-written, and the same
 * process serves again once the database is back, without a restart. Runs on a cluster of its own, so
 * stopping it touches no other suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBin, startThrowawayCluster, type ThrowawayCluster } from '../../scripts/postgres-cluster.ts';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { injectTransport, loginCast, OFFERS, OTHER_ORG_OFFER, referralBody, type Cast } from '../api/helpers.ts';

// Needs a cluster of its own to stop: without Debian's package it is reported skipped (and CI has it).
const available = findPostgresBin() !== null;

describe.skipIf(!available)('a PostgreSQL outage', () => {
  let cluster: ThrowawayCluster;
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    t = await startTestApp({ env: { DATABASE_URL: cluster.url } });
    cast = await loginCast(injectTransport(t.app));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await cluster?.stop();
  });

  it('answers 503 while the database is away and serves again when it returns', async () => {
    expect((await t.app.inject({ url: `/tilbud/${OFFERS.assessedSeats}` })).statusCode).toBe(200);
    const before = await cast.caseworker.post('/api/v1/referrals', referralBody(OFFERS.assessedSeats, { citizenRef: 'UDFALD-1' }));
    expect(before.status).toBe(201);

    cluster.stopServer();
    try {
      const write = await cast.caseworker.post('/api/v1/referrals', referralBody(OFFERS.assessedSeats, { citizenRef: 'UDFALD-2' }));
      expect(write.status).toBe(503);
      expect(write.headers['retry-after']).toBe('5');
      expect(write.body.message).toMatch(/Databasen svarer ikke/);
      const list = await cast.caseworker.get('/api/v1/referrals');
      expect(list.status).toBe(503);
      const page = await t.app.inject({ url: '/arbejde/henvisninger', headers: { cookie: `${SESSION_COOKIE}=${cast.caseworker.session!.cookie}` } });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('Portalen kan ikke nå sin database lige nu');
      expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(503);
      // The catalogue's summaries are held in memory: citizens can still search it, and an offer page
      // read before the outage is served from the bounded cache of whole offers; one never read needs the
      // database and says so on a readable page.
      const search = await t.app.inject({ url: '/soeg?q=stress' });
      expect(search.statusCode).toBe(200);
      expect((await t.app.inject({ url: `/tilbud/${OFFERS.assessedSeats}` })).statusCode).toBe(200);
      const unread = await t.app.inject({ url: `/tilbud/${OTHER_ORG_OFFER}` });
      expect(unread.statusCode).toBe(503);
      expect(unread.body).toContain('Portalen kan ikke nå sin database lige nu');
    } finally {
      cluster.startServer();
    }

    await waitFor(async () => (await t.app.inject({ url: '/readyz' })).statusCode === 200, 10_000, 'the portal to be ready again');
    const after = await cast.caseworker.post('/api/v1/referrals', referralBody(OFFERS.assessedSeats, { citizenRef: 'UDFALD-3' }));
    expect(after.status).toBe(201);
    // The refused write left nothing behind; the two accepted ones are there.
    const refs = (await cast.caseworker.get('/api/v1/referrals?pageSize=100')).body.items.map((r: { citizenRef: string }) => r.citizenRef);
    expect(refs).toEqual(expect.arrayContaining(['UDFALD-1', 'UDFALD-3']));
    expect(refs).not.toContain('UDFALD-2');
  });
});
