/**
 * Referral lists count up to LIST_COUNT_LIMIT rows and then say "more than": a national provider's inbox
 * once counted every one of its tens of thousands of referrals on each request. Below the limit the count is
 * exact; above it the API flags the total as a lower bound and the pages say "1.000+" and keep a next page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { LIST_COUNT_LIMIT } from '../../core/paging.ts';
import { type Cast, OFFERS, getPage, refer, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

/** `n` copies of a referral, written with SQL as a bulk load would (the same on both engines). */
async function copies(referralId: number, n: number, prefix: string): Promise<void> {
  await t.app.engine.query(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
    insert into referrals (offer_slug, offer_id, provider_organisation_id, unit_id, caseworker_id, citizen_ref, purpose, consent_scope,
      consent_recorded_by, consent_recorded_at, status, created_at, updated_at)
    select offer_slug, offer_id, provider_organisation_id, unit_id, caseworker_id, ? || i, purpose, consent_scope,
      consent_recorded_by, consent_recorded_at, status, created_at, updated_at
    from referrals, n where id = ?`, [n, prefix, referralId]);
}

describe('list counts', () => {
  it('are exact below the limit and a flagged lower bound above it, in the inbox, the lists and the pages', async () => {
    const first = await refer(cast.caseworker, OFFERS.assessedSeats);
    const small = await cast.provider.get('/api/v1/inbox?pageSize=5');
    expect(small.status, small.text).toBe(200);
    expect(small.body.totalIsLowerBound).toBe(false);
    const exact = small.body.total as number;
    expect(exact).toBeGreaterThanOrEqual(1);

    await copies(first.id, LIST_COUNT_LIMIT + 5, 'MANGE-');
    const inbox = await cast.provider.get('/api/v1/inbox?pageSize=5');
    expect(inbox.body).toMatchObject({ total: LIST_COUNT_LIMIT, totalIsLowerBound: true });
    expect(inbox.body.items).toHaveLength(5);
    // A filter that leaves few rows is counted exactly.
    const one = await cast.caseworker.get(`/api/v1/referrals?citizenRef=${first.citizenRef}`);
    expect(one.body).toMatchObject({ total: 1, totalIsLowerBound: false });
    const list = await cast.caseworker.get('/api/v1/referrals?pageSize=100&page=11');
    expect(list.body).toMatchObject({ total: LIST_COUNT_LIMIT, totalIsLowerBound: true });
    expect(list.body.items.length).toBeGreaterThan(0);

    const page = await getPage(t.app, cast.caseworker, '/arbejde/henvisninger');
    expect(page.status).toBe(200);
    expect(page.text).toContain('1.000+ henvisninger');
    expect(page.text).toMatch(/Side 1 af 40\+/);
    expect(page.text).toContain('rel="next"');
    const inboxPage = await getPage(t.app, cast.provider, '/arbejde/indbakke');
    expect(inboxPage.text).toContain('1.000+ nye henvisninger');
  });
});
