/**
 * How pages travel: HTML with its charset, compressed as the client accepts, public pages revalidated by
 * ETag (a 304 when unchanged, a new ETag once the offer changes), personal pages never cached.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { caseworkerEmail, injectTransport, login, UNIT, type Api } from './helpers.ts';

let t: TestApp;
let caseworker: Api;
beforeAll(async () => {
  t = await startTestApp();
  caseworker = await login(injectTransport(t.app), caseworkerEmail(UNIT));
});
afterAll(async () => { await t?.close(); });

const OFFER = '/tilbud/angstskolen';

describe('pages over HTTP', () => {
  it('sends HTML with its charset, brotli or gzip as accepted, and the same page either way', async () => {
    const plain = await t.app.inject({ url: OFFER });
    const br = await t.app.inject({ url: OFFER, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const gzip = await t.app.inject({ url: OFFER, headers: { 'accept-encoding': 'gzip' } });
    expect(plain.headers['content-type']).toBe('text/html; charset=utf-8');
    expect([plain.headers['content-encoding'], br.headers['content-encoding'], gzip.headers['content-encoding']]).toEqual([undefined, 'br', 'gzip']);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(String(br.headers.vary)).toMatch(/Accept-Encoding/);
  });

  it('revalidates a public page by ETag: 304 while unchanged, a new page once the offer changes', async () => {
    const first = await t.app.inject({ url: OFFER });
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.app.inject({ url: OFFER, headers: { 'if-none-match': etag } });
    expect([again.statusCode, again.body]).toEqual([304, '']);
    const { id } = (await t.app.offers.findBySlug('angstskolen'))!;
    const stored = (await t.app.offers.published([id]))[0]!;
    await t.app.offers.saveRevision({ offer: { ...stored.offer, title: 'Angstskolen (ny titel)' }, source: 'editor', intent: 'publish' });
    await waitFor(() => t.app.catalogue.summary('angstskolen')?.title === 'Angstskolen (ny titel)', 5_000, 'the change');
    const changed = await t.app.inject({ url: OFFER, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain('Angstskolen (ny titel)');
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('never lets a page for a signed-in user be cached, nor gives it an ETag', async () => {
    const page = await t.app.inject({ url: OFFER, headers: { cookie: `${SESSION_COOKIE}=${caseworker.session!.cookie}`, 'accept-encoding': 'br' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers.etag).toBeUndefined();
    expect(page.headers['content-encoding']).toBe('br');
    // The login page is personal to anyone: the server's no-store stands, and it gets no ETag.
    const loginPage = await t.app.inject({ url: '/logind' });
    expect([loginPage.headers['cache-control'], loginPage.headers.etag]).toEqual(['no-store', undefined]);
  });
});

describe('the accessibility statement', () => {
  it('is linked from the footer of public and workspace pages, to the portal\'s own page by default', async () => {
    const cookie = `${SESSION_COOKIE}=${caseworker.session!.cookie}`;
    for (const [url, headers] of [['/', {}], [OFFER, {}], ['/arbejde/henvisninger', { cookie }]] as const) {
      expect((await t.app.inject({ url, headers })).body, url).toMatch(/<a href="\/tilgaengelighed">Tilgængelighedserklæring<\/a>/);
    }
    const page = await t.app.inject({ url: '/tilgaengelighed' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Det kontrollerer vi ved hver ny version');
  });

  it('links to the municipality\'s own statement when ACCESSIBILITY_STATEMENT_URL is set', async () => {
    const other = await startTestApp({ env: { ACCESSIBILITY_STATEMENT_URL: 'https://was.digst.dk/aadal-indsatskatalog' } });
    try {
      const body = (await other.app.inject({ url: '/' })).body;
      expect(body).toContain('<a href="https://was.digst.dk/aadal-indsatskatalog">Tilgængelighedserklæring</a>');
      expect((await other.app.inject({ url: '/tilgaengelighed' })).body).toContain('https://was.digst.dk/aadal-indsatskatalog');
    } finally {
      await other.close();
    }
  });
});
