/**
 * Reads kept until the data changes. A GET route that opts in (`config: { cacheUntilChange: true }`) has
 * its 200 answer kept per user and URL, and served again as long as neither the catalogue nor the database
 * has changed since (catalogue version + the database's data version + the date): a write anywhere, by this
 * process or another one on the same database, makes every kept answer stale at once, so nothing served
 * is older than the last write. READ_CACHE=false turns it off (every read computed; the benchmark's
 * no-cache figures). The user is part of the key, so an
 * answer is only ever served to the user it was made for.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { todayIso } from '../services/clock.ts';
import { GenerationCache } from '../services/generation-cache.ts';

declare module 'fastify' {
  interface FastifyContextConfig { cacheUntilChange?: boolean }
  interface FastifyRequest { readCache: { key: string; generation: string } | null }
}

const MAX_ENTRIES = 2_000;

interface Kept { body: Buffer; contentType: string }

export default fp(async (app: FastifyInstance, opts: { enabled?: boolean }) => {
  app.decorateRequest('readCache', null);
  const database = app.database;
  if (opts.enabled === false || !database) return;
  const cache = new GenerationCache<Kept>(MAX_ENTRIES);

  // Before validation: a kept answer was made from this very URL, already validated then. The user is
  // known by now (onRequest), and only 200s are kept, so a private route never answers anyone from here
  // whom auth's check would refuse.
  // Callback-style hooks: they run on every API request, and a settled promise per hook is not free.
  app.addHook('preValidation', (request, reply, done) => {
    if (request.method !== 'GET' || request.routeOptions.config?.cacheUntilChange !== true) return done();
    const key = `${request.user?.id ?? 0} ${request.url}`;
    // The date too: which cohorts are still open changes at midnight, write or no write.
    const generation = `${app.catalogue.version}:${database.dataVersion()}:${todayIso()}`;
    const kept = cache.peek(generation, key);
    if (kept) {
      reply.type(kept.contentType).send(kept.body);
      return; // answered: the rest of the request's hooks and the handler do not run
    }
    request.readCache = { key, generation };
    done();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.readCache || reply.statusCode !== 200 || typeof payload !== 'string') return done(null, payload);
    // Kept encoded: Danish letters make the JSON a two-byte string, and encoding it is not free.
    const body = Buffer.from(payload);
    cache.set(request.readCache.generation, request.readCache.key, { body, contentType: String(reply.getHeader('content-type')) });
    done(null, body);
  });
}, { name: 'read-cache', dependencies: ['catalogue', 'database', 'auth'] });
