/**
 * Instant search on a catalogue above BROWSER_SEARCH_INDEX_MAX_OFFERS, in real Chromium against the built
 * site and the real app (the demo catalogue with the limit set to 5): typing and ticking facets update the
 * results from the server's search page without a page load, without the search index and without the
 * local mode's code; the results are the very HTML the server page shows for that search.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortal, type Portal } from '../helpers/browser.ts';

const CASEWORKER = 'sagsbehandler.sygedagpengehuset@aadal.example.dk';

let portal: Portal;
let base: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  portal = await openPortal({ env: { BROWSER_SEARCH_INDEX_MAX_OFFERS: '5' } });
  base = portal.base;
}, 120_000);
afterAll(async () => {
  for (const context of contexts) await context.close();
  await portal?.close();
});

async function newPage(javaScript = true): Promise<Page> {
  const context = await portal.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', javaScriptEnabled: javaScript });
  contexts.push(context);
  return context.newPage();
}

/** Every request the page makes, and whether the document itself was loaded again (a full page load). */
function watch(page: Page) {
  const requests: Request[] = [];
  let documentLoads = 0;
  page.on('request', (request) => {
    requests.push(request);
    if (request.resourceType() === 'document') documentLoads += 1;
  });
  return {
    paths: () => requests.map((r) => new URL(r.url()).pathname),
    fetches: () => requests.filter((r) => r.resourceType() === 'fetch').map((r) => new URL(r.url())),
    documentLoads: () => documentLoads,
  };
}

/** The fragments instant search swaps: as the page shows them now. */
const shownIn = async (page: Page) => ({
  results: await page.locator('[data-results]').innerHTML(),
  status: await page.locator('[data-result-status]').innerHTML(),
  chosen: await page.locator('[data-chosen-filters]').innerHTML(),
  facets: await page.locator('[data-facet-panel]').innerHTML(),
});
const resultList = (page: Page) => page.locator('[data-results] .result-list').evaluate((list) => list.outerHTML);

/** What the server's page shows for `url`, read without JavaScript (with the cookies of `from`, when given). */
async function serverRendered<T>(url: string, read: (page: Page) => Promise<T>, from?: Page): Promise<T> {
  const page = await newPage(false);
  try {
    if (from) await page.context().addCookies(await from.context().cookies());
    await page.goto(base + url);
    return await read(page);
  } finally {
    await page.context().close();
  }
}

const searchPath = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;

