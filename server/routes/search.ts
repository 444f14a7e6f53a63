/** The search index the browser loads for instant search; revalidated by ETag, rebuilt when content changes. */
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const etagOf = (version: string) => `"idx-${version}"`;

export default async function searchRoutes(app: FastifyInstance) {
  app.get('/api/v1/search-index', { config: { access: 'public', subresource: true }, schema: { tags: ['search'], summary: 'Søgeindekset, som browseren søger i (ETag)' } }, async (request, reply) => {
    reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding');
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
