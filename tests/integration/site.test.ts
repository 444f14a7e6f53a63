/** The real app serving the real built site, through inject: every page of the demo answers, safely. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_MODES, LANGUAGES, LEGAL_BASES, REFERRAL_ROUTES, TASK_TYPES } from '../../core/catalogue/taxonomy.ts';
import { copyContent, startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { wholeOffers } from '../../db/catalogue.ts';
import { BROWSE_PAGE_SIZE } from '../../core/paging.ts';
import { writeSyntheticContent } from '../../bench/synthetic-offers.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('pages', () => {
  it('answers the front page with every task type', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    for (const type of TASK_TYPES) expect(res.body).toContain(`/opgavetyper/${type.slug}`);
  });

  it('answers every task-type page with its offers', async () => {
    const offers = t.app.catalogue.offers();
    for (const type of TASK_TYPES) {
      const res = await get(`/opgavetyper/${type.slug}`);
      expect(res.statusCode, type.slug).toBe(200);
      for (const offer of offers.filter((o) => o.taskType === type.id)) expect(res.body).toContain(`/tilbud/${offer.slug}`);
    }
  });

  it('pages a task type with more offers than a page holds, by title, and clamps a page past the end', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-browse-'));
    writeSyntheticContent(dir, 600); // 60 offers in each task type
    const big = await startTestApp({ contentDir: dir });
    try {
      const type = TASK_TYPES[2]!;
      const inType = big.app.catalogue.offers().filter((o) => o.taskType === type.id).map((o) => o.slug);
      expect(inType.length).toBeGreaterThan(BROWSE_PAGE_SIZE);
      const linked = (body: string) => [...body.matchAll(/<a href="\/tilbud\/([^"/?#]+)"/g)].map((m) => m[1]);
      const first = await big.app.inject({ method: 'GET', url: `/opgavetyper/${type.slug}` });
      expect(first.statusCode).toBe(200);
      expect(linked(first.body)).toEqual(inType.slice(0, BROWSE_PAGE_SIZE));
      expect(first.body).toContain(`${inType.length} tilbud`);
      expect(first.body).toContain(`href="/opgavetyper/${type.slug}?side=2" rel="next"`);
      expect(first.body).toMatch(new RegExp(`<link rel="canonical" href="[^"]*/opgavetyper/${type.slug}"`));
      const second = await big.app.inject({ method: 'GET', url: `/opgavetyper/${type.slug}?side=2` });
      expect(linked(second.body)).toEqual(inType.slice(BROWSE_PAGE_SIZE));
      expect(second.body).toContain(`href="/opgavetyper/${type.slug}" rel="prev"`);
      expect(second.body).toContain('Side 2 af 2');
      expect(second.body).toMatch(new RegExp(`<link rel="canonical" href="[^"]*/opgavetyper/${type.slug}\\?side=2"`));
      const past = await big.app.inject({ method: 'GET', url: `/opgavetyper/${type.slug}?side=99` });
      expect(past.statusCode).toBe(200);
      expect(linked(past.body)).toEqual(inType.slice(BROWSE_PAGE_SIZE));
    } finally {
      await big.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers every offer page with its public facts and never its internal notes', async () => {
    const offers = await wholeOffers(t.app.catalogue);
    expect(offers.length).toBeGreaterThanOrEqual(60);
    for (const offer of offers) {
      const res = await get(`/tilbud/${offer.slug}`);
      expect(res.statusCode, offer.slug).toBe(200);
      expect(res.body).toContain(offer.contact.phone ?? offer.contact.email!);
      if (offer.internal.notes) expect(res.body, offer.slug).not.toContain(offer.internal.notes.slice(0, 40));
      expect(res.body).not.toContain(offer.owner.email);
    }
  });

  it('describes an offer in schema.org JSON-LD', async () => {
    const res = await get('/tilbud/rute-42');
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(res.body)?.[1];
    expect(json).toBeDefined();
    const data = JSON.parse(json!);
    expect(data['@type']).toBe('GovernmentService');
    expect(data.name).toContain('Rute 42');
    expect(data.url).toMatch(/\/tilbud\/rute-42$/);
  });

  it('answers unknown pages and offers with the site 404 page, and unknown API routes with JSON', async () => {
    for (const url of ['/findes-ikke', '/tilbud/findes-ikke', '/opgavetyper/findes-ikke']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('Siden findes ikke');
    }
    const api = await get('/api/v1/findes-ikke');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ statusCode: 404 });
  });

  it('lists every public offer in the sitemap', async () => {
    const res = await get('/sitemap.xml');
    expect(res.statusCode).toBe(200);
    for (const offer of t.app.catalogue.offers()) expect(res.body).toContain(`/tilbud/${offer.slug}</loc>`);
  });

  it('serves hashed assets as immutable', async () => {
    const html = (await get('/')).body;
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1];
    expect(css).toBeDefined();
    const res = await get(css!);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('sends stylesheets precompressed to browsers that take brotli or gzip, and plain to the rest', async () => {
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec((await get('/')).body)![1]!;
    const plain = await get(css);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get(css, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    const gz = await get(css, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
  });

  it('sends a small script compressed too, where compression saves more than its header costs', async () => {
    const pageScript = /src="(\/_astro\/soeg[^"]+\.js)"/.exec((await get('/soeg?q=stress')).body)![1]!;
    const plain = await get(pageScript);
    expect(plain.rawPayload.length).toBeLessThan(1024);
    const br = await get(pageScript, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length - 32);
  });
});

