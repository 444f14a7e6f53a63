/**
 * The page frame in Chromium: DKFDS's header for every role, on a 320 px and a 390 px phone and on a desktop —
 * short (≤ 120 px on a phone), "Log ud" on one line, no sideways scrolling of the page, the main menu
 * reachable; log-out still works. And what the frame costs: two subset woff2 fonts that hold the Danish
 * letters, both preloaded, and only the design system's CSS the pages use.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortal, type Portal } from '../helpers/browser.ts';

const ROLES = {
  caseworker: 'sagsbehandler.job-og-aktivhuset@aadal.example.dk',
  provider: 'udbyder.center-for-mental-sundhed@aadal.example.dk',
  editor: 'redaktoer.sundhedscenter-aadal@aadal.example.dk',
  admin: 'admin@aadal.example.dk',
};

let portal: Portal;
beforeAll(async () => { portal = await openPortal(); });
afterAll(async () => { await portal?.close(); });

async function anonymousPage(width: number): Promise<Page> {
  const context = await portal.browser.newContext({ viewport: { width, height: 844 }, locale: 'da-DK' });
  return context.newPage();
}

/** Header height, page overflow and the menu, as the user sees them. */
async function measureFrame(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector('header.header')!.getBoundingClientRect();
    const nav = document.querySelector('nav[aria-label="Hovedmenu"]');
    const logout = document.querySelector<HTMLElement>('button.log-off');
    const lineHeight = logout ? parseFloat(getComputedStyle(logout).lineHeight) : 0;
    return {
      headerHeight: header.height,
      pageScrollWidth: document.documentElement.scrollWidth,
      navVisible: !!nav && nav.getBoundingClientRect().height > 0 && getComputedStyle(nav).visibility === 'visible',
      navLinks: [...(nav?.querySelectorAll('a') ?? [])].map((a) => a.textContent!.trim()),
      logoutLines: logout ? Math.round(logout.querySelector('span')?.getBoundingClientRect().height ?? logout.getBoundingClientRect().height) / lineHeight : 0,
      logoutText: logout?.textContent?.trim() ?? null,
    };
  });
}

describe('the header', () => {
  for (const width of [320, 390]) {
    it(`is short and whole for an anonymous visitor at ${width} px`, async () => {
      const page = await anonymousPage(width);
      await page.goto(`${portal.base}/tilbud/rygestop`);
      const frame = await measureFrame(page);
      expect(frame.headerHeight).toBeLessThanOrEqual(120);
      expect(frame.pageScrollWidth).toBeLessThanOrEqual(width);
      expect(frame.navVisible).toBe(true);
      expect(frame.navLinks).toEqual(['Opgavetyper', 'Søg i tilbud', 'Log ind']);
      expect(frame.logoutText).toBeNull();
      await page.context().close();
    });

    for (const [role, email] of Object.entries(ROLES)) {
      it(`is short, with "Log ud" on one line, for a signed-in ${role} at ${width} px`, async () => {
        const page = await portal.signIn(email, width);
        for (const path of ['/arbejde', '/soeg?q=stress']) {
          await page.goto(`${portal.base}${path}`);
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          const frame = await measureFrame(page);
          expect(frame.headerHeight, path).toBeLessThanOrEqual(120);
          expect(frame.pageScrollWidth, path).toBeLessThanOrEqual(width);
          expect(frame.logoutText).toBe('Log ud');
          expect(frame.logoutLines, 'Log ud wraps').toBeLessThan(1.5);
          expect(frame.navVisible).toBe(true);
          expect(frame.navLinks.map((l) => l.replace(/\d+$/, ''))).toEqual(['Opgavetyper', 'Søg i tilbud', 'Arbejdsområde']);
          // The user's name is in the header (shortened with an ellipsis when it does not fit; its title holds all of it).
          expect(await page.locator('header .portal-user .user').getAttribute('title')).toMatch(/\(demo\)$/);
        }
        await page.context().close();
      });
    }
  }

  it('logs out from the header on a phone', async () => {
    const page = await portal.signIn(ROLES.caseworker, 320);
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/arbejde'));
    expect(await page.locator('button.log-off').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Log ind' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('marks the section of the page in the main menu', async () => {
    const page = await anonymousPage(1280);
    await page.goto(`${portal.base}/soeg?q=stress`);
    expect(await page.getByRole('navigation', { name: 'Hovedmenu' }).locator('[aria-current="page"]').textContent()).toBe('Søg i tilbud');
    await page.goto(`${portal.base}/`);
    expect(await page.locator('nav[aria-label="Hovedmenu"] [aria-current]').count()).toBe(0);
    await page.context().close();
  });
});

describe('what the frame costs', () => {
  it('loads two subset woff2 faces, both preloaded, and they hold the Danish letters', async () => {
    const page = await anonymousPage(1280);
    const fonts: { url: string; bytes: number }[] = [];
    page.on('response', async (res) => {
      if (/\.(woff2?|ttf|eot)(\?|$)/.test(res.url())) fonts.push({ url: new URL(res.url()).pathname, bytes: (await res.body()).length });
    });
    await page.goto(`${portal.base}/tilbud/rygestop`);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForLoadState('networkidle');
    expect(fonts.map((f) => f.url).sort()).toEqual([
      expect.stringMatching(/\/_astro\/ibm-plex-sans-regular\.[\w-]+\.woff2$/),
      expect.stringMatching(/\/_astro\/ibm-plex-sans-semibold\.[\w-]+\.woff2$/),
    ]);
    for (const f of fonts) expect(f.bytes, f.url).toBeLessThan(16 * 1024); // the full faces are ~57 KB
    // Both faces preloaded: the semibold one (every heading) arrives with the regular one, not after the CSS.
    const preloads = await page.locator('link[rel="preload"][as="font"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
    expect(preloads.sort()).toEqual([
      expect.stringMatching(/ibm-plex-sans-regular\.[\w-]+\.woff2$/),
      expect.stringMatching(/ibm-plex-sans-semibold\.[\w-]+\.woff2$/),
    ]);
    // Every character Danish text needs is in the loaded faces (a character outside them would fall back).
    const covered = await page.evaluate(async () => {
      const text = 'æøåÆØÅéàüÉ–—“”„‘’•…€«»';
      const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'IBM Plex Sans' && f.status === 'loaded');
      await document.fonts.load('16px "IBM Plex Sans"', text);
      return { faces: faces.map((f) => `${f.weight} ${f.display}`), check: document.fonts.check('16px "IBM Plex Sans"', text) };
    });
    expect(covered.faces.sort()).toEqual(['400 swap', '600 700 swap']);
    expect(covered.check).toBe(true);
    await page.context().close();
  });

  it('ships the design system\'s CSS for the components in use, not all of it', async () => {
    const page = await anonymousPage(1280);
    await page.goto(`${portal.base}/`);
    const css = await page.evaluate(async () => {
      const hrefs = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].map((l) => l.href);
      return (await Promise.all(hrefs.map(async (h) => (await fetch(h)).text()))).join('\n');
    });
    expect(css).toContain('.alert-success'); // in use: alerts, buttons, forms, tables, header, footer
    expect(css).toContain('.portal-info');
    expect(css).toContain('.form-select');
    expect(css).not.toContain('.modal-content'); // not in use anywhere
    expect(css).not.toContain('.toast-message');
    expect(css).not.toContain('IBMPlexSans-'); // the full font files
    expect(css.length).toBeLessThan(130 * 1024); // the whole system is ~220 KB
    await page.context().close();
  });
});
