/**
 * In production the Fastify server hands every request its services (Astro.locals). Under `astro dev`
 * there is no Fastify, so the dev server gets a catalogue of its own that watches content/.
 *
 * Every HTML answer leaves here with its charset, compressed as the client accepts (brotli, else gzip),
 * and a public page with an ETag that the browser revalidates (304 when unchanged). Personal answers (a
 * signed-in user's pages, the login page) get neither: the server marks them `no-store`.
 */
import { defineMiddleware } from 'astro:middleware';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createCatalogue, type Catalogue } from '../db/catalogue.ts';

/** Smaller answers are sent as they are: compressing them saves less than a packet. */
const COMPRESS_FROM_BYTES = 1_024;

let devCatalogue: Catalogue | undefined;

export const onRequest = defineMiddleware(async (context, next) => {
  if (import.meta.env.DEV && !context.locals.catalogue) {
    const max = process.env.BROWSER_SEARCH_INDEX_MAX_OFFERS;
    devCatalogue ??= createCatalogue({ contentDir: process.env.CONTENT_DIR || 'content', watch: true, browserIndexMaxOffers: max ? Number(max) : undefined });
    context.locals.catalogue = devCatalogue;
  }
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    // A database that does not answer is a readable 503 page, not Astro's 500.
    const known = context.locals.errorResponse?.(error);
    if (known) return known;
    throw error;
  }
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/html') && response.body) {
    return finishHtml(response, context.request, Boolean(context.locals.workspace?.user || context.locals.noStore));
  }
  // A page that sets Astro.response.status keeps Astro's default reason "OK" ("HTTP/1.1 400 OK"): send
  // such answers without a reason, so the server writes the standard one for the status.
  if (response.status !== 200 && response.statusText === 'OK') {
    return new Response(response.body, { status: response.status, headers: response.headers });
  }
  return response;
});

async function finishHtml(response: Response, request: Request, personal: boolean): Promise<Response> {
  const headers = new Headers(response.headers);
  headers.set('content-type', 'text/html; charset=utf-8');
  let body = Buffer.from(await response.arrayBuffer());
  // The status without Astro's default reason (see above): new Response() takes the standard one.
  const status = response.status;
  const cacheable = !personal && request.method === 'GET' && status === 200 && !headers.has('set-cookie') && !headers.has('cache-control');
  if (cacheable) {
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    headers.set('etag', etag);
    // Public, but revalidated every time: an edited offer must show at once.
    headers.set('cache-control', 'no-cache');
    if (request.headers.get('if-none-match')?.split(/\s*,\s*/).includes(etag)) {
      headers.delete('content-type');
      return new Response(null, { status: 304, headers });
    }
  }
  headers.append('vary', 'Accept-Encoding');
  const accepted = request.headers.get('accept-encoding') ?? '';
  if (body.length >= COMPRESS_FROM_BYTES) {
    if (/\bbr\b/.test(accepted)) {
      body = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
      headers.set('content-encoding', 'br');
    } else if (/\bgzip\b/.test(accepted)) {
      body = gzipSync(body, { level: 6 });
      headers.set('content-encoding', 'gzip');
    }
  }
  headers.set('content-length', String(body.length));
  return new Response(request.method === 'HEAD' ? null : body, { status, headers });
}
