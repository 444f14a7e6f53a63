/**
 * Every page of the portal, public and workspace, in real Chromium at a phone (390 × 844) and a desktop
 * (1280 × 900) size: a full-page screenshot under test-results/pages-visual/ (git-ignored), no sideways
 * scrolling, a header no taller than 120 px on the phone, and no axe violations. Form pages submitted empty
 * show an error summary that takes focus and lists the problems in the fields' order, each linking to its field.
 * One browser, one context per role; each page is visited at both sizes in that context.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/seed.ts';
import { act, injectTransport, login, refer } from '../api/helpers.ts';
import { ROOT } from '../helpers/app.ts';
import { axeViolations, openPortal, type Portal } from '../helpers/browser.ts';

const SHOTS = path.join(ROOT, 'test-results', 'pages-visual');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const MAX_PHONE_HEADER_PX = 120;

const CASEWORKER = 'sagsbehandler.ressourcecenter@aadal.example.dk';
const PROVIDER = 'udbyder.center-for-mental-sundhed@aadal.example.dk';
const EDITOR = 'redaktoer.center-for-mental-sundhed@aadal.example.dk';
const ADMIN = 'admin@aadal.example.dk';
const SEATS_OFFER = 'psykolog-i-jobcentret'; // of the provider's organisation; assessed intake, continuous seats
const COHORT_OFFER = 'sund-paa-tvaers'; // assessed intake, cohorts: accepting asks for a cohort in the action panel
const TASK_TYPE = 'traening-af-sociale-faerdigheder';

let portal: Portal;
/** Referrals made through the API before the pages are visited. */
const referrals = { inbox: 0, started: 0, completed: 0 };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  portal = await openPortal();
  const transport = injectTransport(portal.t.app);
  const [caseworker, provider] = await Promise.all([login(transport, CASEWORKER), login(transport, PROVIDER)]);
  referrals.inbox = (await refer(caseworker, COHORT_OFFER)).id;
  referrals.started = (await refer(caseworker, SEATS_OFFER)).id;
  await act(provider, referrals.started, ['accept', 'start']);
  referrals.completed = (await refer(caseworker, SEATS_OFFER)).id;
  await act(provider, referrals.completed, ['accept', 'start', 'complete']);
  const report = await provider.put(`/api/v1/referrals/${referrals.completed}/closing-report`, {
    summary: 'Borgeren har deltaget i alle samtaler og har fået redskaber til at håndtere stress.',
    recommendation: 'Afklaring af arbejdsevne i virksomhedspraktik.',
  });
  expect(report.status, report.text).toBeLessThan(300);
});
afterAll(async () => { await portal?.close(); });

async function newContext(email?: string): Promise<BrowserContext> {
  const context = await portal.browser.newContext({ viewport: DESKTOP, locale: 'da-DK' });
  if (email) {
    const page = await context.newPage();
    await page.goto(`${portal.base}/logind`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/arbejde\//);
    await page.close();
  }
  return context;
}

/** What is wrong with the page at this size (empty when nothing is); takes its screenshot on the way. */
async function problemsAt(page: Page, name: string, size: { width: number; height: number }): Promise<string[]> {
  await page.setViewportSize(size);
  await page.evaluate(() => document.fonts.ready);
  const problems: string[] = [];
  await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}.png`), fullPage: true });
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    const root = document.scrollingElement!;
    // The element reaching furthest right, to name in the message.
    let widest = '';
    let right = window.innerWidth;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 0.5) { right = r.right; widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (${Math.round(r.right)} px)`; }
    }
    return { scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, widest };
  });
  if (scrollWidth > innerWidth) problems.push(`scrolls sideways at ${size.width}: ${scrollWidth} > ${innerWidth}; widest ${widest}`);
  // A table in a scrolling box does not widen the page, but still makes the reader scroll sideways.
  const wideTables = await page.evaluate(() => [...document.querySelectorAll('table')]
    .filter((t) => t.getBoundingClientRect().right > window.innerWidth + 0.5).map((t) => t.className || 'table'));
  if (wideTables.length) problems.push(`tables wider than the screen at ${size.width}: ${wideTables.join(', ')}`);
  if (size.width === PHONE.width) {
    const header = await page.getByRole('banner').first().boundingBox();
    if (!header) problems.push('no header (role=banner)');
    else if (header.height > MAX_PHONE_HEADER_PX) problems.push(`header is ${Math.round(header.height)} px tall at ${size.width} (max ${MAX_PHONE_HEADER_PX})`);
  }
  problems.push(...(await axeViolations(page)).map((v) => `axe at ${size.width}: ${v}`));
  return problems;
}

