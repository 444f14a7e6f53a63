/**
 * What every workspace page does first: find the signed-in user (or send them to log in), and read a
 * posted form safely (CSRF checked; nothing the user typed is lost when the session has expired).
 */
import type { AstroGlobal } from 'astro';
import type { z } from 'zod';
import type { Action } from '../../../core/access/policy.ts';
import type { SessionUser } from '../../../server/access.ts';
import type { Workspace } from '../../../server/workspace.ts';

export const LOGIN_PATH = '/logind';
export const WORKSPACE_HOME = '/arbejde';
export const PASSWORD_PATH = '/arbejde/adgangskode';

export type Fields = Record<string, string | string[]>;

type Page = AstroGlobal;

const see = (location: string, headers: Record<string, string> = {}) =>
  new Response(null, { status: 303, headers: { location, ...headers } });

/**
 * Only paths of this site may be returned to after login. The path is resolved the way a browser would
 * (which reads "/\evil.example" as "//evil.example"), and anything that leaves the origin, or carries
 * control characters, goes to the workspace instead.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return WORKSPACE_HOME;
  const origin = 'http://portal.invalid';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return WORKSPACE_HOME;
  }
  return url.origin === origin ? url.pathname + url.search + url.hash : WORKSPACE_HOME;
}

export function loginUrl(next: string, draftKey?: string | null): string {
  const params = new URLSearchParams({ naeste: next });
  if (draftKey) params.set('kladde', draftKey);
  return `${LOGIN_PATH}?${params}`;
}

export interface Session { ws: Workspace; user: SessionUser }

/** What a workspace page requires: an action of the policy (core/access/policy.ts), or only a session. */
export type PageRequirement = Action | 'signed-in';

/**
 * The page's workspace and user, or the Response to return instead: log in (a form posted after the
 * session expired is parked first, so the user comes back to it filled in), or no access when the policy
 * never lets the user's role do what the page is for. Every workspace page calls it first.
 */
export async function requireUser(Astro: Page, requirement: PageRequirement): Promise<Session | Response> {
  const ws = Astro.locals.workspace;
  if (!ws) return new Response('Arbejdsområdet kræver portalens server: start den med npm start.', { status: 503 });
  if (!ws.user) {
    let draftKey: string | null = null;
    if (Astro.request.method === 'POST') {
      const form = await Astro.request.formData().catch(() => null);
      if (form) draftKey = ws.drafts.save(Astro.url.pathname, toFields(form));
    }
    return see(loginUrl(Astro.url.pathname + Astro.url.search, draftKey));
  }
  // Signed in with a one-time password: the user chooses their own before anything else.
  if (ws.user.mustChangePassword && Astro.url.pathname !== PASSWORD_PATH) return see(`${PASSWORD_PATH}?naeste=${encodeURIComponent(safeNext(Astro.url.pathname + Astro.url.search))}`);
  if (requirement !== 'signed-in' && !ws.may(requirement)) return see('/ingen-adgang');
  return { ws, user: ws.user };
}

function toFields(form: FormData): Fields {
  const fields: Fields = {};
  for (const [key, value] of form) {
    if (typeof value !== 'string' || key === '_csrf') continue;
    const existing = fields[key];
    fields[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}

/**
 * The posted fields of a signed-in user (see requireUser), or a redirect when they cannot be acted on: a
 * stale CSRF token (say, after logging in again in another tab) parks the input and shows the form again,
 * filled in, to be checked and resent.
 */
export async function readPost(Astro: Page): Promise<{ fields: Fields } | Response> {
  const ws = Astro.locals.workspace;
  if (!ws) return new Response('Arbejdsområdet kræver portalens server.', { status: 503 });
  let form: FormData;
  try {
    form = await Astro.request.formData();
  } catch {
    return new Response('Formularen kunne ikke læses.', { status: 400 });
  }
  const fields = toFields(form);
  const path = Astro.url.pathname;
  if (!ws.csrfMatches(form.get('_csrf'))) {
    const key = ws.drafts.save(path, fields);
    const params = new URLSearchParams(Astro.url.search);
    if (key) params.set('kladde', key);
    params.set('udloebet', '1');
    return see(`${path}?${params}`);
  }
  return { fields };
}

/** A parked draft for this form, if the URL names one. */
export function takeDraft(Astro: Page): Fields | null {
  return Astro.locals.workspace?.drafts.take(Astro.url.searchParams.get('kladde'), Astro.url.pathname) ?? null;
}

export const field = (fields: Fields | null | undefined, name: string): string => {
  const v = fields?.[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

/** zod problems by field path ("consent.given"), first message each. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form';
    out[key] ??= issue.message;
  }
  return out;
}

/** A service error (AppError) as a message and field errors for the form; rethrows anything else. */
export function serviceProblem(err: unknown): { message: string; fields: Record<string, string> } {
  const e = err as { statusCode?: number; message?: string; details?: { fields?: { field: string; message: string }[] } };
  if (!e || typeof e.statusCode !== 'number' || e.statusCode >= 500) throw err;
  const fields: Record<string, string> = {};
  for (const f of e.details?.fields ?? []) fields[f.field] = f.message;
  return { message: e.message ?? 'Handlingen kunne ikke gennemføres', fields };
}

export const redirect = see;
