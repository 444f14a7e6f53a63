/** The built site in real Chromium: search, facets, offers, no-JS, keyboard-only and axe. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser.ts';

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openPage(path: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'da-DK',
  });
  const page = await context.newPage();
  await page.goto(base + path);
  return page;
}

describe('search in the browser', () => {
  it('updates results as one types and keeps the query in the URL', async () => {
    const page = await openPage('/soeg');
    // No waiting for the index: typing starts its download, and what was typed meanwhile shows when it is there.
    const urlBefore = page.url();
    await page.getByLabel('Søg efter tilbud').pressSequentially('rygestop', { delay: 20 });
    await expect.poll(() => page.locator('[data-results] .result-item h3 a').first().textContent()).toMatch(/Rygestop/i);
    await expect.poll(() => page.url()).toContain('q=rygestop');
    expect(urlBefore).not.toContain('q=');
    await expect.poll(() => page.locator('[data-result-status]').textContent()).toMatch(/tilbud for »rygestop«/);
    await screenshot(page, 'e2e-search-typing');
    await page.context().close();
  });

  it('combines facets, keeps them in a shareable URL and restores them on load', async () => {
    const page = await openPage('/soeg?q=stress');
    await page.getByLabel('Søg efter tilbud').focus(); // the index loads when the user turns to the form
    await page.waitForSelector('form[data-instant-ready]');
    const countOf = async () => Number((await page.locator('[data-result-status]').textContent())!.match(/^(\d+)/)![1]);
    const all = await countOf();
    await page.locator('details[data-facet="form"] summary').click();
    await page.locator('label[for="f-form-online"]').click();
    await expect.poll(() => page.url()).toContain('form=online');
    const online = await countOf();
    expect(online).toBeGreaterThan(0);
    expect(online).toBeLessThan(all);
    await page.locator('details[data-facet="risiko"] summary').click();
    await page.locator('label[for="f-risiko-lav"]').click();
    await expect.poll(() => page.url()).toContain('risiko=lav');
    const combined = await countOf();
    expect(combined).toBeLessThanOrEqual(online);
    await screenshot(page, 'e2e-search-facets');

    // The shared URL shows the same results, rendered by the server.
    const shared = await openPage(new URL(page.url()).pathname + new URL(page.url()).search, { javaScriptEnabled: false });
    expect(Number((await shared.locator('[data-result-status]').textContent())!.match(/^(\d+)/)![1])).toBe(combined);
    await expect.poll(() => shared.locator('#f-form-online').isChecked()).toBe(true);
    await shared.context().close();
    await page.context().close();
  });

  it('fetches the search index only when the user turns to the form, not with the page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'da-DK' });
    const page = await context.newPage();
    const indexRequests: string[] = [];
    page.on('request', (req) => { if (req.url().includes('/api/v1/search-index')) indexRequests.push(req.url()); });
    await page.goto(`${base}/soeg?q=stress`, { waitUntil: 'networkidle' });
    expect(await page.locator('[data-results] .result-item').count()).toBeGreaterThan(0); // rendered by the server
    expect(indexRequests).toEqual([]);
    await page.getByLabel('Søg efter tilbud').focus();
    await page.waitForSelector('form[data-instant-ready]');
    expect(indexRequests).toHaveLength(1);
    await context.close();
  });

  it('shows a friendly empty state for a query that matches nothing', async () => {
    const page = await openPage('/soeg');
    await page.getByLabel('Søg efter tilbud').focus();
    await page.waitForSelector('form[data-instant-ready]');
    await page.getByLabel('Søg efter tilbud').fill('<b>qqxyzzy</b> 😀 .*');
    await expect.poll(() => page.locator('[data-results]').textContent()).toContain('Ingen tilbud matcher');
    expect(await page.locator('[data-results] b').count()).toBe(0);
    await page.context().close();
  });

  it('shows the offers matching some of the words, and says so, when none match them all', async () => {
    const page = await openPage('/soeg');
    await page.getByLabel('Søg efter tilbud').focus();
    await page.waitForSelector('form[data-instant-ready]');
    await page.getByLabel('Søg efter tilbud').fill('angst zebrafinke');
    await expect.poll(() => page.locator('[data-results]').textContent()).toContain('Ingen tilbud matcher alle ordene. Viser tilbud, der matcher »angst«.');
    expect(await page.locator('[data-results] .result-item').count()).toBeGreaterThan(0);
    // The server renders the same for a shared link, without JavaScript.
    const shared = await openPage('/soeg?q=angst+zebrafinke', { javaScriptEnabled: false });
    expect(await shared.locator('[data-results]').textContent()).toContain('Viser tilbud, der matcher »angst«.');
    // The alert's icon (DKFDS keeps room for it): drawn from the design system's own SVG, which is served.
    const icon = await shared.locator('.alert-info').first().evaluate((el) => getComputedStyle(el, '::before').maskImage);
    const iconUrl = /url\("?([^")]+)"?\)/.exec(icon)?.[1];
    expect(iconUrl, icon).toMatch(/\.svg$/);
    const served = await fetch(iconUrl!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('image/svg+xml');
    await screenshot(page, 'e2e-search-partial');
    await shared.context().close();
    await page.context().close();
  });

  it('opens an offer from the results', async () => {
    const page = await openPage('/soeg?q=rute%2042');
    await page.locator('[data-results] .result-item a', { hasText: 'Rute 42' }).first().click();
    await page.waitForURL(/\/tilbud\/rute-42$/);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Rute 42');
    expect(await page.getByRole('heading', { name: 'Kontakt' }).count()).toBe(1);
    await screenshot(page, 'e2e-offer');
    await page.context().close();
  });
});

describe('without JavaScript', () => {
  it('shows an offer page in full', async () => {
    const page = await openPage('/tilbud/aaben-og-rolig', { javaScriptEnabled: false });
    expect(await page.locator('h1').textContent()).toContain('Åben og Rolig');
    expect(await page.getByText('Fakta om tilbuddet').count()).toBe(1);
    expect(await page.locator('[data-print]').isHidden()).toBe(true);
    await screenshot(page, 'e2e-offer-nojs');
    await page.context().close();
  });

  // Issue 13: the body's "Sådan kommer du i gang" and the aside's referral box once had the same heading,
  // and the aside spoke about "borgeren" while the body spoke to "du".
  it('speaks to the citizen in one voice, with one "Sådan kommer du i gang" heading', async () => {
    const page = await openPage('/tilbud/psykolog-i-jobcentret', { javaScriptEnabled: false });
    expect(await page.getByRole('heading', { name: 'Sådan kommer du i gang' }).count()).toBe(1);
    const aside = page.getByRole('complementary', { name: 'Sådan bliver du henvist' });
    const howTo = await aside.locator('#henvisning + p').textContent();
    expect(howTo).toMatch(/\bdu\b|\bdig\b/u);
    expect(howTo).not.toMatch(/borger/iu);
    await page.context().close();
  });

  it('searches and filters through the server', async () => {
    const page = await openPage('/soeg', { javaScriptEnabled: false });
    await page.getByLabel('Søg efter tilbud').fill('diabetes');
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    await page.waitForURL(/q=diabetes/);
    expect(await page.locator('[data-results] .result-item').count()).toBeGreaterThanOrEqual(2);
    await page.locator('details[data-facet="sprog"], details[data-facet="maalgruppe"]').first().locator('summary').click();
    await page.locator('label[for="f-maalgruppe-integration"]').click();
    await page.getByRole('button', { name: 'Anvend filtre' }).click();
    await page.waitForURL(/maalgruppe=integration/);
    const titles = await page.locator('[data-results] .result-item h3').allTextContents();
    expect(titles.some((t) => /flygtninge/i.test(t))).toBe(true);
    await page.context().close();
  });
});

describe('keyboard only', () => {
  it('reaches search, results and an offer without a mouse', async () => {
    const page = await openPage('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Gå til indhold');
    await page.keyboard.press('Enter');
    // From the main content, tab to the search field.
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'forside-q'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('forside-q');
    await page.keyboard.type('smerter');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/soeg\?q=smerter/);
    const firstResult = page.locator('[data-results] .result-item h3 a').first();
    const target = await firstResult.getAttribute('href');
    for (let i = 0; i < 80 && (await page.evaluate(() => document.activeElement?.getAttribute('href'))) !== target; i++) {
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(target);
    // The focused element is visibly marked.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === target);
    await page.context().close();
  });
});

describe('accessibility (axe, WCAG 2.1 A/AA)', () => {
  const pages = [
    ['front page', '/'],
    ['task-type page', '/opgavetyper/rusmiddelbehandling'],
    ['offer page', '/tilbud/sund-paa-tvaers'],
    ['results page', '/soeg?q=stress&tema=stress'],
    ['empty results', '/soeg?q=qqxyzzy'],
    ['404 page', '/findes-ikke'],
  ] as const;
  for (const [name, path] of pages) {
    it(`has no violations on the ${name}`, async () => {
      const page = await openPage(path);
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('has no violations on the accessibility statement, which the footer links to', async () => {
    const page = await openPage('/');
    await page.getByRole('link', { name: 'Tilgængelighedserklæring' }).click();
    await page.waitForURL(/\/tilgaengelighed$/);
    expect(await page.locator('h1').textContent()).toBe('Tilgængelighedserklæring');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('detects a violation when there is one (the check itself works)', async () => {
    const page = await openPage('/');
    await page.setContent('<!doctype html><html lang="da"><title>x</title><body><main><img src="/favicon.svg"></main></body></html>');
    expect((await axeViolations(page)).join('\n')).toContain('image-alt');
    await page.context().close();
  });

  it('has no violations on a phone-sized offer page', async () => {
    const page = await openPage('/tilbud/rute-42', { width: 390 });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'e2e-offer-mobile');
    await page.context().close();
  });
});
