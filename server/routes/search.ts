/**
 * The search index the browser loads for instant search; revalidated by ETag, rebuilt when content changes.
 * Above BROWSER_SEARCH_INDEX_MAX_OFFERS there is none (404): the pages tell the script to ask /soeg instead.
 */
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors.ts';

const etagOf = (version: string) => `"idx-${version}"`;

export const SERVER_SEARCH_MESSAGE = 'Søgeindekset til browseren findes ikke: kataloget er så stort, at det søges på serveren (/soeg?q=…)';

export default async function searchRoutes(app: FastifyInstance) {
  app.get('/api/v1/search-index', {
    config: { access: 'public', subresource: true },
    schema: { tags: ['search'], summary: 'Søgeindekset, som browseren søger i (ETag); 404, når kataloget er så stort, at det søges på serveren' },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    // Checked first and with no await before searchIndexGzip(), so that call never meets a disabled index.
    if (!app.catalogue.browserIndexEnabled) throw new AppError(404, SERVER_SEARCH_MESSAGE);
    const current = etagOf(app.catalogue.version);
    if (request.headers['if-none-match'] === current) return reply.header('etag', current).code(304).send();
    const index = await app.catalogue.searchIndexGzip();
    reply.header('etag', etagOf(index.version)).type('application/json; charset=utf-8');
    // Kept compressed only: browsers take brotli (smaller still than gzip); any other client gets it unzipped on the way.
    const accepted = request.headers['accept-encoding'] ?? '';
    if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(index.brotli);
    if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(index.gzip);
    return reply.send(Readable.from([index.gzip]).pipe(createGunzip()));
  });
}
