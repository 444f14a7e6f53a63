/**
 * The caseworker's path in real Chromium against the real app: free seats and "Har ledige pladser" in the
 * search results for a signed-in caseworker (never for anonymous visitors, whose page stays cacheable);
 * chosen filters as removable chips with and without JavaScript; on a 390 × 844 phone the first result
 * above the fold and the filters behind a button; front page → referral form → receipt in three page
 * loads; axe on the new states.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPortal, type Portal } from '../helpers/browser.ts';
import { injectTransport, loginCast, OFFERS } from '../api/helpers.ts';
import { countPageLoads } from '../../bench/page-loads.ts';

const CASEWORKER = 'sagsbehandler.sygedagpengehuset@aadal.example.dk';
/** In the results for "stress"; made full below, so the free-seats filter has something to drop. */
const FULL_OFFER = OFFERS.assessedSeats2;

let portal: Portal;
let base: string;
let caseworker: Page;
const contexts: BrowserContext[] = [];

async function anonymousPage(options: { width?: number; height?: number; javaScript?: boolean } = {}): Promise<Page> {
  const context = await portal.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, locale: 'da-DK', javaScriptEnabled: options.javaScript ?? true,
  });
  contexts.push(context);
  return context.newPage();
}

/** A signed-in caseworker's page in a context of its own (same session cookie), with or without JavaScript. */
async function caseworkerPage(options: { width?: number; height?: number; javaScript?: boolean } = {}): Promise<Page> {
  const page = await anonymousPage(options);
  await page.context().addCookies(await caseworker.context().cookies());
  return page;
}

