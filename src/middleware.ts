/**
 * In production the Fastify server hands every request its services (Astro.locals). Under `astro dev`
 * there is no Fastify, so the dev server gets a catalogue of its own that watches content/.
 */
import { defineMiddleware } from 'astro:middleware';
import { createCatalogue, type Catalogue } from './lib/catalogue.ts';

let devCatalogue: Catalogue | undefined;

export const onRequest = defineMiddleware((context, next) => {
  if (import.meta.env.DEV && !context.locals.catalogue) {
    devCatalogue ??= createCatalogue({ contentDir: process.env.CONTENT_DIR || 'content', watch: true });
    context.locals.catalogue = devCatalogue;
  }
  return next();
});