async function visit(page: Page, url: string, name: string, expectStatus = 200): Promise<string[]> {
  const res = await page.goto(`${portal.base}${url}`);
  expect(res?.status(), `${url} answered`).toBe(expectStatus);
  return [...(await problemsAt(page, name, PHONE)), ...(await problemsAt(page, name, DESKTOP))];
}

/**
 * Submits the form holding `button` with nothing filled in, then checks the error summary: focused, and
 * its links point at fields in the order the fields come on the page.
 */
async function submitEmpty(page: Page, url: string, button: string): Promise<{ focused: boolean; links: string[]; inOrder: boolean; missing: string[] }> {
  await page.goto(`${portal.base}${url}`);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForLoadState('load');
  await page.locator('[data-error-summary]').waitFor();
  return page.evaluate(() => {
    const summary = document.querySelector<HTMLElement>('[data-error-summary]')!;
    const links = [...summary.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')].map((a) => a.getAttribute('href')!.slice(1));
    const targets = links.map((id) => document.getElementById(id));
    const missing = links.filter((_, i) => !targets[i]);
    const found = targets.filter((t): t is HTMLElement => t !== null);
    const inOrder = found.every((t, i) => i === 0 || Boolean(found[i - 1]!.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));
    return { focused: document.activeElement === summary, links, inOrder, missing };
  });
}

const expectEmptySubmitSummary = async (page: Page, url: string, button: string, minErrors = 1) => {
  const summary = await submitEmpty(page, url, button);
  expect(summary.focused, `${url}: the error summary has focus`).toBe(true);
  expect(summary.links.length, `${url}: errors listed (${summary.links.join(', ')})`).toBeGreaterThanOrEqual(minErrors);
  expect(summary.missing, `${url}: every link finds its field`).toEqual([]);
  expect(summary.inOrder, `${url}: errors in field order (${summary.links.join(', ')})`).toBe(true);
  expect(await axeViolations(page), `${url} with errors`).toEqual([]);
};

/** The breadcrumb's items: label, and the link unless it is the current page. */
const crumbs = (page: Page) => page.locator('nav[aria-label="Brødkrumme"] li').evaluateAll((items) => items.map((li) => ({
  label: li.textContent!.trim(), href: li.querySelector('a')?.getAttribute('href') ?? null,
})));

type PageCase = [name: string, url: string, status?: number];

describe('public pages', () => {
  let page: Page;
  beforeAll(async () => { page = await (await newContext()).newPage(); });

  const pages: PageCase[] = [
    ['forside', '/'],
    ['soeg-stress', '/soeg?q=stress'],
    ['soeg-ingen-hits', '/soeg?q=xqzvyyq'],
    ['tilbud', `/tilbud/${SEATS_OFFER}`],
    ['opgavetype', `/opgavetyper/${TASK_TYPE}`],
    ['logind', '/logind'],
    ['tilgaengelighed', '/tilgaengelighed'],
    ['404', '/findes-ikke', 404],
    ['ingen-adgang', '/ingen-adgang', 403],
  ];
  it.each(pages)('%s (%s)', async (name, url, status) => {
    expect(await visit(page, url, `public-${name}`, status)).toEqual([]);
  });

  it('the offer page speaks to the citizen and its breadcrumb names the task type', async () => {
    await page.goto(`${portal.base}/tilbud/${SEATS_OFFER}`);
    expect(await crumbs(page)).toEqual([
      { label: 'Forside', href: '/' },
      { label: 'Kognitiv terapi, mindfulness og lign.', href: '/opgavetyper/kognitiv-terapi-mindfulness' },
      { label: 'Psykolog i jobcentret – korte samtaleforløb', href: null },
    ]);
    expect(await page.locator('#henvisning').textContent()).toBe('Sådan bliver du henvist');
  });

  it('the login form submitted empty shows a focused error summary in field order', async () => {
    await expectEmptySubmitSummary(page, '/logind', 'Log ind');
  });
});

describe('caseworker pages', () => {
  let page: Page;
  beforeAll(async () => { page = await (await newContext(CASEWORKER)).newPage(); });

  it.each<PageCase>([
    ['arbejde', '/arbejde'],
    ['henvisninger', '/arbejde/henvisninger'],
    ['henvisning-afsluttet', '/arbejde/henvisninger/COMPLETED'],
    ['henvisning-sendt', '/arbejde/henvisninger/INBOX'],
    ['borger', '/arbejde/borger'],
    ['notifikationer', '/arbejde/notifikationer'],
    ['adgangskode', '/arbejde/adgangskode'],
    ['henvis', `/tilbud/${SEATS_OFFER}/henvis`],
    ['tilbud-som-sagsbehandler', `/tilbud/${COHORT_OFFER}`],
  ])('%s (%s)', async (name, url) => {
    const real = url.replace('COMPLETED', String(referrals.completed)).replace('INBOX', String(referrals.inbox));
    expect(await visit(page, real, `caseworker-${name}`)).toEqual([]);
  });

  it('the referral form sits under its offer and task type in the breadcrumb', async () => {
    await page.goto(`${portal.base}/tilbud/${SEATS_OFFER}/henvis`);
    const items = await crumbs(page);
    expect(items.map((c) => c.label)).toEqual(['Forside', 'Kognitiv terapi, mindfulness og lign.', 'Psykolog i jobcentret – korte samtaleforløb', 'Henvis borger']);
    expect(items[1]!.href).toBe('/opgavetyper/kognitiv-terapi-mindfulness');
    expect(items[2]!.href).toBe(`/tilbud/${SEATS_OFFER}`);
  });

  it('the referral form submitted empty shows a focused error summary in field order', async () => {
    await expectEmptySubmitSummary(page, `/tilbud/${SEATS_OFFER}/henvis`, 'Send henvisning', 2);
  });

  it('the password form submitted empty shows a focused error summary in field order', async () => {
    await expectEmptySubmitSummary(page, '/arbejde/adgangskode', 'Skift adgangskode');
  });
});

describe('provider pages', () => {
  let page: Page;
  beforeAll(async () => { page = await (await newContext(PROVIDER)).newPage(); });

  it.each<PageCase>([
    ['indbakke', '/arbejde/indbakke'],
    ['kapacitet', '/arbejde/kapacitet'],
    ['kapacitet-hold', `/arbejde/kapacitet/${COHORT_OFFER}`],
    ['kapacitet-pladser', `/arbejde/kapacitet/${SEATS_OFFER}`],
    ['henvisning-ny', '/arbejde/henvisninger/INBOX'],
    ['henvisning-startet', '/arbejde/henvisninger/STARTED'],
    ['henvisning-afsluttet', '/arbejde/henvisninger/COMPLETED'],
    ['henvisninger', '/arbejde/henvisninger'],
    ['notifikationer', '/arbejde/notifikationer'],
  ])('%s (%s)', async (name, url) => {
    const real = url.replace('INBOX', String(referrals.inbox)).replace('STARTED', String(referrals.started)).replace('COMPLETED', String(referrals.completed));
    expect(await visit(page, real, `provider-${name}`)).toEqual([]);
  });

  it('shows the sent closing report once; correcting it is folded away until asked for', async () => {
    await page.goto(`${portal.base}/arbejde/henvisninger/${referrals.completed}`);
    const text = 'Borgeren har deltaget i alle samtaler';
    const visibleCopies = () => page.evaluate((t) => [...document.querySelectorAll('p, textarea')]
      .filter((el) => (el as HTMLElement).checkVisibility() && ((el as HTMLTextAreaElement).value ?? el.textContent ?? '').includes(t))
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} in ${el.parentElement?.tagName.toLowerCase()}.${el.parentElement?.className}`), text);
    expect(await visibleCopies()).toHaveLength(1);
    await page.getByText('Ret rapporten').click();
    expect(await page.getByLabel('Forløbet og resultatet').inputValue()).toContain(text);
  });

  it('lists referrals as a table on a desktop and as one card per referral on a phone', async () => {
    await page.goto(`${portal.base}/arbejde/henvisninger`);
    const layout = () => page.locator('[data-referrals]').evaluate((table) => ({
      table: getComputedStyle(table).display,
      headings: (table.querySelector('thead') as HTMLElement).getBoundingClientRect().height,
      label: getComputedStyle(table.querySelector('tbody td[data-label="Status"]')!, '::before').content,
    }));
    await page.setViewportSize(DESKTOP);
    expect(await layout()).toMatchObject({ table: 'table', label: 'none' });
    await page.setViewportSize(PHONE);
    expect(await layout()).toEqual({ table: 'block', headings: 1, label: '"Status"' });
    await page.setViewportSize(DESKTOP);
  });

  it('the WHO-5 form submitted empty shows a focused error summary in field order', async () => {
    const url = `/arbejde/henvisninger/${referrals.started}`;
    await page.goto(`${portal.base}${url}`);
    await page.getByText('Registrér WHO-5').click();
    // The phase is chosen for the user; the five answers are not.
    await page.getByRole('button', { name: 'Gem WHO-5' }).click();
    await page.waitForLoadState('load');
    const summary = await page.evaluate(() => {
      const s = document.querySelector<HTMLElement>('[data-error-summary]');
      return { focused: document.activeElement === s, links: [...(s?.querySelectorAll('a') ?? [])].map((a) => a.getAttribute('href')) };
    });
    expect(summary.focused).toBe(true);
    expect(summary.links).toEqual(['#items-0', '#items-1', '#items-2', '#items-3', '#items-4']);
    for (const href of summary.links) expect(await page.locator(href!).count(), `${href} exists`).toBe(1);
    expect([...(await problemsAt(page, 'provider-who5-errors', PHONE)), ...(await problemsAt(page, 'provider-who5-errors', DESKTOP))]).toEqual([]);
  });

  it('the new-cohort form submitted empty shows a focused error summary in field order', async () => {
    await expectEmptySubmitSummary(page, `/arbejde/kapacitet/${COHORT_OFFER}`, 'Opret hold');
  });
});

describe('editor pages', () => {
  let page: Page;
  beforeAll(async () => { page = await (await newContext(EDITOR)).newPage(); });

  it.each<PageCase>([
    ['tilbud', '/arbejde/tilbud'],
    ['tilbud-rediger', `/arbejde/tilbud/${SEATS_OFFER}`],
    ['tilbud-historik', `/arbejde/tilbud/${SEATS_OFFER}/historik`],
    ['tilbud-nyt', '/arbejde/tilbud/nyt'],
    ['gennemsyn', '/arbejde/gennemsyn'],
  ])('%s (%s)', async (name, url) => {
    expect(await visit(page, url, `editor-${name}`)).toEqual([]);
  });
});

describe('administrator pages', () => {
  let page: Page;
  beforeAll(async () => { page = await (await newContext(ADMIN)).newPage(); });

  it.each<PageCase>([
    ['brugere', '/arbejde/brugere'],
    ['organisationer', '/arbejde/organisationer'],
    ['organisation', '/arbejde/organisationer/center-for-mental-sundhed'],
    ['godkendelser', '/arbejde/godkendelser'],
    ['gennemsyn', '/arbejde/gennemsyn'],
    ['notifikationer', '/arbejde/notifikationer'],
    ['adgangskode', '/arbejde/adgangskode'],
  ])('%s (%s)', async (name, url) => {
    expect(await visit(page, url, `admin-${name}`)).toEqual([]);
  });

  it('the new-account form submitted empty shows a focused error summary in field order', async () => {
    await expectEmptySubmitSummary(page, '/arbejde/brugere', 'Opret konto', 2);
  });

  it('the new-organisation form submitted empty shows a focused error summary in field order', async () => {
    await expectEmptySubmitSummary(page, '/arbejde/organisationer', 'Opret organisation');
  });
});
