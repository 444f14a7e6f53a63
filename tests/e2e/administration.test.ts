/**
 * The administrator in Chromium: a new provider organisation and a unit, a new account with a one-time
 * password shown once, the new user forced to choose their own password before anything else, and a
 * deactivation after a confirmation; axe on every administration page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPortal, screenshot, type Portal } from '../helpers/browser.ts';

let portal: Portal;
let admin: Page;
const expectAccessible = async (page: Page, name: string) => expect(await axeViolations(page), name).toEqual([]);

beforeAll(async () => {
  portal = await openPortal();
  admin = await portal.signIn('admin@aadal.example.dk');
});
afterAll(async () => { await portal?.close(); });

describe('administration', () => {
  it('creates an organisation and adds a unit to a jobcentre', async () => {
    await admin.goto(`${portal.base}/arbejde/organisationer`);
    await expectAccessible(admin, 'organisations');
    await admin.getByLabel(/^Navn/).fill('Gigtforeningen Ådal');
    await admin.getByLabel('Første enhed').fill('Motionsholdene');
    await admin.getByRole('button', { name: 'Opret organisation' }).click();
    await admin.waitForURL(/\/arbejde\/organisationer\/gigtforeningen-aadal\?udfald=oprettet/);
    await expectAccessible(admin, 'organisation');
    await screenshot(admin, 'admin-organisation-1280');
    await admin.goto(`${portal.base}/arbejde/organisationer/jobcenter-aadal`);
    await admin.getByLabel('Ny enhed').fill('Ungeenheden');
    await admin.getByRole('button', { name: 'Tilføj enhed' }).click();
    await admin.waitForURL(/udfald=enhed-tilfoejet/);
    expect(await admin.getByRole('status').textContent()).toContain('Enheden er tilføjet');
    expect(await admin.getByLabel('Navn på Ungeenheden').inputValue()).toBe('Ungeenheden');
  });

  it('creates an account whose one-time password must be replaced at first sign-in', async () => {
    await admin.goto(`${portal.base}/arbejde/brugere`);
    await expectAccessible(admin, 'accounts');
    await admin.getByLabel(/^Navn/).fill('Ung Sagsbehandler');
    await admin.getByLabel('E-mail').fill('ung.sagsbehandler@aadal.example.dk');
    await admin.getByLabel('Sagsbehandler (jobcenter)').check();
    await admin.getByLabel('Organisation', { exact: true }).selectOption('jobcenter-aadal');
    await admin.getByLabel('Enhed (kun sagsbehandlere)').selectOption('ungeenheden');
    await admin.getByRole('button', { name: 'Opret konto' }).click();
    await admin.waitForLoadState('load');
    const password = (await admin.locator('[data-one-time-password]').textContent())!;
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await expectAccessible(admin, 'accounts after creating one');
    await screenshot(admin, 'admin-accounts-1280');

    const context = await portal.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'da-DK' });
    const user = await context.newPage();
    await user.goto(`${portal.base}/logind`);
    await user.getByLabel('E-mail').fill('ung.sagsbehandler@aadal.example.dk');
    await user.getByLabel('Adgangskode').fill(password);
    await user.getByRole('button', { name: 'Log ind' }).click();
    await user.waitForURL(/\/arbejde\/adgangskode/);
    await expectAccessible(user, 'password change on a phone');
    await screenshot(user, 'admin-password-390');
    await user.getByLabel('Nuværende adgangskode').fill(password);
    await user.getByLabel('Ny adgangskode').fill('kort');
    await user.getByLabel('Gentag den nye adgangskode').fill('kort');
    await user.getByRole('button', { name: 'Skift adgangskode' }).click();
    await user.waitForLoadState('load');
    expect(await user.locator('[data-error-summary]').textContent()).toContain('mindst 12 tegn');
    await user.getByLabel('Nuværende adgangskode').fill(password);
    await user.getByLabel('Ny adgangskode').fill('sommer i ådalen hele året');
    await user.getByLabel('Gentag den nye adgangskode').fill('sommer i ådalen hele året');
    await user.getByRole('button', { name: 'Skift adgangskode' }).click();
    await user.waitForURL(/\/arbejde\/henvisninger\?adgangskode=skiftet/);
    expect(await user.getByRole('status').first().textContent()).toContain('Din adgangskode er skiftet');
    await context.close();
  });

  it('deactivates the account after a confirmation', async () => {
    await admin.goto(`${portal.base}/arbejde/brugere`);
    await admin.getByRole('link', { name: 'Ung Sagsbehandler' }).click();
    await admin.waitForURL(/\/arbejde\/brugere\/\d+$/);
    await expectAccessible(admin, 'account');
    await admin.getByRole('button', { name: 'Deaktivér konto …' }).click();
    await admin.waitForLoadState('load');
    await expectAccessible(admin, 'deactivation confirmation');
    await admin.getByRole('button', { name: 'Ja, deaktivér kontoen' }).click();
    await admin.waitForURL(/udfald=deaktiveret/);
    expect(await admin.locator('main').textContent()).toContain('Deaktiveret');
  });
});
