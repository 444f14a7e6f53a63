/**
 * BROWSER_SEARCH_INDEX_MAX_OFFERS: above it the catalogue builds no browser index, the API says so in
 * Danish, and the pages tell instant search to ask the server; at the default the demo keeps its index.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SearchEngine } from '../../core/catalogue/search/engine.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const formTag = (html: string) => /<form[^>]*data-instant-search[^>]*>/.exec(html)?.[0] ?? '';

describe('a catalogue above the limit (BROWSER_SEARCH_INDEX_MAX_OFFERS=5)', () => {
  let t: TestApp;
  const written = vi.spyOn(SearchEngine.prototype, 'payloadJsonChunks');
  beforeAll(async () => { t = await startTestApp({ env: { BROWSER_SEARCH_INDEX_MAX_OFFERS: '5' } }); });
  afterAll(async () => {
    written.mockRestore();
    await t?.close();
  });

  it('answers /api/v1/search-index with 404 and the API\'s Danish error, and never builds the index', async () => {
    expect(t.app.catalogue.offers().length).toBeGreaterThan(5);
    expect(t.app.catalogue.browserIndexEnabled).toBe(false);
    for (const headers of [{}, { 'accept-encoding': 'gzip, br' }, { 'if-none-match': `"idx-${t.app.catalogue.version}"` }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/search-index', headers });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toEqual({
        statusCode: 404, error: 'Not Found',
        message: 'Søgeindekset til browseren findes ikke: kataloget er så stort, at det søges på serveren (/soeg?q=…)',
      });
    }
    expect(written).not.toHaveBeenCalled();
  });

  it('tells instant search on /soeg and the front page to ask the server, which still searches', async () => {
    const search = await t.app.inject('/soeg?q=rygestop');
    expect(search.statusCode).toBe(200);
    expect(formTag(search.body)).toContain('data-search-source="server"');
    expect(formTag(search.body)).toContain('data-search-url="/soeg?q=rygestop"');
    expect(search.body).toContain('href="/tilbud/rygestop"');
    expect(formTag((await t.app.inject('/')).body)).toContain('data-search-source="server"');
    expect(written).not.toHaveBeenCalled();
  });
});

describe('a catalogue at the default limit', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('serves the index and leaves instant search in the browser', async () => {
    expect(t.app.catalogue.browserIndexEnabled).toBe(true);
    const res = await t.app.inject('/api/v1/search-index');
    expect(res.statusCode).toBe(200);
    expect(res.json().index.documentCount).toBe(t.app.catalogue.offers().length);
    for (const page of ['/soeg?q=rygestop', '/']) {
      const form = formTag((await t.app.inject(page)).body);
      expect(form, page).toContain('data-instant-search');
      expect(form, page).not.toContain('data-search-source');
    }
  });
});
