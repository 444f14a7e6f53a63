/**
 * The inbox's page reads the inbox's own partial index (referrals_inbox: its statuses only, newest first),
 * so a provider whose thousands of referrals are all closed learns at once that nothing is new. Without it
 * the page walked the provider's whole history backwards looking for a new one (167 ms on a national year).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { INBOX_STATUSES } from '../../core/referrals/status.ts';
import { referralListQueries } from '../../server/services/referrals.ts';
import { type Cast, OFFERS, ORG, act, refer, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

describe('the inbox query', () => {
  it('reads the inbox index, and answers only new referrals, newest first', async () => {
    const closed = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, closed.id, ['decline'], { reason: 'Passer ikke til borgerens behov' });
    // A history of closed referrals, as a provider has after a year.
    await t.app.engine.query(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000)
      insert into referrals (offer_slug, offer_id, provider_organisation_id, unit_id, caseworker_id, citizen_ref, purpose, consent_scope,
        consent_recorded_by, consent_recorded_at, status, created_at, updated_at)
      select offer_slug, offer_id, provider_organisation_id, unit_id, caseworker_id, 'LUKKET-' || i, purpose, consent_scope,
        consent_recorded_by, consent_recorded_at, status, created_at, updated_at
      from referrals, n where id = ?`, [closed.id]);
    await t.app.engine.query('analyze');

    const { page } = referralListQueries(t.app.engine.db, t.app.engine.tables.referrals, { kind: 'organisation', organisationId: ORG },
      { status: [...INBOX_STATUSES], page: 1, pageSize: 20, order: 'newest' });
    const { sql, params } = page.toSQL();
    const plan = t.app.engine.kind === 'postgres'
      ? (await t.app.engine.query<{ 'QUERY PLAN': string }>(`explain ${sql}`, params)).map((row) => row['QUERY PLAN']).join('\n')
      : (await t.app.engine.query<{ detail: string }>(`explain query plan ${sql}`, params)).map((row) => row.detail).join('\n');
    expect(plan).toContain('referrals_inbox');

    const fresh = await refer(cast.caseworker, OFFERS.assessedSeats);
    const inbox = await cast.provider.get('/api/v1/inbox');
    expect(inbox.status, inbox.text).toBe(200);
    expect(inbox.body.items.map((item: { id: number }) => item.id)).toContain(fresh.id);
    expect(inbox.body.items.every((item: { status: string }) => INBOX_STATUSES.includes(item.status as never))).toBe(true);
  });
});