describe('the instant-search script', () => {
  it('carries only what search runs: no vocabulary it never reads, no date formatter it never calls', async () => {
    // Followed as the browser does: the page's script, the starter it imports, the module that imports on first use.
    const pageScript = /src="(\/_astro\/soeg[^"]+\.js)"/.exec((await get('/soeg?q=stress')).body)![1]!;
    const starter = /\.\/(start-instant-search\.[\w-]+\.js)/.exec((await get(pageScript)).body)![1]!;
    const module = /\.\/(instant-search\.[\w-]+\.js)/.exec((await get(`/_astro/${starter}`)).body)![1]!;
    const code = (await get(`/_astro/${module}`)).body;
    expect(code).toContain('runInstantSearch');
    for (const vocabulary of [LEGAL_BASES, LANGUAGES, REFERRAL_ROUTES, INTAKE_MODES]) {
      for (const label of Object.values(vocabulary.labels)) expect(code).not.toContain(label);
    }
    expect(code).not.toContain('timeStyle'); // core/dates.ts's date-and-time formatter
  });
});

describe('server-side search (works without JavaScript)', () => {
  it('answers a query with ranked results and facets kept in the URL', async () => {
    const res = await get('/soeg?q=rygestop&tema=rygning');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/tilbud/rygestop"');
    expect(res.body).toMatch(/id="f-tema-rygning"[^>]*checked/);
  });

  it('answers hostile and odd input with a page, never an error', async () => {
    const inputs = ['x'.repeat(10_240), '😀🚭', '.*+?^${}()|[]\\', '<script>alert(1)</script>', '%00', '"><img src=x onerror=alert(1)>'];
    for (const q of inputs) {
      const res = await get(`/soeg?q=${encodeURIComponent(q)}&tema=findes-ikke&opgavetype=99&side=-4`);
      expect(res.statusCode, q.slice(0, 20)).toBe(200);
      // Inside a quoted attribute "<" is harmless; anywhere else the input must arrive escaped.
      const outsideAttributes = res.body.replace(/="[^"]*"/g, '=""');
      expect(outsideAttributes).not.toContain('<script>alert(1)</script>');
      expect(outsideAttributes).not.toContain('<img src=x');
    }
  });

  it('answers a query that matches nothing with a friendly empty state and suggestions', async () => {
    const res = await get('/soeg?q=' + encodeURIComponent('zzqxv'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Ingen tilbud matcher');
  });
});

describe('search index for the browser', () => {
  it('is served with an ETag and revalidates with 304', async () => {
    const first = await get('/api/v1/search-index');
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    expect(first.json().index.documentCount).toBe(t.app.catalogue.offers().length);
    const again = await get('/api/v1/search-index', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
  });

  it('is sent with brotli to browsers that take it, else gzipped, and decodes to the same index', async () => {
    const plain = await get('/api/v1/search-index');
    const zipped = await get('/api/v1/search-index', { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    const br = await get('/api/v1/search-index', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(zipped.rawPayload.length);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
  });
});

describe('live content', () => {
  it('shows an edited offer within seconds, with no rebuild and no restart', async () => {
    const contentDir = copyContent();
    const live = await startTestApp({ contentDir, watchContent: true });
    try {
      const file = path.join(contentDir, 'offers', 'rygestop.md');
      const before = (await live.app.inject('/api/v1/search-index')).headers.etag;
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Rygestop – nyt navn fra redaktøren'));
      await waitFor(async () => (await live.app.inject('/tilbud/rygestop')).body.includes('nyt navn fra redaktøren'), 5_000, 'the edited title');
      const search = await live.app.inject('/soeg?q=redakt%C3%B8ren');
      expect(search.body).toContain('href="/tilbud/rygestop"');
      expect((await live.app.inject('/api/v1/search-index')).headers.etag).not.toBe(before);
    } finally {
      await live.close();
      rmSync(contentDir, { recursive: true, force: true });
    }
  });
});
