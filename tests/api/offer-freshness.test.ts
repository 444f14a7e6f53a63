/**
 * Keeping the catalogue fresh, on either engine: "still correct" in one click moves the review date a year
 * on and says who and when; a due offer's owner is reminded once (a notice and an e-mail), and the
 * administrators get a weekly summary; a provider confirms seat figures in one click, and figures nobody
 * has confirmed for a while are marked uncertain to caseworkers and rank below confirmed ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from '../../db/orm.ts';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { ADMIN_EMAIL, ORG, OFFERS, caseworkerEmail, injectTransport, login, UNIT, type Api, type Json } from './helpers.ts';

const editorEmail = (organisation: string) => `redaktoer.${organisation}@aadal.example.dk`;
const SLUG = OFFERS.assessedSeats;

let t: TestApp;
let editor: Api;
let provider: Api;
let caseworker: Api;
let admin: Api;

beforeAll(async () => {
  t = await startTestApp();
  const transport = injectTransport(t.app);
  [editor, provider, caseworker, admin] = await Promise.all([
    login(transport, editorEmail(ORG)), login(transport, `udbyder.${ORG}@aadal.example.dk`), login(transport, caseworkerEmail(UNIT)), login(transport, ADMIN_EMAIL),
  ]);
});
afterAll(async () => { await t?.close(); });

const today = () => new Date().toISOString().slice(0, 10);
const record = async (slug: string) => (await editor.get(`/api/v1/offer-records/${slug}`)).body;
/** Moves an offer's review date into the past through the editor, as an editor might. */
async function makeDue(slug: string, reviewBy = '2026-01-15'): Promise<void> {
  const r = await record(slug);
  const res = await editor.put(`/api/v1/offer-records/${slug}`, { offer: { ...r.offer, reviewBy }, body: r.body, intent: 'publish', basedOnRevisionId: r.record.latestRevisionId });
  expect(res.status, res.text).toBe(200);
}
const noticesOf = (userId: number) => t.app.engine.query<Json>(
  'select n.kind, n.message, n.offer_id, o.to_address, o.subject from notifications n join email_outbox o on o.notification_id = n.id where n.user_id = ? and n.kind in (?, ?) order by n.id',
  [userId, 'review_due', 'review_summary']);

describe('reviews', () => {
  it('confirms an offer still correct in one click: the review date moves a year on, with who and when', async () => {
    await makeDue(SLUG);
    const res = await editor.post(`/api/v1/offer-records/${SLUG}/confirm-review`);
    expect(res.status, res.text).toBe(200);
    const nextYear = `${Number(today().slice(0, 4)) + 1}${today().slice(4)}`;
    expect(res.body.reviewBy).toBe(nextYear);
    const r = await record(SLUG);
    expect(r.offer.reviewBy).toBe(nextYear);
    expect(r.record.reviewedAt.slice(0, 10)).toBe(today());
    const history = (await editor.get(`/api/v1/offer-records/${SLUG}/revisions`)).body.items;
    expect(history.at(-1)).toMatchObject({ sourceRef: 'review', authorName: expect.stringContaining('Redaktør') });
    await waitFor(() => t.app.catalogue.summary(SLUG)?.reviewBy === nextYear, 5_000, 'the confirmation to go live');
    const page = (await t.app.inject({ url: `/tilbud/${SLUG}` })).body;
    expect(page).toMatch(/Senest gennemgået \d+\. \w+ \d{4}\. Næste gennemgang senest/);
  });

  it('warns a caseworker on an overdue offer, and not a citizen', async () => {
    await makeDue(OFFERS.assessedSeats2);
    await waitFor(() => t.app.catalogue.summary(OFFERS.assessedSeats2)?.reviewBy === '2026-01-15', 5_000, 'the overdue date to go live');
    const asCaseworker = await t.app.inject({ url: `/tilbud/${OFFERS.assessedSeats2}`, headers: { cookie: `${SESSION_COOKIE}=${caseworker.session!.cookie}` } });
    expect(asCaseworker.body).toContain('data-review-overdue');
    expect((await t.app.inject({ url: `/tilbud/${OFFERS.assessedSeats2}` })).body).not.toContain('data-review-overdue');
  });

  it('reminds the owner of a due offer once, with a notice and an e-mail, and lists it to review', async () => {
    await makeDue(OFFERS.directCohorts);
    const editorId = editor.user.id;
    const before = (await noticesOf(editorId)).length;
    const reminded = await t.app.reviewReminders.remindDue(new Date());
    expect(reminded).toBeGreaterThanOrEqual(1);
    const notices = (await noticesOf(editorId)).slice(before);
    // No account has the owner's e-mail in the demo: the organisation's editors are told.
    const offer = notices.find((n: Json) => String(n.message).includes('Stress og arbejde') || String(n.message).includes('skal gennemgås'));
    expect(offer).toMatchObject({ kind: 'review_due', to_address: editorEmail(ORG), subject: 'Indsatskatalog: et tilbud skal gennemgås' });
    // The provider given the editor role is told too; the next run reminds no one again.
    expect((await noticesOf(provider.user.id)).length).toBeGreaterThan(0);
    expect(await t.app.reviewReminders.remindDue(new Date())).toBe(0);
    const list = await t.app.inject({ url: '/arbejde/gennemsyn', headers: { cookie: `${SESSION_COOKIE}=${editor.session!.cookie}` } });
    expect(list.body).toContain(`data-slug="${OFFERS.directCohorts}"`);
    const mine = (await editor.get('/api/v1/notifications')).body.items.find((n: Json) => n.kind === 'review_due');
    expect(mine).toMatchObject({ referralId: null, offerSlug: expect.any(String) });
  });

  it('sends the administrators a weekly summary', async () => {
    const counts = await t.app.reviewReminders.summarise(new Date());
    expect(counts.overdue).toBeGreaterThanOrEqual(2);
    const [summary] = (await noticesOf(admin.user.id)).filter((n: Json) => n.kind === 'review_summary');
    expect(summary.message).toContain(`${counts.overdue} tilbud er over deres dato for gennemsyn`);
    expect(summary.to_address).toBe(ADMIN_EMAIL);
  });
});

