/**
 * Health departments keep their own offers: the editor's commands through the API and the pages, on
 * either engine. An edit is live without a rebuild; a save on top of another's newer save is refused and
 * nothing is overwritten; another organisation's editor finds none of it (404 everywhere); archived offers
 * leave the catalogue but keep their referrals; approval mode holds a provider editor's change until an
 * administrator approves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { formatDateTime } from '../../core/dates.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { ADMIN_EMAIL, ORG, OTHER_ORG, OTHER_ORG_OFFER, OFFERS, caseworkerEmail, fieldsOf, injectTransport, login, refer, UNIT, type Api } from './helpers.ts';

const editorEmail = (organisation: string) => `redaktoer.${organisation}@aadal.example.dk`;
const SLUG = OFFERS.assessedSeats;

let t: TestApp;
let editor: Api;
let otherEditor: Api;
let caseworker: Api;
let admin: Api;

beforeAll(async () => {
  t = await startTestApp();
  const transport = injectTransport(t.app);
  [editor, otherEditor, caseworker, admin] = await Promise.all([
    login(transport, editorEmail(ORG)), login(transport, editorEmail(OTHER_ORG)), login(transport, caseworkerEmail(UNIT)), login(transport, ADMIN_EMAIL),
  ]);
});
afterAll(async () => { await t?.close(); });

const open = async (client: Api, slug: string) => {
  const res = await client.get(`/api/v1/offer-records/${slug}`);
  expect(res.status, res.text).toBe(200);
  return res.body as { record: { latestRevisionId: number; state: string; pendingRevisionId: number | null }; offer: Record<string, unknown>; body: string };
};

describe('editing an offer', () => {
  it('publishes a change that the catalogue, the public page and search show without a restart', async () => {
    const { record, offer, body } = await open(editor, SLUG);
    const res = await editor.put(`/api/v1/offer-records/${SLUG}`, {
      offer: { ...offer, title: 'Psykolog i jobcentret (rettet)' }, body, intent: 'publish', basedOnRevisionId: record.latestRevisionId,
    });
    expect([res.status, res.body.outcome], res.text).toEqual([200, 'published']);
    await waitFor(() => t.app.catalogue.summary(SLUG)?.title === 'Psykolog i jobcentret (rettet)', 5_000, 'the change to go live');
    expect((await t.app.inject({ url: `/tilbud/${SLUG}` })).body).toContain('Psykolog i jobcentret (rettet)');
    expect((await t.app.inject({ url: '/soeg?q=rettet' })).body).toContain(`/tilbud/${SLUG}`);
  });

  it('keeps a draft off the public page until it is published', async () => {
    const { record, offer, body } = await open(editor, SLUG);
    const res = await editor.put(`/api/v1/offer-records/${SLUG}`, {
      offer: { ...offer, title: 'Kladde der ikke må ses' }, body, intent: 'draft', basedOnRevisionId: record.latestRevisionId,
    });
    expect(res.body.outcome).toBe('draft');
    const after = await open(editor, SLUG);
    expect(after.record.state).toBe('published');
    expect(after.offer.title).toBe('Kladde der ikke må ses');
    expect(t.app.catalogue.summary(SLUG)?.title).not.toBe('Kladde der ikke må ses');
    // Publishing the saved draft unchanged counts.
    const published = await editor.put(`/api/v1/offer-records/${SLUG}`, { offer: after.offer, body: after.body, intent: 'publish', basedOnRevisionId: after.record.latestRevisionId });
    expect(published.body.outcome).toBe('published');
    await waitFor(() => t.app.catalogue.summary(SLUG)?.title === 'Kladde der ikke må ses', 5_000, 'the draft to go live');
  });

  it('refuses a save based on an older revision with 409 and overwrites nothing', async () => {
    const first = await open(editor, SLUG);
    const second = await open(admin, SLUG);
    expect((await admin.put(`/api/v1/offer-records/${SLUG}`, {
      offer: { ...second.offer, duration: '10 uger' }, body: second.body, intent: 'publish', basedOnRevisionId: second.record.latestRevisionId,
    })).status).toBe(200);
    const late = await editor.put(`/api/v1/offer-records/${SLUG}`, {
      offer: { ...first.offer, duration: '12 uger' }, body: first.body, intent: 'publish', basedOnRevisionId: first.record.latestRevisionId,
    });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/rettet af en anden/);
    const now = await open(editor, SLUG);
    expect(now.offer.duration).toBe('10 uger');
  });

  it('names the field of bad input in Danish and stores nothing', async () => {
    const { record, offer, body } = await open(editor, SLUG);
    const res = await editor.put(`/api/v1/offer-records/${SLUG}`, {
      offer: { ...offer, reviewBy: '31-12-2027' }, body, intent: 'publish', basedOnRevisionId: record.latestRevisionId,
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['body.offer.reviewBy']);
    expect(res.body.message).toContain('ÅÅÅÅ-MM-DD');
    expect((await open(editor, SLUG)).record.latestRevisionId).toBe(record.latestRevisionId);
  });

  it('restores an earlier revision as a new one, and the history says so', async () => {
    const { record } = await open(editor, SLUG);
    const res = await editor.post(`/api/v1/offer-records/${SLUG}/revert`, { revision: 1, intent: 'publish', basedOnRevisionId: record.latestRevisionId });
    expect(res.status, res.text).toBe(200);
    const history = (await editor.get(`/api/v1/offer-records/${SLUG}/revisions`)).body.items;
    expect(history.at(-1)).toMatchObject({ sourceRef: 'restore:1', source: 'editor', authorName: expect.stringContaining('Redaktør') });
    expect(history[0]).toMatchObject({ number: 1, source: 'file' });
    await waitFor(() => t.app.catalogue.summary(SLUG)?.title === 'Psykolog i jobcentret – korte samtaleforløb', 5_000, 'revision 1 to be live again');
  });

  it('dates the history in Danish time, as every other page does', async () => {
    const history = (await editor.get(`/api/v1/offer-records/${SLUG}/revisions`)).body.items;
    const page = await t.app.inject({ url: `/arbejde/tilbud/${SLUG}/historik`, headers: { cookie: `${SESSION_COOKIE}=${editor.session!.cookie}` } });
    expect(page.body).toContain(formatDateTime(history.at(-1).createdAt));
  });
});

describe('creating, archiving and restoring', () => {
  const NEW_SLUG = 'gaa-tur-med-en-makker';
  it('creates an offer as a draft, then publishes it; a taken slug is refused naming the field', async () => {
    const { offer } = await open(editor, SLUG);
    const newOffer = { ...offer, slug: NEW_SLUG, title: 'Gå-tur med en makker' };
    const draft = await editor.post('/api/v1/offer-records', { offer: newOffer, body: 'Vi går sammen.', intent: 'draft' });
    expect([draft.status, draft.body.outcome], draft.text).toEqual([201, 'draft']);
    expect(t.app.catalogue.summary(NEW_SLUG)).toBeUndefined();
    expect((await t.app.inject({ url: `/tilbud/${NEW_SLUG}` })).statusCode).toBe(404);

    const taken = await editor.post('/api/v1/offer-records', { offer: newOffer, body: '', intent: 'draft' });
    expect([taken.status, fieldsOf(taken)]).toEqual([409, ['slug']]);

    const { record } = await open(editor, NEW_SLUG);
    await editor.put(`/api/v1/offer-records/${NEW_SLUG}`, { offer: newOffer, body: 'Vi går sammen.', intent: 'publish', basedOnRevisionId: record.latestRevisionId });
    await waitFor(() => t.app.catalogue.summary(NEW_SLUG) !== undefined, 5_000, 'the new offer to go live');
    expect((await t.app.inject({ url: '/sitemap.xml' })).body).toContain(`/tilbud/${NEW_SLUG}`);
  });

  it('takes an archived offer out of the catalogue and new referrals, keeps its open referrals, and restores it', async () => {
    const referral = await refer(caseworker, OFFERS.assessedSeats2);
    const archived = await editor.post(`/api/v1/offer-records/${OFFERS.assessedSeats2}/archive`);
    expect(archived.status, archived.text).toBe(200);
    await waitFor(() => t.app.catalogue.summary(OFFERS.assessedSeats2) === undefined, 5_000, 'the offer to leave the catalogue');
    expect((await t.app.inject({ url: `/tilbud/${OFFERS.assessedSeats2}` })).statusCode).toBe(404);
    expect((await caseworker.post('/api/v1/referrals', { offerSlug: OFFERS.assessedSeats2, citizenRef: 'SAG-ARK-1', purpose: 'Borgeren ønsker hjælp til at komme videre', consent: { given: true } })).status).toBeGreaterThanOrEqual(400);
    const still = await caseworker.get(`/api/v1/referrals/${referral.id}`);
    expect([still.status, still.body.status]).toEqual([200, referral.status]);
    // An archived offer is not edited until it is restored.
    const { record, offer, body } = await open(editor, OFFERS.assessedSeats2);
    expect((await editor.put(`/api/v1/offer-records/${OFFERS.assessedSeats2}`, { offer, body, intent: 'publish', basedOnRevisionId: record.latestRevisionId })).status).toBe(409);

    expect((await editor.post(`/api/v1/offer-records/${OFFERS.assessedSeats2}/restore`)).status).toBe(200);
    await waitFor(() => t.app.catalogue.summary(OFFERS.assessedSeats2) !== undefined, 5_000, 'the offer to return');
  });
});

describe('scoping: another organisation\'s editor', () => {
  it('gets 404 on every editor route of the offer, and cannot create one for the organisation', async () => {
    const { record, offer, body } = await open(editor, SLUG);
    const answers = await Promise.all([
      otherEditor.get(`/api/v1/offer-records/${SLUG}`),
      otherEditor.get(`/api/v1/offer-records/${SLUG}/revisions`),
      otherEditor.put(`/api/v1/offer-records/${SLUG}`, { offer, body, intent: 'publish', basedOnRevisionId: record.latestRevisionId }),
      otherEditor.post(`/api/v1/offer-records/${SLUG}/archive`),
      otherEditor.post(`/api/v1/offer-records/${SLUG}/restore`),
      otherEditor.post(`/api/v1/offer-records/${SLUG}/revert`, { revision: 1 }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404]);
    const list = (await otherEditor.get('/api/v1/offer-records')).body.items as { organisationId: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((o) => o.organisationId === OTHER_ORG)).toBe(true);
    const created = await otherEditor.post('/api/v1/offer-records', { offer: { ...offer, slug: 'fremmed-tilbud' }, body: '', intent: 'draft' });
    expect(created.status).toBe(403);
    // Their own offers they may edit.
    expect((await otherEditor.get(`/api/v1/offer-records/${OTHER_ORG_OFFER}`)).status).toBe(200);
  });

  it('gets 404 on every editor page of the offer', async () => {
    const cookie = `${SESSION_COOKIE}=${otherEditor.session!.cookie}`;
    for (const url of [`/arbejde/tilbud/${SLUG}`, `/arbejde/tilbud/${SLUG}/historik`]) {
      expect((await t.app.inject({ url, headers: { cookie } })).statusCode, url).toBe(404);
    }
  });

  it('refuses a caseworker every editor route (403) and page', async () => {
    expect((await caseworker.get('/api/v1/offer-records')).status).toBe(403);
    expect((await caseworker.get(`/api/v1/offer-records/${SLUG}`)).status).toBe(403);
    const page = await t.app.inject({ url: '/arbejde/tilbud', headers: { cookie: `${SESSION_COOKIE}=${caseworker.session!.cookie}` } });
    expect([page.statusCode, page.headers.location]).toEqual([303, '/ingen-adgang']);
  });
});

describe('approval mode', () => {
  let approving: TestApp;
  let providerEditor: Api;
  let approver: Api;
  afterAll(async () => { await approving?.close(); });

  it('holds a provider editor\'s change until an administrator approves it', async () => {
    approving = await startTestApp({ env: { OFFER_APPROVAL: 'true' } });
    const transport = injectTransport(approving.app);
    [providerEditor, approver] = await Promise.all([login(transport, `udbyder.${ORG}@aadal.example.dk`), login(transport, ADMIN_EMAIL)]);
    const { record, offer, body } = await open(providerEditor, SLUG);
    const before = approving.app.catalogue.summary(SLUG)!.title;
    const res = await providerEditor.put(`/api/v1/offer-records/${SLUG}`, {
      offer: { ...offer, title: 'Venter på godkendelse' }, body, intent: 'publish', basedOnRevisionId: record.latestRevisionId,
    });
    expect(res.body.outcome).toBe('pending');
    const waiting = await open(providerEditor, SLUG);
    expect(waiting.record.pendingRevisionId).toBe(waiting.record.latestRevisionId);
    await new Promise((r) => setTimeout(r, 200));
    expect(approving.app.catalogue.summary(SLUG)!.title).toBe(before);
    expect((await providerEditor.post(`/api/v1/offer-records/${SLUG}/approve`, { revisionId: waiting.record.pendingRevisionId })).status).toBe(403);

    const approved = await approver.post(`/api/v1/offer-records/${SLUG}/approve`, { revisionId: waiting.record.pendingRevisionId });
    expect(approved.status, approved.text).toBe(200);
    await waitFor(() => approving.app.catalogue.summary(SLUG)!.title === 'Venter på godkendelse', 5_000, 'the approved change to go live');
    // Approving again: nothing waits any more.
    expect((await approver.post(`/api/v1/offer-records/${SLUG}/approve`, { revisionId: waiting.record.pendingRevisionId })).status).toBe(409);
  });
});
