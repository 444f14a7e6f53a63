/**
 * Offers are records with revisions in the database: a save from the browser outlives a restart with the
 * unchanged files on disk, a changed file becomes a revision, and a renamed offer's old addresses redirect.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { copyContent, startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { injectTransport, loginCast, OFFERS, refer } from './helpers.ts';

const SLUG = 'angstskolen';
const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-records-'));
const content = copyContent();
const env = { DATABASE_PATH: path.join(dir, 'portal.db') };
let running: TestApp | undefined;
afterEach(async () => { await running?.close(); running = undefined; });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); rmSync(content, { recursive: true, force: true }); });

const start = async (watchContent = false) => (running = await startTestApp({ contentDir: content, env, watchContent }));

describe('offers as records', () => {
  it('keeps a save from the browser over a restart with the unchanged file on disk', async () => {
    const { app } = await start();
    const [stored] = (await app.offers.latest()).filter((o) => o.slug === SLUG);
    await app.offers.saveRevision({ offer: { ...stored!.offer, title: 'Angstskolen (rettet i browseren)' }, source: 'editor' });
    await waitFor(() => app.catalogue.summary(SLUG)?.title === 'Angstskolen (rettet i browseren)', 5_000, 'the live catalogue to reload');
    await running!.close(); running = undefined;

    const again = await start();
    expect(again.app.catalogue.summary(SLUG)?.title).toBe('Angstskolen (rettet i browseren)');
    const page = await again.app.inject({ url: `/tilbud/${SLUG}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Angstskolen (rettet i browseren)');
  });

  it('makes a changed file on disk a new revision, live without a restart', async () => {
    const { app } = await start(true);
    const file = path.join(content, 'offers', `${SLUG}.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Angstskolen fra filen'));
    await waitFor(() => app.catalogue.summary(SLUG)?.title === 'Angstskolen fra filen', 10_000, 'the changed file to go live');
    const { id } = (await app.offers.findBySlug(SLUG))!;
    const revisions = await app.offers.revisions(id);
    expect(revisions.at(-1)).toMatchObject({ source: 'file', sourceRef: `offers/${SLUG}.md` });
    expect(revisions.length).toBeGreaterThanOrEqual(3);
  });

  it('answers the old address of a renamed offer with a permanent redirect, on the page and in the API', async () => {
    const { app } = await start();
    const { id } = (await app.offers.findBySlug(SLUG))!;
    await app.offers.rename(id, `${SLUG}-for-voksne`);
    await waitFor(() => app.catalogue.summary(`${SLUG}-for-voksne`) !== undefined, 5_000, 'the renamed offer to go live');

    const page = await app.inject({ url: `/tilbud/${SLUG}` });
    expect([page.statusCode, page.headers.location]).toEqual([301, `/tilbud/${SLUG}-for-voksne`]);
    expect((await app.inject({ url: `/tilbud/${SLUG}-for-voksne` })).statusCode).toBe(200);
    const { caseworker } = await loginCast(injectTransport(app));
    const api = await caseworker.get(`/api/v1/offers/${SLUG}`);
    expect([api.status, api.headers.location]).toEqual([301, `/api/v1/offers/${SLUG}-for-voksne`]);
    expect((await caseworker.get(`/api/v1/offers/${SLUG}-for-voksne`)).body.slug).toBe(`${SLUG}-for-voksne`);
    expect((await caseworker.get('/api/v1/offers/findes-ikke')).status).toBe(404);
    expect((await app.inject({ url: '/tilbud/findes-ikke' })).statusCode).toBe(404);
  });

  it('keeps referrals and cohorts with their offer through a rename: they point at its id', async () => {
    const { app } = await start();
    const cast = await loginCast(injectTransport(app));
    const slug = OFFERS.directCohorts;
    const referral = await refer(cast.caseworker, slug);
    const offerId = app.catalogue.offerId(slug)!;
    const row = async () => (await app.engine.query('select offer_id, offer_slug from referrals where id = ?', [referral.id]))[0];
    expect(await row()).toEqual({ offer_id: offerId, offer_slug: slug });
    const cohortsBefore = (await cast.provider.get(`/api/v1/offers/${slug}/cohorts`)).body.items.length;

    await app.offers.rename(offerId, `${slug}-2027`);
    await waitFor(() => app.catalogue.summary(`${slug}-2027`) !== undefined, 5_000, 'the renamed offer to go live');
    expect(await row()).toEqual({ offer_id: offerId, offer_slug: `${slug}-2027` });
    const detail = await cast.caseworker.get(`/api/v1/referrals/${referral.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.offer).toEqual({ slug: `${slug}-2027`, title: app.catalogue.summary(`${slug}-2027`)!.title });
    expect((await cast.provider.get(`/api/v1/offers/${slug}-2027/cohorts`)).body.items).toHaveLength(cohortsBefore);
    const page = await cast.caseworker.get(`/arbejde/henvisninger/${referral.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(app.catalogue.summary(`${slug}-2027`)!.title);
  });

  it('links rows written before offers were records to their offer at start, and the database refuses an unknown offer id', async () => {
    const { app } = await start();
    const cast = await loginCast(injectTransport(app));
    const referral = await refer(cast.caseworker, OFFERS.assessedSeats);
    await app.engine.query('update referrals set offer_id = null');
    await app.engine.query('update cohorts set offer_id = null');
    await running!.close(); running = undefined;

    const again = (await start()).app;
    const [unlinked] = await again.engine.query('select cast((select count(*) from referrals where offer_id is null) + (select count(*) from cohorts where offer_id is null) as integer) as n');
    expect(unlinked).toEqual({ n: 0 });
    const [linked] = await again.engine.query<{ offer_id: string }>('select offer_id from referrals where id = ?', [referral.id]);
    expect(linked!.offer_id).toBe(again.catalogue.offerId(OFFERS.assessedSeats));
    await expect(again.engine.query('update referrals set offer_id = ? where id = ?', ['no-such-offer', referral.id])).rejects.toThrow(/FOREIGN KEY|foreign key/);
  });
});