describe('capacity freshness', () => {
  it('records a one-click confirmation, and setting the seats counts as one', async () => {
    const { offers } = t.app.engine.tables;
    await t.app.engine.db.update(offers).set({ capacityConfirmedAt: null }).where(eq(offers.slug, OFFERS.assessedSeats));
    const res = await provider.post(`/api/v1/offers/${OFFERS.assessedSeats}/capacity/confirm`);
    expect(res.status, res.text).toBe(200);
    const after = await record(OFFERS.assessedSeats);
    expect(after.record.capacityConfirmedAt.slice(0, 10)).toBe(today());
    await t.app.engine.db.update(offers).set({ capacityConfirmedAt: '2025-01-01T00:00:00.000Z' }).where(eq(offers.slug, OFFERS.assessedSeats2));
    expect((await provider.put(`/api/v1/offers/${OFFERS.assessedSeats2}/seats`, { seats: 25 })).status).toBe(200);
    expect((await record(OFFERS.assessedSeats2)).record.capacityConfirmedAt.slice(0, 10)).toBe(today());
  });

  it('marks uncertain figures to professionals beside the seats and in search, and ranks them after confirmed ones', async () => {
    const { offers } = t.app.engine.tables;
    const stale = OFFERS.assessedCohorts;
    await t.app.engine.db.update(offers).set({ capacityConfirmedAt: '2025-01-01T00:00:00.000Z' }).where(eq(offers.slug, stale));
    // Announced as a change would be, so every process reads it again.
    await t.app.engine.notify('offers_changed', JSON.stringify([(await t.app.offers.findBySlug(stale))!.id]));
    await waitFor(() => t.app.catalogue.freshness(stale)?.capacityConfirmedAt?.startsWith('2025') === true, 5_000, 'the stale date to be read');
    const cookie = `${SESSION_COOKIE}=${caseworker.session!.cookie}`;
    const page = (await t.app.inject({ url: `/tilbud/${stale}`, headers: { cookie } })).body;
    expect(page).toContain('Usikre pladstal');
    expect(page).toContain('Pladstallene er senest bekræftet af udbyderen 1. januar 2025');
    const search = (await t.app.inject({ url: '/soeg?q=sund', headers: { cookie } })).body;
    expect(search).toContain('Pladser ikke bekræftet i over 30 dage (senest 1. jan. 2025)');
    expect((await t.app.inject({ url: '/soeg?q=sund' })).body).not.toContain('Usikre pladstal');
    // Every offer on an empty query scores the same: the confirmed ones come first.
    const list = (await caseworker.get('/api/v1/offers?pageSize=100')).body.items.map((o: Json) => o.slug);
    const uncertain = new Set(list.filter((slug: string) => {
      const f = t.app.catalogue.freshness(slug);
      return !f?.capacityConfirmedAt || f.capacityConfirmedAt < new Date(Date.now() - 30 * 86_400_000).toISOString();
    }));
    expect(uncertain.has(stale)).toBe(true);
    const firstUncertain = list.findIndex((slug: string) => uncertain.has(slug));
    expect(list.slice(firstUncertain).every((slug: string) => uncertain.has(slug))).toBe(true);
  });
});
