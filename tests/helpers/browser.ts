/** Debian's Chromium driven by playwright-core (no browser download), and the real app on a loopback port. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_PASSWORD } from '../../server/seed.ts';
import { ROOT, startTestApp, type TestApp } from './app.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'tests', '.artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** axe violations (WCAG 2.0/2.1 A and AA) on the current page, as readable lines for the assertion message. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

/** A fresh browser context signed in through the real login form as a seeded demo user. */
export async function signIn(browser: Browser, base: string, email: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'da-DK' });
  const page = await context.newPage();
  await page.goto(`${base}/logind`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL(/\/arbejde\//);
  return page;
}

/** The real app on a loopback port with Chromium beside it: what the browser suites that sign in start from. */
export interface Portal {
  t: TestApp;
  base: string;
  browser: Browser;
  signIn(email: string, width?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function openPortal(options: { env?: NodeJS.ProcessEnv } = {}): Promise<Portal> {
  const t = await startTestApp(options);
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  return {
    t, base, browser,
    signIn: (email, width) => signIn(browser, base, email, width),
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
