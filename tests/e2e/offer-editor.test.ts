/**
 * The offer editor in Chromium, as a health department's editor uses it: change a title and a cohort's
 * seats and see both live within a second; a bad date refused beside its field with the summary focused;
 * preview; history with its diff and a restore; two people editing at once; approval mode; the whole
 * editor by keyboard alone; axe on every editor page, in every state.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPortal, screenshot, type Portal } from '../helpers/browser.ts';

const EDITOR = 'redaktoer.center-for-mental-sundhed@aadal.example.dk';
const OTHER_EDITOR = 'udbyder.center-for-mental-sundhed@aadal.example.dk'; // a provider given the editor role too
const ADMIN = 'admin@aadal.example.dk';
const OFFER = 'angstskolen'; // cohorts

let portal: Portal;
let editor: Page;

async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
}

const publish = (page: Page) => page.getByRole('button', { name: 'Offentliggør', exact: true }).click();

beforeAll(async () => {
  portal = await openPortal();
  editor = await portal.signIn(EDITOR);
});
afterAll(async () => { await portal?.close(); });

describe('the offer editor', () => {
  it('lists the organisation\'s offers and opens one in the schema-generated form', async () => {
    await editor.goto(`${portal.base}/arbejde/tilbud`);
    await expectAccessible(editor, 'offer list');
    await screenshot(editor, 'editor-list-1280');
    await editor.getByRole('link', { name: /^Angstskolen/ }).click();
    await editor.waitForURL(/\/arbejde\/tilbud\/angstskolen$/);
    expect(await editor.getByLabel('Titel').inputValue()).toMatch(/^Angstskolen/);
    expect(await editor.getByRole('group', { name: 'Risikogrupper' }).getByRole('checkbox').count()).toBe(3);
    expect(await editor.getByLabel('Opgavetype').locator('option:checked').textContent()).toMatch(/^4\./);
    await expectAccessible(editor, 'edit form');
    await screenshot(editor, 'editor-form-1280');
  });

  it('refuses a bad date beside the field, focuses the summary and keeps the input', async () => {
    await editor.getByLabel('Titel').fill('Angstskolen – ny titel');
    await editor.getByLabel('Gennemgås senest').evaluate((el: HTMLInputElement) => { el.type = 'text'; el.value = '31-12-2027'; });
    await publish(editor);
    await editor.waitForLoadState('load');
    const summary = editor.locator('[data-error-summary]');
    expect(await summary.textContent()).toContain('Gennemgås senest: Skal være en dato skrevet ÅÅÅÅ-MM-DD');
    expect(await editor.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    expect(await editor.locator('#reviewBy-error').textContent()).toContain('ÅÅÅÅ-MM-DD');
    expect(await editor.getByLabel('Titel').inputValue()).toBe('Angstskolen – ny titel');
    await expectAccessible(editor, 'edit form with an error');
    await screenshot(editor, 'editor-error-1280');
    // The summary's link takes the user to the field.
    await summary.getByRole('link').first().click();
    expect(await editor.evaluate(() => location.hash)).toBe('#reviewBy');
  });

  it('shows a preview rendered as the public page renders it', async () => {
    await editor.getByLabel('Gennemgås senest').fill('2027-06-30');
    await editor.getByLabel('Beskrivelse', { exact: true }).fill('## Om forløbet\n\nEt **nyt** afsnit om angst.');
    await editor.getByRole('button', { name: 'Vis forhåndsvisning' }).click();
    await editor.waitForLoadState('load');
    const preview = editor.locator('[data-preview]');
    expect(await preview.locator('h1').textContent()).toBe('Angstskolen – ny titel');
    expect(await preview.locator('.offer-body h2').textContent()).toBe('Om forløbet');
    expect(await preview.locator('.offer-body strong').textContent()).toBe('nyt');
    await expectAccessible(editor, 'edit form with preview');
  });

  it('publishes a title change and a cohort\'s seats: the public page and search show both at once, no rebuild', async () => {
    await publish(editor);
    await editor.waitForURL(/udfald=published/);
    expect(await editor.getByRole('status').textContent()).toContain('offentliggjort');
    const citizen = await portal.browser.newPage();
    await citizen.goto(`${portal.base}/tilbud/${OFFER}`);
    expect(await citizen.locator('h1').textContent()).toBe('Angstskolen – ny titel');
    await citizen.goto(`${portal.base}/soeg?q=${encodeURIComponent('ny titel')}`);
    expect(await citizen.locator(`a[href="/tilbud/${OFFER}"]`).first().textContent()).toContain('Angstskolen – ny titel');
    // How fast is measured by `npm run bench` (edit_to_live_*), not here.
    await citizen.close();

    await editor.goto(`${portal.base}/arbejde/kapacitet/${OFFER}`);
    const cohort = editor.locator('form[data-cohort-id]').first();
    await cohort.getByLabel('Pladser').fill('17');
    await cohort.getByRole('button', { name: 'Gem hold' }).click();
    await editor.waitForURL(/gemt=hold/);
    const caseworker = await portal.signIn('sagsbehandler.sygedagpengehuset@aadal.example.dk');
    await caseworker.goto(`${portal.base}/tilbud/${OFFER}`);
    expect(await caseworker.locator('[data-availability]').textContent()).toContain('17');
    await caseworker.close();
  });

  it('shows the history with a diff, and restores an earlier revision', async () => {
    await editor.goto(`${portal.base}/arbejde/tilbud/${OFFER}/historik`);
    await expectAccessible(editor, 'history');
    await screenshot(editor, 'editor-history-1280');
    const changed = editor.locator('tr[data-field="title"]');
    expect((await changed.locator('del').allTextContents()).join(' ')).toContain('forstå');
    expect((await changed.locator('ins').allTextContents()).join(' ')).toContain('ny titel');
    expect(await editor.locator('.body-diff ins').first().textContent()).toContain('Om forløbet');
    await editor.locator('tr[data-revision="1"]').getByRole('button', { name: /Gendan og offentliggør/ }).click();
    await editor.waitForURL(/gendannet=1/);
    expect(await editor.locator('tr[data-revision="3"]').textContent()).toContain('Gendannet fra version 1');
    const citizen = await portal.browser.newPage();
    await citizen.goto(`${portal.base}/tilbud/${OFFER}`);
    expect(await citizen.locator('h1').textContent()).toMatch(/^Angstskolen – forstå/);
    await citizen.close();
  });

  it('shows a conflict side by side when two people edit at once, and overwrites nothing', async () => {
    const other = await portal.signIn(OTHER_EDITOR);
    await other.goto(`${portal.base}/arbejde/tilbud/${OFFER}`);
    await editor.goto(`${portal.base}/arbejde/tilbud/${OFFER}`);
    await other.getByLabel('Varighed').fill('Ti uger');
    await publish(other);
    await other.waitForURL(/udfald=published/);
    await editor.getByLabel('Varighed').fill('Tolv uger');
    await publish(editor);
    await editor.waitForLoadState('load');
    expect(await editor.getByRole('heading', { name: 'Tilbuddet er rettet af en anden, siden du åbnede det' }).count()).toBe(1);
    const row = editor.locator('tr[data-field="duration"]');
    expect(await row.locator('td').nth(0).textContent()).toContain('Ti uger');
    expect(await row.locator('td').nth(1).textContent()).toContain('Tolv uger');
    await expectAccessible(editor, 'conflict');
    await screenshot(editor, 'editor-conflict-1280');
    const citizen = await portal.browser.newPage();
    await citizen.goto(`${portal.base}/tilbud/${OFFER}`);
    expect(await citizen.locator('.offer-facts').textContent()).toContain('Ti uger');
    await citizen.close();
    // Keeping one's own version is a deliberate choice, saved on top of the other's.
    await editor.getByRole('button', { name: 'Gem min version som kladde' }).click();
    await editor.waitForURL(/udfald=draft/);
    expect(await editor.getByLabel('Varighed').inputValue()).toBe('Tolv uger');
    await other.close();
  });

  it('creates a new offer with a slug proposed from its title, and archives it after a confirmation', async () => {
    await editor.goto(`${portal.base}/arbejde/tilbud/nyt`);
    await expectAccessible(editor, 'new offer form');
    await editor.getByLabel('Titel').fill('Søvnskolen for voksne');
    await editor.getByRole('button', { name: 'Gem som kladde' }).click();
    await editor.waitForLoadState('load');
    // Not complete yet: the form comes back with the proposed slug and the errors in the form's order.
    expect(await editor.getByLabel('Kortnavn i adressen').inputValue()).toBe('soevnskolen-for-voksne');
    const problems = await editor.locator('[data-error-summary] li').allTextContents();
    expect(problems[0]).toMatch(/^Kort beskrivelse/);
    await editor.getByLabel('Kort beskrivelse').fill('Et kursus for voksne, der sover dårligt og vil have gode vaner og mere overskud i hverdagen.');
    await editor.getByRole('group', { name: 'Risikogrupper' }).getByLabel('Lavrisikogruppen').check();
    await editor.getByRole('group', { name: /Målgrupper/ }).getByLabel('Alle borgere i kommunen').check();
    await editor.getByRole('group', { name: 'Sundhedstemaer' }).getByLabel('Søvn').check();
    await editor.getByLabel('Opgavetype').selectOption('1');
    await editor.getByLabel('Enhed').fill('Stress- og angstteamet');
    await editor.getByRole('group', { name: 'Sektor' }).getByLabel('Sundhed').check();
    await editor.locator('select[name="legalBasis.0.law"]').selectOption('sundhedsloven');
    await editor.getByRole('group', { name: 'Form' }).getByLabel('Hold').check();
    await editor.getByLabel('Varighed').fill('6 uger');
    await editor.getByLabel('E-mail (valgfrit)').first().fill('soevn@aadal.example.dk');
    await editor.getByRole('group', { name: 'Adgangsveje' }).getByLabel('Selvhenvendelse').check();
    await editor.getByLabel('Sådan bliver du henvist').fill('Ring eller skriv til os, så finder vi et hold.');
    await editor.getByLabel('Antal pladser').fill('12');
    await editor.getByRole('button', { name: 'Offentliggør', exact: true }).click();
    await editor.waitForURL(/\/arbejde\/tilbud\/soevnskolen-for-voksne\?udfald=published/);
    const citizen = await portal.browser.newPage();
    expect((await citizen.goto(`${portal.base}/tilbud/soevnskolen-for-voksne`))!.status()).toBe(200);

    await editor.getByRole('button', { name: 'Arkivér …' }).click();
    await editor.waitForLoadState('load');
    await expectAccessible(editor, 'archive confirmation');
    await editor.getByRole('button', { name: 'Ja, arkivér tilbuddet' }).click();
    await editor.waitForURL(/udfald=archived/);
    expect((await citizen.goto(`${portal.base}/tilbud/soevnskolen-for-voksne`))!.status()).toBe(404);
    await citizen.close();
  });

  it('is usable by keyboard alone: every control is reached by Tab, and Enter in a field saves a draft', async () => {
    await editor.goto(`${portal.base}/arbejde/tilbud/${OFFER}`);
    const controls = await editor.locator('form.offer-editor :is(input:not([type=hidden]), select, textarea, button):not([tabindex="-1"])').count();
    const reached = new Set<string>();
    for (let i = 0; i < controls + 60; i++) {
      await editor.keyboard.press('Tab');
      const id = await editor.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.closest('form.offer-editor') ? `${el.tagName}:${el.name}:${el.value}:${el.id}` : null;
      });
      if (id) reached.add(id);
    }
    // Radios of one group are one tab stop (arrow keys move within): count groups once.
    const radiosBeyondFirst = await editor.evaluate(() => {
      const names = [...document.querySelectorAll<HTMLInputElement>('form.offer-editor input[type=radio]')].map((r) => r.name);
      return names.length - new Set(names).size;
    });
    expect(reached.size).toBe(controls - radiosBeyondFirst);

    await editor.getByLabel('Titel').focus();
    await editor.keyboard.press('Control+A');
    await editor.keyboard.type('Angstskolen – med tastaturet');
    await editor.keyboard.press('Enter'); // implicit submission: "save as draft", never "add a row" or "publish"
    await editor.waitForURL(/udfald=draft/);
    expect(await editor.getByLabel('Titel').inputValue()).toBe('Angstskolen – med tastaturet');
    // Then publish by keyboard: Tab to the button, press Enter.
    await editor.getByRole('button', { name: 'Offentliggør', exact: true }).focus();
    await editor.keyboard.press('Enter');
    await editor.waitForURL(/udfald=published/);
  });

  it('lists offers to review and confirms one still correct in one click', async () => {
    // Make one due: an editor sets its review date in the past.
    await editor.goto(`${portal.base}/arbejde/tilbud/${OFFER}`);
    await editor.getByLabel('Gennemgås senest').fill('2026-01-10');
    await publish(editor);
    await editor.waitForURL(/udfald=published/);
    await editor.goto(`${portal.base}/arbejde/gennemsyn`);
    await expectAccessible(editor, 'review list');
    await screenshot(editor, 'editor-review-1280');
    const row = editor.locator(`tr[data-slug="${OFFER}"]`);
    expect(await row.textContent()).toContain('dage over');
    await row.getByRole('button', { name: /Stadig korrekt/ }).click();
    await editor.waitForURL(/bekraeftet=/);
    expect(await editor.getByRole('status').textContent()).toMatch(/er bekræftet som korrekt\. Næste gennemgang senest/);
    expect(await editor.locator(`tr[data-slug="${OFFER}"]`).count()).toBe(0);
    const citizen = await portal.browser.newPage();
    await citizen.goto(`${portal.base}/tilbud/${OFFER}`);
    expect(await citizen.locator('.review-note').textContent()).toMatch(/^Senest gennemgået \d+\. \w+ \d{4}\./);
    await citizen.close();
  });

  it('confirms the seat figures in one click on the capacity page', async () => {
    await editor.goto(`${portal.base}/arbejde/kapacitet/${OFFER}`);
    await editor.getByRole('button', { name: 'Pladstallene er korrekte' }).click();
    await editor.waitForURL(/gemt=bekraeftet/);
    expect(await editor.locator('[data-capacity-confirmed]').textContent()).toContain('Pladstallene er senest bekræftet af udbyderen');
    await expectAccessible(editor, 'capacity page with confirmation');
  });

  it('deletes a cohort only after asking once more', async () => {
    await editor.goto(`${portal.base}/arbejde/kapacitet/${OFFER}`);
    const create = editor.getByRole('form', { name: 'Opret hold' });
    await create.getByLabel('Start').fill('2027-09-01');
    await create.getByLabel('Slut').fill('2027-10-15');
    await create.getByRole('button', { name: 'Opret hold' }).click();
    await editor.waitForURL(/gemt=hold-oprettet/);
    const cohort = editor.locator('form[data-cohort-id]', { has: editor.locator('input[value="2027-09-01"]') });
    await cohort.getByRole('button', { name: 'Slet hold …' }).click();
    await editor.waitForLoadState('load');
    const question = editor.locator('[data-confirm-delete]');
    expect(await question.textContent()).toContain('Vil du slette holdet 2027-09-01–2027-10-15?');
    await expectAccessible(editor, 'cohort deletion confirmation');
    await question.getByRole('button', { name: 'Ja, slet holdet' }).click();
    await editor.waitForURL(/gemt=hold-slettet/);
    expect(await editor.locator('input[value="2027-09-01"]').count()).toBe(0);
  });

  it('works on a phone', async () => {
    const phone = await portal.signIn(EDITOR, 390);
    await phone.goto(`${portal.base}/arbejde/tilbud/${OFFER}`);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'editor-form-390');
    await expectAccessible(phone, 'edit form on a phone');
    await phone.close();
  });
});

describe('approval mode', () => {
  let approving: Portal;
  afterAll(async () => { await approving?.close(); });

  it('keeps a provider editor\'s change off the public page until an administrator approves it', async () => {
    approving = await openPortal({ env: { OFFER_APPROVAL: 'true' } });
    const provider = await approving.signIn(OTHER_EDITOR);
    await provider.goto(`${approving.base}/arbejde/tilbud/${OFFER}`);
    await provider.getByLabel('Titel').fill('Angstskolen – venter');
    await provider.getByRole('button', { name: 'Send til godkendelse' }).click();
    await provider.waitForURL(/udfald=pending/);
    const citizen = await approving.browser.newPage();
    await citizen.goto(`${approving.base}/tilbud/${OFFER}`);
    expect(await citizen.locator('h1').textContent()).not.toContain('venter');

    const admin = await approving.signIn(ADMIN);
    await admin.goto(`${approving.base}/arbejde/godkendelser`);
    await expectAccessible(admin, 'approvals');
    await screenshot(admin, 'editor-approvals-1280');
    expect(await admin.locator(`[data-pending="${OFFER}"] tr[data-field="title"]`).textContent()).toContain('venter');
    await admin.getByRole('button', { name: /Godkend og offentliggør/ }).click();
    await admin.waitForURL(/udfald=approved/);
    await citizen.reload();
    expect(await citizen.locator('h1').textContent()).toBe('Angstskolen – venter');
  });
});
