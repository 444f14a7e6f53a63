/** The search index the browser loads for instant search; revalidated by ETag, rebuilt when content changes. */
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const etagOf = (version: string) => `"idx-${version}"`;

export default async function searchRoutes(app: FastifyInstance) {
  app.get('/api/v1/search-index', { config: { access: 'public' }, schema: { tags: ['search'], summary: 'Søgeindekset, som browseren søger i (ETag)' } }, async (request, reply) => {
    reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    const current = etagOf(app.catalogue.version);
    if (request.headers['if-none-match'] === current) return reply.header('etag', current).code(304).send();
    const index = await app.catalogue.searchIndexGzip();
    reply.header('etag', etagOf(index.version)).type('application/json; charset=utf-8');
    // Kept gzipped only: browsers take it so, at a seventh of the size; any other client gets it unzipped on the way.
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(index.gzip);
    return reply.send(Readable.from([index.gzip]).pipe(createGunzip()));
  });
}
