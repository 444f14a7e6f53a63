/**
 * Shared helpers of the API tests: a JSON client that logs in through the real login route and carries the
 * session cookie and CSRF token the way the API requires, over `inject` or real HTTP, and the demo users.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../server/seed.ts';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

export { DEMO_PASSWORD };

/** Demo users (server/seed.ts): a caseworker per jobcentre unit, a provider per organisation, one admin. */
export const caseworkerEmail = (unit: string) => `sagsbehandler.${unit}@aadal.example.dk`;
export const providerEmail = (organisation: string) => `udbyder.${organisation}@aadal.example.dk`;
export const ADMIN_EMAIL = 'admin@aadal.example.dk';

/** The units and organisations most tests use. */
export const UNIT = 'ressourcecenter';
export const OTHER_UNIT = 'job-og-aktivhuset';
export const ORG = 'center-for-mental-sundhed';
export const OTHER_ORG = 'sundhedscenter-aadal';

/** Offers of ORG (content/offers): intake and capacity model as their frontmatter declares. */
export const OFFERS = {
  /** assessed, 30 continuous seats */
  assessedSeats: 'psykolog-i-jobcentret',
  /** assessed, 20 continuous seats */
  assessedSeats2: 'aaben-og-rolig-flex',
  /** direct intake, cohorts of 12 */
  directCohorts: 'stress-og-arbejde',
  /** assessed, cohorts of 20 */
  assessedCohorts: 'sund-paa-tvaers',
} as const;
/** An offer of OTHER_ORG (assessed, 60 continuous seats). */
export const OTHER_ORG_OFFER = 'job-og-sundhed';
/** Direct intake, 15 continuous seats, of OTHER_ORG. */
export const DIRECT_SEATS_OFFER = 'sundhedssamtale-med-fremskudt-sundhedsmedarbejder';

// Response bodies are JSON of many shapes; tests read them loosely and assert what matters.
export type Json = any;

export interface ApiResponse { status: number; body: Json; headers: Record<string, string | string[] | undefined>; text: string }

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Send the CSRF header on writes (default true when logged in). */
  csrf?: boolean;
  headers?: Record<string, string>;
}

/** How requests reach the app: `inject` (no socket) or real HTTP to a listening port. */
export type Transport = (method: Method, url: string, headers: Record<string, string>, payload: string | undefined) => Promise<ApiResponse>;

export function injectTransport(app: FastifyInstance): Transport {
  return async (method, url, headers, payload) => {
    const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    return { status: res.statusCode, headers: res.headers as ApiResponse['headers'], text: res.body, body: parse(res.body) };
  };
}

export function httpTransport(baseUrl: string): Transport {
  return async (method, url, headers, payload) => {
    const res = await fetch(baseUrl + url, { method, headers, body: payload });
    const text = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers), text, body: parse(text) };
  };
}

function parse(text: string): Json {
  if (!text) return null;
  try { return JSON.parse(text); } catch { return text; }
}

export interface Session { cookie: string; csrfToken: string; user: { id: number; email: string; name: string; role: string; unitId: string | null; organisationId: string } }

/** A JSON client; anonymous without a session. */
export class Api {
  readonly transport: Transport;
  readonly session: Session | null;

  constructor(transport: Transport, session: Session | null = null) {
    this.transport = transport;
    this.session = session;
  }

  get user() {
    if (!this.session) throw new Error('anonymous client has no user');
    return this.session.user;
  }

  request(method: Method, url: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.session) headers.cookie = `${SESSION_COOKIE}=${this.session.cookie}`;
    if (this.session && method !== 'GET' && method !== 'HEAD' && options.csrf !== false) headers['x-csrf-token'] = this.session.csrfToken;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return this.transport(method, url, headers, payload);
  }

  get(url: string, options?: RequestOptions) { return this.request('GET', url, undefined, options); }
  post(url: string, body?: unknown, options?: RequestOptions) { return this.request('POST', url, body, options); }
  put(url: string, body?: unknown, options?: RequestOptions) { return this.request('PUT', url, body, options); }
  patch(url: string, body?: unknown, options?: RequestOptions) { return this.request('PATCH', url, body, options); }
  delete(url: string, options?: RequestOptions) { return this.request('DELETE', url, undefined, options); }
}

