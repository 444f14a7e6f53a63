/**
 * What outside testing found, each on every path that reaches it: the login's return address, form body
 * size, password spraying, status lines, security headers and caching, the password hash, and logs that
 * carry ids only.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import {
  act, ADMIN_EMAIL, caseworkerEmail, type Cast, DEMO_PASSWORD, getPage, injectTransport, loginCast, OFFERS, postForm, refer, UNIT,
} from '../api/helpers.ts';

let t: TestApp;
let cast: Cast;
beforeAll(async () => {
  t = await startTestApp();
  cast = await loginCast(injectTransport(t.app));
});
afterAll(async () => { await t.close(); });

const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' };
const loginForm = (email: string, password = DEMO_PASSWORD) => new URLSearchParams({ email, password }).toString();

describe('the address after login', () => {
  it.each([
    ['%2F%5Cevil.example', '/\\evil.example'],
    ['%2F%2Fevil.example', '//evil.example'],
    ['https%3A%2F%2Fevil.example', 'https://evil.example'],
    ['%2F%09%2Fevil.example', 'a tab'],
  ])('goes to the workspace, never off-site, for naeste=%s (%s)', async (naeste) => {
    const res = await t.app.inject({
      method: 'POST', url: `/logind?naeste=${naeste}`, headers: FORM, payload: loginForm(caseworkerEmail(UNIT)),
      remoteAddress: '10.1.0.1',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/arbejde');
  });

  it('returns to a path of the site', async () => {
    const res = await t.app.inject({
      method: 'POST', url: `/logind?naeste=${encodeURIComponent('/arbejde/borger?sag=A-1')}`, headers: FORM,
      payload: loginForm(caseworkerEmail(UNIT)), remoteAddress: '10.1.0.2',
    });
    expect(res.headers.location).toBe('/arbejde/borger?sag=A-1');
  });
});

describe('form bodies', () => {
  it('refuses a form over 256 KB with a readable 413 page, before reading it whole', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/logind', headers: FORM, payload: `email=${'a'.repeat(300 * 1024)}`, remoteAddress: '10.2.0.1' });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Formularen er for stor');
  });

  it('refuses a large body on any page the same way, signed in or not', async () => {
    const page = await postForm(t.app, cast.caseworker, `/tilbud/${OFFERS.assessedSeats}/henvis`, { purpose: 'x'.repeat(400 * 1024) });
    expect(page.status).toBe(413);
  });

  it('still reads ordinary forms', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/logind', headers: FORM, payload: loginForm(ADMIN_EMAIL), remoteAddress: '10.2.0.2' });
    expect(res.statusCode).toBe(303);
  });
});

describe('password spraying', () => {
  it('stops one address trying many accounts through the API, and the owner still signs in from elsewhere', async () => {
    const attacker = '10.3.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await t.app.inject({
        method: 'POST', url: '/api/v1/auth/login', remoteAddress: attacker,
        payload: { email: i === 29 ? caseworkerEmail(UNIT) : `gaet-${i}@aadal.example.dk`, password: 'Sommer2026!' },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Even the right password is refused from that address now …
    const blocked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: attacker, payload: { email: caseworkerEmail(UNIT), password: DEMO_PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // … while the owner, elsewhere, is not locked out of their account.
    const owner = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.3.0.2', payload: { email: caseworkerEmail(UNIT), password: DEMO_PASSWORD } });
    expect(owner.statusCode).toBe(200);
  });

  it('counts the login page and the API together', async () => {
    const attacker = '10.4.0.1';
    for (let i = 0; i < 20; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: attacker, payload: { email: `x${i}@aadal.example.dk`, password: 'forkert' } });
    }
    // The page's own limit (10 a minute per address) would not have been reached: this is the shared count.
    const page = await t.app.inject({ method: 'POST', url: '/logind', headers: FORM, payload: loginForm(ADMIN_EMAIL), remoteAddress: attacker });
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('For mange mislykkede forsøg');
  });
});

describe('one login command', () => {
  it('validates the login page and the API alike, naming the fields in Danish', async () => {
    const page = await t.app.inject({ method: 'POST', url: '/logind', headers: FORM, payload: 'email=&password=', remoteAddress: '10.5.0.1' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Skriv din e-mailadresse');
    expect(page.body).toContain('Skriv din adgangskode');
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: '', password: '' }, remoteAddress: '10.5.0.2' });
    expect(api.statusCode).toBe(400);
    expect(api.json().message).toContain('Skriv din e-mailadresse');
    expect(api.json().message).toContain('Skriv din adgangskode');
  });
});

describe('status lines', () => {
  it('gives error pages the reason of their status, not "OK"', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const failedLogin = await fetch(`${url}/logind`, { method: 'POST', headers: { ...FORM, origin: url }, body: 'email=&password=' });
    expect(failedLogin.status).toBe(400);
    expect(failedLogin.statusText).toBe('Bad Request');
    const wrong = await fetch(`${url}/logind`, { method: 'POST', headers: { ...FORM, origin: url }, body: loginForm(ADMIN_EMAIL, 'forkert') });
    expect(`${wrong.status} ${wrong.statusText}`).toBe('401 Unauthorized');
    const missing = await fetch(`${url}/tilbud/findes-ikke`);
    expect(`${missing.status} ${missing.statusText}`).toBe('404 Not Found');
  });
});

describe('security headers and caching', () => {
  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const cookieOf = (client: Cast['caseworker']) => `${SESSION_COOKIE}=${client.session!.cookie}`;

  /** The built files a page loads: its stylesheet, its scripts and the fonts the stylesheet names. */
  const subresourcesOf = async (url: string) => {
    const page = (await get(url)).body;
    const css = page.match(/\/_astro\/[^"]+\.css/)![0];
    const scripts = page.match(/\/_astro\/[^"]+\.js/g)!;
    const fonts = (await get(css)).body.match(/\/_astro\/[^)"']+\.woff2/g)!;
    return [css, ...scripts, fonts[0]!];
  };

  it('sends a CSP without inline scripts, frame protection, nosniff and a referrer policy on every document', async () => {
    // Documents: pages, the 404 page (also where no built file answers a file-like path), the API docs, SVG.
    for (const url of ['/', '/tilbud/rygestop', '/soeg?q=stress', '/findes-ikke', '/_astro/findes-ikke.js', '/api/docs', '/favicon.svg', '/api/v1/referrals']) {
      const res = await get(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toMatch(/script-src 'self'(;|$)/);
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['strict-transport-security'], url).toBeUndefined(); // HTTP on a laptop: no HSTS
    }
  });

  it('sends subresources (built CSS, scripts, fonts; the search index) only the headers a subresource heeds', async () => {
    for (const url of [...await subresourcesOf('/soeg?q=stress'), '/api/v1/search-index']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['strict-transport-security'], url).toBeUndefined(); // HTTP on a laptop: no HSTS
      for (const documentOnly of ['content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'origin-agent-cluster', 'x-xss-protection']) {
        expect(res.headers[documentOnly], `${url} ${documentOnly}`).toBeUndefined();
      }
    }
  });

  it('has no inline scripts for the CSP to block', async () => {
    for (const url of ['/', '/tilbud/rygestop', '/soeg?q=stress']) {
      const scripts = (await get(url)).body.match(/<script\b[^>]*>/g) ?? [];
      for (const tag of scripts) expect(tag, url).toMatch(/\bsrc=|type="application\/ld\+json"/);
    }
  });

  it('sends HSTS in production', async () => {
    const prod = await startTestApp({ env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SEED_DEMO: 'true' } });
    try {
      const res = await prod.app.inject({ method: 'GET', url: '/' });
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
      expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
      const css = res.body.match(/\/_astro\/[^"]+\.css/)![0];
      for (const url of [css, '/api/v1/search-index']) {
        expect((await prod.app.inject({ method: 'GET', url })).headers['strict-transport-security'], url).toContain('max-age=31536000');
      }
    } finally {
      await prod.close();
    }
  });

  it('marks every answer that holds personal data no-store, kept reads too', async () => {
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    const cookie = cookieOf(cast.caseworker);
    for (const url of [`/api/v1/referrals/${r.id}`, `/api/v1/referrals/${r.id}`, '/api/v1/referrals', `/arbejde/henvisninger/${r.id}`, '/arbejde/notifikationer', '/tilbud/rygestop', '/']) {
      expect((await get(url, cookie)).headers['cache-control'], url).toBe('no-store');
    }
    expect((await get('/logind')).headers['cache-control']).toBe('no-store');
    expect((await get('/api/v1/referrals')).headers['cache-control']).toBe('no-store'); // even the 401
    // Public pages to an anonymous reader, and assets, stay cacheable.
    expect((await get('/tilbud/rygestop')).headers['cache-control']).not.toBe('no-store');
    const asset = (await get('/')).body.match(/\/_astro\/[^"]+\.css/)![0];
    expect((await get(asset, cookie)).headers['cache-control']).toContain('immutable');
  });
});

describe('the administrator', () => {
  it('is not labelled as one organisation', async () => {
    for (const url of ['/arbejde/henvisninger', '/arbejde/kapacitet']) {
      const page = await getPage(t.app, cast.admin, url);
      expect(page.status, url).toBe(200);
      expect(page.text, url).not.toContain('Jobcenter Ådal');
      expect(page.text, url).toContain('Administrator for hele kommunen');
    }
    expect((await getPage(t.app, cast.admin, '/arbejde/henvisninger')).text).toContain('Alle henvisninger');
  });
});

describe('what the log holds', () => {
  it('carries ids, never case numbers, e-mail addresses, health details or free text, over a whole referral', async () => {
    let log = '';
    const stream = new Writable({ write(chunk, _encoding, done) { log += chunk.toString(); done(); } });
    const logged = await startTestApp({ env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }, logStream: stream });
    try {
      const c = await loginCast(injectTransport(logged.app));
      const secretRef = 'SAG-LOGTJEK-4711';
      const r = await refer(c.caseworker, OFFERS.assessedSeats, { citizenRef: secretRef, purpose: 'Hemmeligt formål om angst', note: 'Hemmelig note om misbrug' });
      await c.caseworker.post('/api/v1/referrals', { offerSlug: OFFERS.assessedSeats, citizenRef: secretRef, purpose: 'Hemmeligt formål igen', consent: { given: true } });
      await act(c.provider, r.id, ['accept', 'start']);
      await c.provider.post(`/api/v1/referrals/${r.id}/sub-goals`, { text: 'Hemmeligt delmål' });
      await c.provider.post(`/api/v1/referrals/${r.id}/drop-out`, { reason: 'Hemmelig begrundelse om sygdom' });
      await c.provider.put(`/api/v1/referrals/${r.id}/closing-report`, { summary: 'Hemmelig rapport om forløbet og helbredet' });
      await c.caseworker.get(`/api/v1/referrals?citizenRef=${secretRef}`);
      await getPage(logged.app, c.caseworker, `/arbejde/borger?sag=${secretRef}`);
      await logged.app.inject({ method: 'GET', url: '/soeg?q=hemmelig+alkohol' });
      await logged.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'ukendt.person@aadal.example.dk', password: 'x' } });
      await logged.app.mailer.idle();
      await new Promise((r) => setTimeout(r, 50));
      expect(log.length).toBeGreaterThan(1_000); // the requests were logged
      expect(log).toContain('E-mail not sent');
      for (const secret of [secretRef, 'Hemmelig', 'hemmelig', '@aadal.example.dk', 'angst', 'misbrug', 'alkohol']) {
        expect(log, `the log holds "${secret}"`).not.toContain(secret);
      }
    } finally {
      await logged.close();
    }
  });
});
