/** The search index the browser loads for instant search; revalidated by ETag, rebuilt when content changes. */
import type { FastifyInstance } from 'fastify';

export default async function searchRoutes(app: FastifyInstance) {
  app.get('/api/v1/search-index', { config: { access: 'public' }, schema: { tags: ['search'], summary: 'Søgeindekset, som browseren søger i (ETag)' } }, async (request, reply) => {
    const etag = `"idx-${app.catalogue.version}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const index = app.catalogue.searchIndex();
    reply.type('application/json; charset=utf-8');
    // Browsers take it gzipped, at a seventh of the size.
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(index.gzip);
    return reply.send(index.json);
  });
}