/** Instant search loads when the user turns to the form: focus its box, then wait until it has taken over. */
const instantReady = async (page: Page) => {
  await page.locator('form[data-instant-search] [data-search-input]').focus();
  await page.waitForSelector('form[data-instant-ready]');
};
const resultSlugs = (page: Page) => page.locator('[data-results] .result-item h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.replace('/tilbud/', '')));
const statusCount = async (page: Page) => Number((await page.locator('[data-result-status]').textContent())!.match(/^(\d+)/)![1]);

beforeAll(async () => {
  portal = await openPortal();
  base = portal.base;
  const cast = await loginCast(injectTransport(portal.t.app));
  const full = await cast.provider.put(`/api/v1/offers/${FULL_OFFER}/seats`, { seats: 0 });
  expect(full.status, full.text).toBe(200);
  caseworker = await portal.signIn(CASEWORKER);
}, 120_000);
afterAll(async () => {
  for (const context of contexts) await context.close();
  await portal?.close();
});

describe('seats in the search results', () => {
  it('shows a signed-in caseworker each result’s free seats, when they were confirmed, and a Henvis link', async () => {
    await caseworker.goto(`${base}/soeg?q=stress`);
    const items = caseworker.locator('[data-results] .result-item');
    const count = await items.count();
    expect(count).toBeGreaterThan(1);
    expect(await caseworker.locator('[data-results] [data-seats]').count()).toBe(count);
    const lines = await caseworker.locator('[data-seats]').allTextContents();
    for (const line of lines) {
      expect(line).toMatch(/ledig(e)? plads|Ingen ledige pladser|Ingen planlagte hold/);
      expect(line).toMatch(/Bekræftet \d+\. [a-zæøå]+\.|ikke bekræftet i over \d+ dage|aldrig bekræftet/);
    }
    const full = items.filter({ has: caseworker.locator(`a[href="/tilbud/${FULL_OFFER}"]`) });
    expect(await full.locator('[data-seats]').textContent()).toContain('Ingen ledige pladser');
    expect(await caseworker.locator(`[data-refer][href="/tilbud/${FULL_OFFER}/henvis"]`).count()).toBe(1);
  });

  it('keeps only offers with free seats, the same on the server and in instant search', async () => {
    await caseworker.goto(`${base}/soeg?q=stress`);
    await instantReady(caseworker);
    const all = await statusCount(caseworker);
    await caseworker.getByLabel('Har ledige pladser').check();
    await caseworker.waitForURL(/ledige=ja/);
    const instant = await resultSlugs(caseworker);
    expect(instant).not.toContain(FULL_OFFER);
    expect(await statusCount(caseworker)).toBe(all - 1);
    for (const line of await caseworker.locator('[data-seats] strong').allTextContents()) expect(line).not.toMatch(/^Ingen/);

    const server = await caseworkerPage({ javaScript: false });
    await server.goto(`${base}/soeg?q=stress&ledige=ja`);
    expect(await resultSlugs(server)).toEqual(instant);
    expect(await server.getByLabel('Har ledige pladser').isChecked()).toBe(true);
  });

  it('shows anonymous visitors no seats and no seat filter, and their page stays cacheable', async () => {
    const page = await anonymousPage();
    const response = await page.goto(`${base}/soeg?q=stress&ledige=ja`);
    expect(await page.locator('[data-seats], [data-refer]').count()).toBe(0);
    expect(await page.getByLabel('Har ledige pladser').count()).toBe(0);
    expect(await resultSlugs(page)).toContain(FULL_OFFER); // the filter is ignored, not half-applied
    const headers = await response!.allHeaders();
    expect(headers['cache-control']).toBe('no-cache');
    expect(headers.etag).toBeTruthy();
    const again = await fetch(`${base}/soeg?q=stress&ledige=ja`, { headers: { 'if-none-match': headers.etag! } });
    expect(again.status).toBe(304);
    // The API behind the instant seats refuses them.
    expect((await fetch(`${base}/api/v1/seat-summaries`)).status).toBe(401);
    await instantReady(page);
    await page.locator('#q').fill('angst');
    await page.waitForURL(/q=angst/);
    expect(await page.locator('[data-results] .result-item').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-seats], [data-refer]').count()).toBe(0);

    const signedIn = await fetch(`${base}/soeg?q=stress`, { headers: { cookie: (await caseworker.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(signedIn.headers.get('cache-control')).toContain('no-store');
    expect(signedIn.headers.get('etag')).toBeNull();
  });
});

describe('chosen filters', () => {
  const chosen = '/soeg?q=stress&tema=stress&risiko=mellem';

  it('removes one filter, then all, by links without JavaScript', async () => {
    const page = await anonymousPage({ javaScript: false });
    await page.goto(`${base}${chosen}`);
    const chips = page.getByRole('list', { name: 'Valgte filtre' });
    expect(await chips.getByRole('link').allTextContents()).toEqual(['Fjern filter: Mellemrisikogruppen ×', 'Fjern filter: Stress ×', 'Ryd alle filtre']);
    await chips.getByRole('link', { name: 'Fjern filter: Stress' }).click();
    await page.waitForURL((url) => !url.searchParams.has('tema'));
    expect(new URL(page.url()).searchParams.getAll('risiko')).toEqual(['mellem']);
    expect(await page.locator('#f-tema-stress').isChecked()).toBe(false);
    await page.getByRole('link', { name: 'Ryd alle filtre' }).click();
    await page.waitForURL((url) => !url.searchParams.has('risiko'));
    expect(new URL(page.url()).searchParams.get('q')).toBe('stress');
    expect(await page.getByRole('list', { name: 'Valgte filtre' }).count()).toBe(0);
  });

  it('removes filters in place with instant search, without loading a page', async () => {
    const page = await caseworkerPage();
    await page.goto(`${base}${chosen}&ledige=ja`);
    await instantReady(page);
    const loads = await countPageLoads(page);
    const before = await statusCount(page);
    await page.getByRole('link', { name: 'Fjern filter: Mellemrisikogruppen' }).click();
    await page.waitForURL((url) => !url.searchParams.has('risiko'));
    expect(await page.locator('#f-risiko-mellem').isChecked()).toBe(false);
    expect(await statusCount(page)).toBeGreaterThanOrEqual(before);
    expect(await page.getByRole('link', { name: /^Fjern filter/ }).allTextContents()).toEqual([
      expect.stringContaining('Stress'), expect.stringContaining('Har ledige pladser'),
    ]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result-status');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Ryd alle filtre' }).click();
    await page.waitForURL((url) => !url.searchParams.has('tema') && !url.searchParams.has('ledige'));
    expect(await page.getByLabel('Har ledige pladser').isChecked()).toBe(false);
    expect(await page.getByRole('list', { name: 'Valgte filtre' }).count()).toBe(0);
    expect(loads.count).toBe(0);
  });
});

describe('on a 390 × 844 phone', () => {
  it('puts the first result above the fold and the filters behind a button with aria-expanded', async () => {
    for (const page of [await anonymousPage({ width: 390, height: 844 }), await caseworkerPage({ width: 390, height: 844 })]) {
      await page.goto(`${base}/soeg?q=stress&tema=stress`);
      await instantReady(page);
      const heading = await page.locator('[data-results] .result-item h3').first().boundingBox();
      expect(heading!.y + heading!.height).toBeLessThan(844);
      const toggle = page.getByRole('button', { name: 'Filtrér resultater' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('#filter-panel').isVisible()).toBe(false);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await page.locator('#filter-panel').isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('#f-opgavetype-4').check();
      await page.waitForURL(/opgavetype=4/);
      expect(await page.getByRole('link', { name: /^Fjern filter: 4\. / }).count()).toBe(1);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('#filter-panel').isVisible()).toBe(false);
    }
  });

  it('moves nothing on the page when its scripts start (cumulative layout shift under 0.1)', async () => {
    for (const page of [await anonymousPage({ width: 390, height: 844 }), await caseworkerPage({ width: 390, height: 844 })]) {
      await page.goto(`${base}/soeg?q=stress`, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const shift = await page.evaluate(() => new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 300);
      }));
      expect(shift).toBeLessThan(0.1);
    }
  });

  it('shows the results first and the filters after them without JavaScript', async () => {
    const page = await anonymousPage({ width: 390, height: 844, javaScript: false });
    await page.goto(`${base}/soeg?q=stress`);
    // The toggle is a link down to the filters, which follow the results.
    const toggle = page.getByRole('link', { name: 'Filtrér resultater' });
    expect(await toggle.getAttribute('href')).toBe('#filter-panel');
    const heading = await page.locator('[data-results] .result-item h3').first().boundingBox();
    expect(heading!.y + heading!.height).toBeLessThan(844);
    expect(await page.locator('#f-opgavetype-4').isVisible()).toBe(true);
    const panel = await page.locator('#filter-panel').boundingBox();
    expect(panel!.y).toBeGreaterThan(heading!.y);
  });

  it('keeps the left column on a desktop', async () => {
    const page = await anonymousPage({ width: 1280 });
    await page.goto(`${base}/soeg?q=stress`);
    await instantReady(page);
    expect(await page.locator('[data-filter-toggle]').isVisible()).toBe(false);
    const panel = await page.locator('#filter-panel').boundingBox();
    const results = await page.locator('[data-results]').boundingBox();
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(results!.x);
  });
});

describe('front page → referral → receipt', () => {
  it('takes a signed-in caseworker three page loads, referring from the front page’s instant results', async () => {
    const page = await caseworkerPage();
    const loads = await countPageLoads(page);
    await page.goto(`${base}/`);
    await page.getByLabel('Søg efter tilbud').pressSequentially('mindfulness');
    const refer = page.locator('[data-results] [data-refer]').first();
    await refer.waitFor();
    expect(await page.locator('[data-results] [data-seats]').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    const href = await refer.getAttribute('href');
    await refer.click();
    await page.waitForURL(`${base}${href}`);
    await page.getByLabel('Borgerens sagsnummer').fill('SAG-2026-0777');
    await page.getByLabel('Borgeren har givet samtykke som beskrevet').check();
    await page.getByLabel('Formål med henvisningen').fill('Borgeren skal lære at håndtere stress før en praktik.');
    await page.getByRole('button', { name: 'Send henvisning' }).click();
    await page.waitForURL(/\/arbejde\/henvisninger\/\d+\?kvittering=1/);
    expect(await page.getByRole('status').first().textContent()).toContain('Henvisningen er sendt');
    expect(loads.count).toBe(3);
  });

  it('gives anonymous visitors instant results on the front page without seats or Henvis, loaded only when used', async () => {
    const page = await anonymousPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    const response = await page.goto(`${base}/`, { waitUntil: 'networkidle' });
    expect((await response!.allHeaders()).etag).toBeTruthy();
    expect(fetched).not.toContain('/api/v1/search-index');
    await page.getByLabel('Søg efter tilbud').pressSequentially('stress');
    await instantReady(page);
    expect(fetched).toContain('/api/v1/search-index');
    await page.locator('[data-results] .result-item').first().waitFor();
    expect(await page.locator('[data-seats], [data-refer]').count()).toBe(0);
    expect(page.url()).toBe(`${base}/`);
    await page.getByRole('link', { name: /^Filtrér de \d+ tilbud på søgesiden$/ }).click();
    await page.waitForURL(`${base}/soeg?q=stress`);
  });
});