describe('instant search through the server', () => {
  it('updates /soeg as one types, without a page load or the search index, with the server page\'s results', async () => {
    const page = await newPage();
    await page.goto(`${base}/soeg`, { waitUntil: 'networkidle' });
    expect(await page.locator('form[data-instant-search]').getAttribute('data-search-source')).toBe('server');
    const seen = watch(page);
    await page.getByLabel('Søg efter tilbud').pressSequentially('rygestop', { delay: 20 });
    await expect.poll(() => page.locator('[data-result-status]').textContent()).toMatch(/^\d+ tilbud for »rygestop«$/);
    await expect.poll(() => page.url()).toBe(`${base}/soeg?q=rygestop`);
    expect(await page.locator('[data-results] .result-item h3 a').first().textContent()).toMatch(/Rygestop/i);
    expect(await page.locator('[data-results]').getAttribute('aria-busy')).toBeNull();
    expect(seen.documentLoads()).toBe(0);
    expect(seen.paths()).not.toContain('/api/v1/search-index');
    expect(seen.paths().some((p) => /\/instant-search\.[\w-]+\.js$/.test(p))).toBe(false); // the local mode's engine
    expect(seen.paths().some((p) => /\/instant-search-server\.[\w-]+\.js$/.test(p))).toBe(true);
    // Debounced: not one request per key (eight keys 20 ms apart, 150 ms of quiet).
    expect(seen.fetches().length).toBeGreaterThanOrEqual(1);
    expect(seen.fetches().length).toBeLessThan(8);
    expect(seen.fetches().at(-1)!.pathname).toBe('/soeg');
    expect(await shownIn(page)).toEqual(await serverRendered('/soeg?q=rygestop', shownIn));
  });

  it('ticks and removes facets through the server, keeping them in the URL', async () => {
    const page = await newPage();
    await page.goto(`${base}/soeg?q=stress`);
    const seen = watch(page);
    await page.getByLabel('Søg efter tilbud').focus();
    await page.waitForSelector('form[data-instant-ready]');
    expect(await page.locator('[data-apply-filters]').isHidden()).toBe(true);
    await page.locator('details[data-facet="form"] summary').click();
    await page.locator('label[for="f-form-online"]').click();
    await expect.poll(() => page.url()).toContain('form=online');
    await expect.poll(() => page.locator('[data-chosen-filters] a[data-remove-filter="form=online"]').count()).toBe(1);
    // Focus stays on the box the user ticked, though the panel was swapped.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-form-online');
    expect(await shownIn(page)).toEqual(await serverRendered(searchPath(page), shownIn));
    await page.locator('[data-chosen-filters] a[data-remove-filter="form=online"]').click();
    await expect.poll(() => page.url()).toBe(`${base}/soeg?q=stress`);
    await expect.poll(() => page.locator('[data-chosen-filters] a').count()).toBe(0);
    expect(await page.locator('#f-form-online').isChecked()).toBe(false);
    expect(await shownIn(page)).toEqual(await serverRendered('/soeg?q=stress', shownIn));
    expect(seen.documentLoads()).toBe(0);
    expect(seen.paths()).not.toContain('/api/v1/search-index');
  });

  it('gives the front page its instant results from the server, with the link to the search page', async () => {
    const page = await newPage();
    await page.goto(`${base}/`, { waitUntil: 'networkidle' });
    const seen = watch(page);
    await page.getByLabel('Søg efter tilbud').pressSequentially('stress');
    const link = page.getByRole('link', { name: /^Filtrér de \d+ tilbud på søgesiden$/ });
    await link.waitFor();
    // Polled: the link is there from the first letters on, and the answer for "stress" may still be on its way.
    const status = (await serverRendered('/soeg?q=stress', shownIn)).status;
    await expect.poll(() => page.locator('[data-result-status]').innerHTML()).toBe(status);
    expect(await resultList(page)).toBe(await serverRendered('/soeg?q=stress', resultList));
    expect(page.url()).toBe(`${base}/`);
    expect(seen.documentLoads()).toBe(0);
    expect(seen.paths()).not.toContain('/api/v1/search-index');
    // Emptied, the box lists nothing again.
    await page.getByLabel('Søg efter tilbud').fill('');
    await expect.poll(() => page.locator('[data-results]').innerHTML()).toBe('');
    await page.getByLabel('Søg efter tilbud').fill('stress');
    await link.click();
    await page.waitForURL(`${base}/soeg?q=stress`);
  });

  it('shows a signed-in caseworker the seats and Henvis links the server page shows them', async () => {
    const page = await portal.signIn(CASEWORKER);
    contexts.push(page.context());
    await page.goto(`${base}/soeg`);
    await page.getByLabel('Søg efter tilbud').pressSequentially('stress');
    await expect.poll(() => page.locator('[data-result-status]').textContent()).toMatch(/tilbud for »stress«/);
    expect(await page.locator('[data-results] [data-seats]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-results] [data-refer]').count()).toBeGreaterThan(0);
    expect((await shownIn(page)).results).toBe((await serverRendered('/soeg?q=stress', shownIn, page)).results);
  });

  it('leaves the page as it is when the server cannot be asked, and a submit then loads the page', async () => {
    const page = await newPage();
    await page.goto(`${base}/soeg?q=stress`);
    const before = await shownIn(page);
    await page.route((url) => url.pathname === '/soeg', (route) => route.request().resourceType() === 'fetch' ? route.abort() : route.continue());
    const aborted = page.waitForEvent('requestfailed');
    await page.getByLabel('Søg efter tilbud').fill('rygestop');
    await aborted;
    await expect.poll(() => page.locator('[data-results]').getAttribute('aria-busy')).toBeNull();
    expect(await shownIn(page)).toEqual(before);
    expect(page.url()).toBe(`${base}/soeg?q=stress`);
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    await page.waitForURL(`${base}/soeg?q=rygestop`);
    await expect.poll(() => page.locator('[data-result-status]').textContent()).toMatch(/tilbud for »rygestop«/);
  });
});
