/**
 * In production the Fastify server hands every request its services (Astro.locals). Under `astro dev`
 * there is no Fastify, so the dev server gets a catalogue of its own that watches content/.
 */
import { defineMiddleware } from 'astro:middleware';
import { createCatalogue, type Catalogue } from '../db/catalogue.ts';

let devCatalogue: Catalogue | undefined;

export const onRequest = defineMiddleware(async (context, next) => {
  if (import.meta.env.DEV && !context.locals.catalogue) {
    devCatalogue ??= createCatalogue({ contentDir: process.env.CONTENT_DIR || 'content', watch: true });
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
  // A page that sets Astro.response.status keeps Astro's default reason "OK" ("HTTP/1.1 400 OK"): send
  // such answers without a reason, so the server writes the standard one for the status.
  if (response.status !== 200 && response.statusText === 'OK') {
    return new Response(response.body, { status: response.status, headers: response.headers });
  }
  return response;
});
