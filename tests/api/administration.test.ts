/**
 * The administrator keeps the installation in the browser, on either engine: organisations and units
 * are records (a new provider or unit is in use without a restart; the file seeds them and an unchanged
 * file never undoes a browser edit); local accounts are created with a one-time password that must be
 * changed at first sign-in, changed, deactivated and reset.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { copyContent, startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { ADMIN_EMAIL, Api, fieldsOf, injectTransport, login, OFFERS, type Transport } from './helpers.ts';

let t: TestApp;
let transport: Transport;
let admin: Api;
beforeAll(async () => {
  t = await startTestApp();
  transport = injectTransport(t.app);
  admin = await login(transport, ADMIN_EMAIL);
});
afterAll(async () => { await t?.close(); });

describe('organisations', () => {
  it('creates a provider that offers can belong to at once, and a unit a caseworker can work in', async () => {
    const created = await admin.post('/api/v1/organisations', { name: 'Kræftrådgivningen Ådal', kind: 'provider', sector: 'sundhed', unitName: 'Rådgivningen' });
    expect([created.status, created.body.id], created.text).toEqual([201, 'kraeftraadgivningen-aadal']);
    await waitFor(() => t.app.catalogue.organisation('kraeftraadgivningen-aadal') !== undefined, 5_000, 'the new provider in the catalogue');
    const source = (await admin.get(`/api/v1/offer-records/${OFFERS.assessedSeats}`)).body;
    const offer = { ...source.offer, slug: 'samtaler-om-kraeft', provider: { organisation: 'kraeftraadgivningen-aadal', unit: 'Rådgivningen' } };
    const saved = await admin.post('/api/v1/offer-records', { offer, body: 'Samtaler.', intent: 'publish' });
    expect(saved.status, saved.text).toBe(201);
    await waitFor(() => t.app.catalogue.summary('samtaler-om-kraeft') !== undefined, 5_000, 'the offer');
    expect((await t.app.inject({ url: '/soeg' })).body).toContain('Kræftrådgivningen Ådal');

    const unit = await admin.post('/api/v1/organisations/jobcenter-aadal/units', { name: 'Ungeenheden' });
    expect(unit.status, unit.text).toBe(201);
    expect(unit.body.units.map((u: { id: string }) => u.id)).toContain('ungeenheden');
    const renamed = await admin.put('/api/v1/organisations/jobcenter-aadal/units/ungeenheden', { name: 'Ungeenheden Syd' });
    expect(renamed.body.units.find((u: { id: string }) => u.id === 'ungeenheden').name).toBe('Ungeenheden Syd');
  });

  it('names the field of bad input', async () => {
    const res = await admin.post('/api/v1/organisations', { name: 'X', kind: 'hospital', sector: 'sundhed', unitName: 'Y' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res).sort()).toEqual(['body.kind', 'body.name', 'body.unitName']);
  });
});

describe('accounts', () => {
  let oneTime = '';
  let userId = 0;

  it('creates a caseworker with a one-time password that must be changed before anything else', async () => {
    const created = await admin.post('/api/v1/users', {
      email: 'Ny.Sagsbehandler@aadal.example.dk', name: 'Ny Sagsbehandler', role: 'caseworker', organisationId: 'jobcenter-aadal', unitId: 'ressourcecenter',
    });
    expect(created.status, created.text).toBe(201);
    oneTime = created.body.oneTimePassword;
    userId = created.body.id;
    expect(oneTime).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const user = await login(transport, 'ny.sagsbehandler@aadal.example.dk', oneTime);
    expect(user.user).toMatchObject({ role: 'caseworker', unitId: 'ressourcecenter', mustChangePassword: true });
    const blocked = await user.get('/api/v1/referrals');
    expect([blocked.status, blocked.body.message]).toEqual([403, expect.stringContaining('Vælg din egen adgangskode')]);
    const page = await t.app.inject({ url: '/arbejde/henvisninger', headers: { cookie: `${SESSION_COOKIE}=${user.session!.cookie}` } });
    expect([page.statusCode, page.headers.location]).toEqual([303, '/arbejde/adgangskode?naeste=%2Farbejde%2Fhenvisninger']);

    const wrong = await user.put('/api/v1/auth/password', { currentPassword: 'forkert', newPassword: 'en helt ny sætning', repeatPassword: 'en helt ny sætning' });
    expect([wrong.status, fieldsOf(wrong)]).toEqual([400, ['currentPassword']]);
    const short = await user.put('/api/v1/auth/password', { currentPassword: oneTime, newPassword: 'kort', repeatPassword: 'kort' });
    expect([short.status, fieldsOf(short)]).toEqual([400, ['body.newPassword']]);
    const changed = await user.put('/api/v1/auth/password', { currentPassword: oneTime, newPassword: 'min egen lange sætning', repeatPassword: 'min egen lange sætning' });
    expect(changed.status, changed.text).toBe(204);
    // The same session carries on, now without the demand.
    await waitFor(async () => (await user.get('/api/v1/referrals')).status === 200, 5_000, 'the session to be let through');
    expect((await login(transport, 'ny.sagsbehandler@aadal.example.dk', 'min egen lange sætning')).user).toMatchObject({ mustChangePassword: false });
  });

  it('refuses a role in the wrong kind of organisation, a caseworker without a unit, and an e-mail in use', async () => {
    const base = { name: 'Forkert', organisationId: 'jobcenter-aadal' };
    expect(fieldsOf(await admin.post('/api/v1/users', { ...base, email: 'a@aadal.example.dk', role: 'caseworker' }))).toEqual(['unitId']);
    expect(fieldsOf(await admin.post('/api/v1/users', { ...base, email: 'b@aadal.example.dk', role: 'provider' }))).toEqual(['organisationId']);
    const taken = await admin.post('/api/v1/users', { ...base, email: 'ny.sagsbehandler@aadal.example.dk', role: 'admin' });
    expect([taken.status, fieldsOf(taken)]).toEqual([409, ['email']]);
    expect(fieldsOf(await admin.post('/api/v1/users', { ...base, email: 'ikke en adresse', role: 'admin' }))).toEqual(['body.email']);
  });

  it('deactivates an account: its session ends at once and it cannot sign in; activated, it can', async () => {
    const user = await login(transport, 'ny.sagsbehandler@aadal.example.dk', 'min egen lange sætning');
    expect((await admin.post(`/api/v1/users/${userId}/active`, { active: false })).status).toBe(200);
    expect((await user.get('/api/v1/referrals')).status).toBe(401);
    await expect(login(transport, 'ny.sagsbehandler@aadal.example.dk', 'min egen lange sætning')).rejects.toThrow(/answered 401/);
    expect((await admin.post(`/api/v1/users/${admin.user.id}/active`, { active: false })).status).toBe(409);
    expect((await admin.post(`/api/v1/users/${userId}/active`, { active: true })).status).toBe(200);
    await login(transport, 'ny.sagsbehandler@aadal.example.dk', 'min egen lange sætning');
  });

  it('changes a role (the sessions end) and resets a password to a new one-time one', async () => {
    const user = await login(transport, 'ny.sagsbehandler@aadal.example.dk', 'min egen lange sætning');
    const updated = await admin.put(`/api/v1/users/${userId}`, {
      email: 'ny.sagsbehandler@aadal.example.dk', name: 'Nu Redaktør', role: 'editor', organisationId: 'center-for-mental-sundhed', unitId: null,
    });
    expect(updated.status, updated.text).toBe(200);
    expect((await user.get('/api/v1/referrals')).status).toBe(401);
    const reset = await admin.post(`/api/v1/users/${userId}/one-time-password`, {});
    const again = await login(transport, 'ny.sagsbehandler@aadal.example.dk', reset.body.oneTimePassword);
    expect(again.user).toMatchObject({ role: 'editor', organisationId: 'center-for-mental-sundhed', mustChangePassword: true });
  });
});

describe('organisations.yaml', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-orgs-'));
  const content = copyContent();
  const env = { DATABASE_PATH: path.join(dir, 'portal.db') };
  let running: TestApp | undefined;
  afterEach(async () => { await running?.close(); running = undefined; });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); rmSync(content, { recursive: true, force: true }); });

  it('never lets an unchanged file undo a browser edit, imports a changed file, and exports what it imports unchanged', async () => {
    running = await startTestApp({ contentDir: content, env });
    const owner = await login(injectTransport(running.app), ADMIN_EMAIL);
    expect((await owner.put('/api/v1/organisations/center-for-mental-sundhed', { name: 'Psykiatrisk Center Ådal', sector: 'sundhed' })).status).toBe(200);
    await running.close();

    running = await startTestApp({ contentDir: content, env });
    expect(running.app.catalogue.organisation('center-for-mental-sundhed')?.name).toBe('Psykiatrisk Center Ådal');
    const file = path.join(content, 'organisations.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('name: Misbrugscenter Ådal', 'name: Rusmiddelcenter Ådal'));
    await running.close();

    running = await startTestApp({ contentDir: content, env });
    expect(running.app.catalogue.organisation('misbrugscenter-aadal')?.name).toBe('Rusmiddelcenter Ådal');
    const text = await running.app.organisations.fileText();
    writeFileSync(file, text);
    await running.app.organisations.exported(text);
    expect(await running.app.organisations.importFile(file)).toBe('unchanged');
    expect(text).toContain('Psykiatrisk Center Ådal');
  });
});