/** Logs in through POST /api/v1/auth/login and returns a client carrying the session cookie and CSRF token. */
export async function login(transport: Transport, email: string, password = DEMO_PASSWORD): Promise<Api> {
  const anonymous = new Api(transport);
  const res = await anonymous.post('/api/v1/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login as ${email} answered ${res.status}: ${res.text}`);
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error(`login as ${email} set no ${SESSION_COOKIE} cookie`);
  return new Api(transport, { cookie, csrfToken: res.body.csrfToken, user: res.body.user });
}

export function sessionCookieOf(res: ApiResponse): string | undefined {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
  for (const c of all) {
    const [pair] = c.split(';');
    const [name, ...value] = pair!.split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/** The usual cast: clients for every role, logged in once per app (the login route is rate-limited). */
export interface Cast {
  anonymous: Api;
  caseworker: Api;
  otherCaseworker: Api;
  provider: Api;
  otherProvider: Api;
  admin: Api;
}

export async function loginCast(transport: Transport): Promise<Cast> {
  const [caseworker, otherCaseworker, provider, otherProvider, admin] = await Promise.all([
    login(transport, caseworkerEmail(UNIT)),
    login(transport, caseworkerEmail(OTHER_UNIT)),
    login(transport, providerEmail(ORG)),
    login(transport, providerEmail(OTHER_ORG)),
    login(transport, ADMIN_EMAIL),
  ]);
  return { anonymous: new Api(transport), caseworker, otherCaseworker, provider, otherProvider, admin };
}

/** A fresh app on its own database, and the cast signed in to it: what most API test files start with. */
export async function startAppWithCast(): Promise<{ t: TestApp; cast: Cast }> {
  const t = await startTestApp();
  return { t, cast: await loginCast(injectTransport(t.app)) };
}

let citizenCounter = 0;
/** A fresh pseudonymous case number. */
export const nextCitizenRef = (prefix = 'SAG') => `${prefix}-${++citizenCounter}`;

/** A valid referral body; override any field. */
export function referralBody(offerSlug: string, overrides: Record<string, unknown> = {}) {
  return {
    offerSlug,
    citizenRef: nextCitizenRef(),
    purpose: 'Borgeren ønsker hjælp til at komme tilbage i arbejde',
    consent: { given: true, scope: 'Udveksling af oplysninger om forløbet mellem jobcenter og udbyder' },
    ...overrides,
  };
}

/** Creates a referral as `caseworker` and returns its body (expects 201). */
export async function refer(caseworker: Api, offerSlug: string, overrides: Record<string, unknown> = {}): Promise<Json> {
  const res = await caseworker.post('/api/v1/referrals', referralBody(offerSlug, overrides));
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Moves a referral through the given actions (e.g. ['accept', 'start']) and expects each to succeed. */
export async function act(client: Api, id: number, actions: string[], body?: Record<string, unknown>): Promise<Json> {
  let last: Json = null;
  for (const action of actions) {
    const res = await client.post(`/api/v1/referrals/${id}/${action}`, body);
    expect(res.status, `${action}: ${res.text}`).toBe(200);
    last = res.body;
  }
  return last;
}

/** Field names of a 400 answer (schema failures name `body.x`, `querystring.x`; service failures name `x`). */
export const fieldsOf = (res: ApiResponse): string[] => (res.body?.fields ?? []).map((f: { field: string }) => f.field);

export const todayIso = () => new Date().toISOString().slice(0, 10);
export const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Every route the app serves under /api/v1, from Fastify's own route tree (so none can be missed). */
export function apiRoutes(app: FastifyInstance): { method: Method; url: string }[] {
  const stack: string[] = [];
  const routes: { method: Method; url: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(url);
    if (!url.startsWith('/api/v1/')) continue;
    for (const method of m[3]!.split(', ')) routes.push({ method: method as Method, url });
  }
  return routes;
}

/** A workspace page's form post through `inject`, as a browser sends it: the session cookie and the `_csrf` field. */
export async function postForm(app: FastifyInstance, client: Api, url: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ _csrf: client.session?.csrfToken ?? '', ...fields }).toString();
  // Browsers send Origin with a form post; Astro refuses cross-site form posts without it (checkOrigin).
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' };
  if (client.session) headers.cookie = `${SESSION_COOKIE}=${client.session.cookie}`;
  const res = await app.inject({ method: 'POST', url, headers, payload: body });
  return { status: res.statusCode, headers: res.headers, text: res.body };
}

/** A workspace page as the client sees it, through `inject`. */
export async function getPage(app: FastifyInstance, client: Api, url: string) {
  const headers: Record<string, string> = client.session ? { cookie: `${SESSION_COOKIE}=${client.session.cookie}` } : {};
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, headers: res.headers, text: res.body };
}
