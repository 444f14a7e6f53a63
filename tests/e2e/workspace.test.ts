/**
 * The whole loop across two signed-in users in Chromium: a caseworker refers, the provider accepts into a
 * cohort, starts, records WHO-5, completes with a closing report; the caseworker sees the notification and
 * the report. A full offer puts the next referral on the waitlist and a drop-out promotes it. axe runs on
 * every workspace page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/seed.ts';
import { axeViolations, screenshot, openPortal, type Portal } from '../helpers/browser.ts';

const CASEWORKER = 'sagsbehandler.sygedagpengehuset@aadal.example.dk';
const PROVIDER = 'udbyder.center-for-mental-sundhed@aadal.example.dk';
const COHORT_OFFER = 'sund-paa-tvaers'; // assessed intake, cohorts
const SEATS_OFFER = 'mindfulness-online'; // direct intake, continuous seats

let browser: Browser;
let base: string;
let caseworker: Page;
let provider: Page;

async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
}

let portal: Portal;
const signIn = (email: string, width?: number) => portal.signIn(email, width);

beforeAll(async () => {
  portal = await openPortal();
  ({ base, browser } = portal);
  caseworker = await signIn(CASEWORKER);
  provider = await signIn(PROVIDER, 1024); // a tablet-sized screen
});
afterAll(async () => { await portal?.close(); });

describe('the referral loop', () => {
  let referralUrl = '';

  it('shows availability and "Henvis borger" only to a signed-in caseworker', async () => {
    await caseworker.goto(`${base}/tilbud/${COHORT_OFFER}`);
    expect(await caseworker.locator('[data-availability]').textContent()).toMatch(/ledige pladser/);
    expect(await caseworker.getByRole('link', { name: 'Henvis borger' }).count()).toBe(1);
    expect(await caseworker.getByText('Interne noter').count()).toBe(1);
    await expectAccessible(caseworker, 'offer page as caseworker');

    const citizen = await browser.newPage();
    await citizen.goto(`${base}/tilbud/${COHORT_OFFER}`);
    expect(await citizen.locator('[data-availability]').count()).toBe(0);
    expect(await citizen.getByRole('link', { name: 'Henvis borger' }).count()).toBe(0);
    expect(await citizen.getByText('Interne noter').count()).toBe(0);
    await citizen.close();
  });

  it('validates the referral form in Danish beside the fields and keeps the input', async () => {
    await caseworker.getByRole('link', { name: 'Henvis borger' }).click();
    await caseworker.waitForURL(/\/henvis$/);
    await expectAccessible(caseworker, 'referral form');
    await caseworker.getByLabel('Borgerens sagsnummer').fill('010190-1234');
    await caseworker.getByLabel('Formål med henvisningen').fill('Borgeren skal genvinde overskud og trivsel før opstart i praktik.');
    await caseworker.getByRole('button', { name: 'Send henvisning' }).click();
    await caseworker.waitForLoadState();
    const summary = await caseworker.locator('[data-error-summary]').textContent();
    expect(summary).toContain('CPR-nummer');
    expect(summary).toContain('samtykke');
    expect(await caseworker.locator('#citizenRef-error').textContent()).toContain('CPR-nummer');
    expect(await caseworker.getByLabel('Formål med henvisningen').inputValue()).toContain('genvinde overskud');
    await screenshot(caseworker, 'ws-referral-form-errors');
    await expectAccessible(caseworker, 'referral form with errors');
  });

  it('sends the referral with consent and shows a receipt with its status', async () => {
    await caseworker.getByLabel('Borgerens sagsnummer').fill('SAG-2026-0042');
    await caseworker.getByLabel('Borgeren har givet samtykke som beskrevet').check();
    await caseworker.getByRole('button', { name: 'Send henvisning' }).click();
    await caseworker.waitForURL(/\/arbejde\/henvisninger\/\d+\?kvittering=1/);
    referralUrl = caseworker.url().split('?')[0]!;
    const receipt = await caseworker.getByRole('status').first().textContent();
    expect(receipt).toContain('Henvisningen er sendt');
    expect(receipt).toContain('SAG-2026-0042');
    expect(receipt).toContain('Sendt');
    await screenshot(caseworker, 'ws-receipt');
    await expectAccessible(caseworker, 'receipt');
  });

  it('reaches the provider inbox with purpose, and the provider accepts into a cohort and starts', async () => {
    await provider.goto(`${base}/arbejde/indbakke`);
    const item = provider.locator('[data-inbox] li', { hasText: 'SAG-2026-0042' });
    expect(await item.textContent()).toContain('genvinde overskud');
    await screenshot(provider, 'ws-inbox');
    await expectAccessible(provider, 'inbox');
    await item.getByRole('link').click();
    await provider.waitForURL(referralUrl);
    await expectAccessible(provider, 'referral as provider');
    const accept = provider.locator('form[data-action="accepted"]');
    await accept.getByRole('radio').first().check(); // the cohorts, each with its dates and free seats
    await accept.getByRole('button', { name: 'Optag borgeren' }).click();
    await provider.waitForURL(/udfoert=accepted/);
    expect(await provider.locator('#status').textContent()).toContain('Optaget');
    await provider.locator('form[data-action="started"]').getByRole('button').click();
    await provider.waitForURL(/udfoert=started/);
    expect(await provider.locator('#status').textContent()).toContain('Startet');
  });

  it('records WHO-5 at start and end and a sub-goal, completes, and writes the closing report', async () => {
    const recordWho5 = async (phase: 'Ved start' | 'Ved afslutning', answers: number[]) => {
      await provider.getByText('Registrér WHO-5').click();
      await provider.getByLabel(phase).check();
      for (const [i, value] of answers.entries()) await provider.locator(`#item${i}-${value}`).check();
      await provider.getByRole('button', { name: 'Gem WHO-5' }).click();
      await provider.waitForURL(/udfoert=who5/);
    };
    await recordWho5('Ved start', [2, 1, 2, 1, 2]); // raw 8 → 32
    expect(await provider.locator('[data-who5-score="start"]').textContent()).toBe('32');
    await provider.getByLabel('Nyt delmål').fill('Går en tur på 30 minutter tre gange om ugen');
    await provider.getByRole('button', { name: 'Tilføj delmål' }).click();
    await provider.waitForURL(/udfoert=subgoal/);
    await provider.getByLabel('Vurdering af delmålet').selectOption('achieved');
    await provider.getByRole('button', { name: 'Gem vurdering' }).click();
    await provider.waitForURL(/udfoert=subgoal-outcome/);
    // The end WHO-5 is taken while the course runs; after it is completed nothing more is recorded.
    await recordWho5('Ved afslutning', [4, 3, 3, 3, 4]); // raw 17 → 68
    expect(await provider.locator('[data-who5-score="end"]').textContent()).toBe('68');
    await provider.locator('form[data-action="completed"]').getByRole('button').click();
    // Completing cannot be undone: asked once more, and nothing has changed until the user says yes.
    await provider.locator('[data-confirm="completed"]').waitFor();
    expect(await provider.locator('#status').textContent()).toContain('Startet');
    await provider.locator('[data-confirm="completed"]').getByRole('button', { name: 'Ja, forløbet er gennemført' }).click();
    await provider.waitForURL(/udfoert=completed/);
    expect(await provider.getByRole('status').textContent()).toContain('Forløbet er markeret som gennemført');
    expect(await provider.getByText('Registrér WHO-5').count()).toBe(0);
    await provider.getByLabel('Forløbet og resultatet').fill('Borgeren har deltaget stabilt i alle tolv mødegange og nået sit delmål om daglig motion. Trivslen er steget markant.');
    await provider.getByRole('button', { name: 'Send rapporten til sagsbehandleren' }).click();
    await provider.waitForURL(/udfoert=report/);
    await screenshot(provider, 'ws-provider-referral');
    await expectAccessible(provider, 'referral after report');
  });

  it('closes the loop: the caseworker is notified and reads the timeline and the report', async () => {
    await caseworker.goto(`${base}/arbejde/notifikationer`);
    const badge = await caseworker.locator('.badge-count').textContent();
    expect(Number(badge)).toBeGreaterThanOrEqual(4); // accepted, started, completed, report
    const texts = await caseworker.locator('[data-notifications] li').allTextContents();
    expect(texts.join('\n')).toContain('afsluttende rapport modtaget');
    expect(texts.join('\n')).toContain('Gennemført');
    await screenshot(caseworker, 'ws-notifications');
    await expectAccessible(caseworker, 'notifications');
    await caseworker.locator('[data-notifications] a', { hasText: 'afsluttende rapport' }).first().click();
    await caseworker.waitForURL(new RegExp(`${referralUrl.replace(/[/.]/g, '\\$&')}`));
    expect(await caseworker.locator('[data-closing-report]').textContent()).toContain('nået sit delmål');
    expect(await caseworker.locator('[data-who5-score="end"]').textContent()).toBe('68');
    const timeline = await caseworker.locator('[data-timeline] li strong').allTextContents();
    // The closing report is on the timeline too, after the status that ended the course.
    expect(timeline).toEqual(['Sendt', 'Optaget', 'Startet', 'Gennemført', 'Afsluttende rapport sendt']);
    await screenshot(caseworker, 'ws-caseworker-report');
    // Reading the referral marks its notices read.
    await caseworker.goto(`${base}/arbejde/notifikationer`);
    expect(await caseworker.locator('[data-notifications] li[data-unread]').count()).toBe(0);
  });

  it('lists the referral in "Mine henvisninger" with filters, and in the citizen overview', async () => {
    await caseworker.goto(`${base}/arbejde/henvisninger?status=completed`);
    expect(await caseworker.locator('[data-referrals] tbody tr').count()).toBe(1);
    await expectAccessible(caseworker, 'my referrals');
    await caseworker.goto(`${base}/arbejde/henvisninger?status=waitlisted`);
    expect(await caseworker.locator('[data-referrals]').count()).toBe(0);
    await caseworker.goto(`${base}/arbejde/borger?sag=SAG-2026-0042`);
    expect(await caseworker.locator('[data-referral-id]').count()).toBe(1);
    await expectAccessible(caseworker, 'citizen overview');
  });
});

describe('a full offer', () => {
  it('puts the next referral on the waitlist, and a drop-out promotes it', async () => {
    // The provider narrows the offer to one seat.
    await provider.goto(`${base}/arbejde/kapacitet/${SEATS_OFFER}`);
    await expectAccessible(provider, 'capacity page');
    await provider.getByLabel('Antal pladser').fill('1');
    await provider.getByRole('button', { name: 'Gem pladser' }).click();
    await provider.waitForURL(/gemt=pladser/);
    expect(await provider.getByRole('status').textContent()).toContain('Antallet af pladser er gemt');
    await provider.goto(`${base}/arbejde/kapacitet`);
    await expectAccessible(provider, 'capacity overview');

    const refer = async (ref: string) => {
      await caseworker.goto(`${base}/tilbud/${SEATS_OFFER}/henvis`);
      await caseworker.getByLabel('Borgerens sagsnummer').fill(ref);
      await caseworker.getByLabel('Borgeren har givet samtykke som beskrevet').check();
      await caseworker.getByLabel('Formål med henvisningen').fill('Mindfulness som forberedelse til arbejdsprøvning.');
      await caseworker.getByRole('button', { name: 'Send henvisning' }).click();
      await caseworker.waitForURL(/kvittering=1/);
      return { url: caseworker.url().split('?')[0]!, status: await caseworker.locator('#status').textContent() };
    };
    const first = await refer('SAG-2026-0100');
    expect(first.status).toContain('Optaget');
    const second = await refer('SAG-2026-0101');
    expect(second.status).toContain('Venteliste');
    await caseworker.goto(`${base}/tilbud/${SEATS_OFFER}`);
    expect(await caseworker.locator('[data-availability]').textContent()).toMatch(/Ingen ledige pladser[\s\S]*1 på venteliste/);

    await provider.goto(first.url);
    await provider.locator('form[data-action="started"]').getByRole('button').click();
    await provider.waitForURL(/udfoert=started/);
    const dropOut = provider.locator('form[data-action="dropped_out"]');
    await dropOut.getByRole('button').click(); // no reason: refused, beside the field
    await provider.waitForLoadState();
    expect(await provider.locator('form[data-action="dropped_out"] .form-error-message').textContent()).toMatch(/begrundelse/i);
    await provider.locator('form[data-action="dropped_out"]').getByLabel('Årsag til afbrud').fill('Borgeren er flyttet fra kommunen');
    await provider.locator('form[data-action="dropped_out"]').getByRole('button').click();
    expect(await provider.locator('[data-confirm="dropped_out"]').textContent()).toContain('Borgeren er flyttet fra kommunen');
    await provider.locator('[data-confirm="dropped_out"]').getByRole('button').click();
    await provider.waitForURL(/udfoert=dropped_out/);

    await caseworker.goto(second.url);
    expect(await caseworker.locator('#status').textContent()).toContain('Optaget');
    expect(await caseworker.locator('#status').textContent()).toContain('ventelisten');
    await caseworker.goto(`${base}/arbejde/notifikationer`);
    expect((await caseworker.locator('[data-notifications]').textContent())).toContain('SAG-2026-0101');
  });
});

describe('an expired session', () => {
  it('keeps what the user typed: after logging in again the form is filled in', async () => {
    const page = await signIn(CASEWORKER);
    await page.goto(`${base}/tilbud/${SEATS_OFFER}/henvis`);
    await page.getByLabel('Borgerens sagsnummer').fill('SAG-2026-0777');
    await page.getByLabel('Formål med henvisningen').fill('Tekst der ikke må gå tabt ved udløbet session.');
    await page.context().clearCookies(); // the session expires while the user types
    await page.getByRole('button', { name: 'Send henvisning' }).click();
    await page.waitForURL(/\/logind\?naeste=.*kladde=/);
    await expectAccessible(page, 'login');
    await page.getByLabel('E-mail').fill(CASEWORKER);
    await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL(/\/henvis\?kladde=/);
    expect(await page.getByLabel('Borgerens sagsnummer').inputValue()).toBe('SAG-2026-0777');
    expect(await page.getByLabel('Formål med henvisningen').inputValue()).toContain('ikke må gå tabt');
    await page.context().close();
  });

  it('sends an anonymous visitor of a workspace page to the login page and back', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/arbejde/henvisninger`);
    await page.waitForURL(/\/logind\?naeste=%2Farbejde%2Fhenvisninger/);
    await page.close();
  });
});
