/**
 * Re-assessment (tværfaglig visitation) across two signed-in users in Chromium, and the caseworker's
 * referral form used with the keyboard alone: the caseworker refers without a mouse, the provider proposes
 * another offer with a reason and declines (the reason is required), and the caseworker sees the proposal,
 * the reason in the timeline, and can refer straight on to the proposed offer.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, screenshot, openPortal, type Portal } from '../helpers/browser.ts';

const CASEWORKER = 'sagsbehandler.job-og-aktivhuset@aadal.example.dk';
const PROVIDER = 'udbyder.center-for-mental-sundhed@aadal.example.dk';
const OFFER = 'sund-paa-tvaers'; // assessed intake, Center for Mental Sundhed
const CITIZEN = 'SAG-2026-0777';

let base: string;
let caseworker: Page;
let provider: Page;
let referralUrl: string;

/** Presses Tab until the element with `id` has focus (bounded, so a broken tab order fails the test). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`#${id} was not reached with the Tab key`);
}

let portal: Portal;
const signIn = (email: string, width?: number) => portal.signIn(email, width);

beforeAll(async () => {
  portal = await openPortal();
  ({ base } = portal);
  caseworker = await signIn(CASEWORKER);
  provider = await signIn(PROVIDER);
});
afterAll(async () => { await portal?.close(); });

describe('keyboard only', () => {
  it('lets a caseworker fill in and send a referral without a mouse', async () => {
    await caseworker.goto(`${base}/tilbud/${OFFER}/henvis`);
    await tabTo(caseworker, 'citizenRef');
    await caseworker.keyboard.type(CITIZEN);
    await tabTo(caseworker, 'consent');
    await caseworker.keyboard.press('Space');
    expect(await caseworker.locator('#consent').isChecked()).toBe(true);
    await tabTo(caseworker, 'purpose');
    await caseworker.keyboard.type('Afklare helbred og trivsel før et jobrettet forløb.');
    await tabTo(caseworker, 'note');
    await caseworker.keyboard.press('Shift+Tab'); // back into the cohort radios, then forward again to the button
    await tabTo(caseworker, 'note');
    await caseworker.keyboard.press('Tab');
    expect(await caseworker.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Send henvisning');
    await caseworker.keyboard.press('Enter');
    await caseworker.waitForURL(/\/arbejde\/henvisninger\/\d+\?kvittering=1/);
    referralUrl = caseworker.url().split('?')[0]!;
    expect(await caseworker.getByRole('status').first().textContent()).toContain(CITIZEN);
  });
});

describe('re-assessment', () => {
  it('lets the provider propose another offer, with a reason', async () => {
    await provider.goto(referralUrl);
    const form = provider.locator('form', { has: provider.getByRole('button', { name: 'Send forslag' }) });
    await form.getByLabel('Tilbud').selectOption('aaben-og-rolig');
    await form.getByRole('button', { name: 'Send forslag' }).click();
    await provider.waitForLoadState();
    // No reason: the field says so in Danish, and the chosen offer is kept.
    expect(await provider.locator('#propose-reason').getAttribute('aria-invalid')).toBe('true');
    expect(await provider.locator('.form-error-message').first().textContent()).toMatch(/\S/);
    expect(await form.getByLabel('Tilbud').inputValue()).toBe('aaben-og-rolig');
    await form.getByLabel('Begrundelse').fill('Borgeren har brug for et stressforløb før screeningen giver mening.');
    await form.getByRole('button', { name: 'Send forslag' }).click();
    await provider.waitForURL(/udfoert=propose/);
    expect(await provider.getByRole('region', { name: /Forslag fra udbyderen/ }).textContent()).toContain('stressforløb');
  });

  it('requires a reason to decline, and records it in the timeline', async () => {
    const decline = provider.locator('form[data-action="declined"]');
    await decline.getByRole('button', { name: 'Afvis henvisningen' }).click();
    await provider.waitForLoadState();
    expect(await provider.locator('#status').textContent()).toContain('Sendt');
    expect(await provider.locator('form[data-action="declined"] .form-error-message').textContent()).toMatch(/\S/);
    await provider.locator('form[data-action="declined"]').getByLabel('Begrundelse for afvisning')
      .fill('Henvist videre til Åben og Rolig efter tværfaglig visitation.');
    await provider.locator('form[data-action="declined"]').getByRole('button', { name: 'Afvis henvisningen' }).click();
    await provider.locator('[data-confirm="declined"]').getByRole('button', { name: 'Ja, afvis henvisningen' }).click();
    await provider.waitForURL(/udfoert=declined/);
    expect(await provider.locator('#status').textContent()).toContain('Afvist');
    expect(await provider.locator('[data-timeline]').textContent()).toContain('Henvist videre til Åben og Rolig');
  });

  it('shows the caseworker the proposal and the reason, and refers on to the proposed offer', async () => {
    await caseworker.goto(referralUrl);
    expect(await caseworker.locator('#status').textContent()).toContain('Afvist');
    const proposals = caseworker.getByRole('region', { name: /Forslag fra udbyderen/ });
    expect(await proposals.textContent()).toContain('stressforløb');
    expect(await caseworker.locator('[data-timeline]').textContent()).toContain('Henvist videre til Åben og Rolig');
    await screenshot(caseworker, 'ws-proposal');
    expect(await axeViolations(caseworker), 'referral with a proposal').toEqual([]);
    await proposals.getByRole('link', { name: /^Henvis til/ }).click();
    await caseworker.waitForURL(/\/tilbud\/aaben-og-rolig\/henvis\?sag=/);
    expect(await caseworker.getByLabel('Borgerens sagsnummer').inputValue()).toBe(CITIZEN);
    expect(await caseworker.getByRole('heading', { level: 1 }).textContent()).toContain('Henvis borger');
  });
});
