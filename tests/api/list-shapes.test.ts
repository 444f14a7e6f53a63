/**
 * Referral lists are compiled once per shape (which filters are set) and run with each request's values.
 * Lists of the same shape with other values must answer for those values, never for the first list of
 * that shape: each pair below shares a compiled statement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { type Cast, OFFERS, act, refer, startAppWithCast } from './helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => ({ t, cast } = await startAppWithCast()));
afterAll(async () => { await t.close(); });

const ids = (body: { items: { id: number }[] }) => body.items.map((item) => item.id).sort((a, b) => a - b);

describe('referral lists of one shape', () => {
  it('answer for their own values: citizen, status, scope, page', async () => {
    const a = await refer(cast.caseworker, OFFERS.assessedSeats);
    const b = await refer(cast.caseworker, OFFERS.assessedSeats);
    const other = await refer(cast.otherCaseworker, OFFERS.assessedSeats);
    await act(cast.provider, b.id, ['accept']);

    const byCitizen = async (ref: string) => (await cast.caseworker.get(`/api/v1/referrals?citizenRef=${ref}`)).body;
    expect(ids(await byCitizen(a.citizenRef))).toEqual([a.id]);
    expect(ids(await byCitizen(b.citizenRef))).toEqual([b.id]);

    const byStatus = async (status: string) => ids((await cast.caseworker.get(`/api/v1/referrals?status=${status}`)).body);
    expect(await byStatus('sent')).toEqual([a.id]);
    expect(await byStatus('accepted')).toEqual([b.id]);

    // The same shape (scope: a unit, no filter) for two units.
    expect(ids((await cast.caseworker.get('/api/v1/referrals')).body)).toEqual([a.id, b.id]);
    expect(ids((await cast.otherCaseworker.get('/api/v1/referrals')).body)).toEqual([other.id]);

    // Pages: the limit and offset are values too.
    const first = (await cast.caseworker.get('/api/v1/referrals?pageSize=1&page=1')).body;
    const second = (await cast.caseworker.get('/api/v1/referrals?pageSize=1&page=2')).body;
    expect([...ids(first), ...ids(second)].sort((x, y) => x - y)).toEqual([a.id, b.id]);
    expect(first.total).toBe(2);

    // Dates: a range that holds today, and one that does not.
    const today = new Date().toISOString().slice(0, 10);
    expect(ids((await cast.caseworker.get(`/api/v1/referrals?from=${today}&to=${today}`)).body)).toEqual([a.id, b.id]);
    expect(ids((await cast.caseworker.get('/api/v1/referrals?from=2020-01-01&to=2020-01-31')).body)).toEqual([]);
  });
});
