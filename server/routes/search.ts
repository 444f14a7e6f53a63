/** The search index the browser loads for instant search; revalidated by ETag, rebuilt when content changes. */
import type { FastifyInstance } from 'fastify';

export default async function searchRoutes(app: FastifyInstance) {
  app.get('/api/v1/search-index', { config: { public: true }, schema: { tags: ['search'], summary: 'Søgeindekset, som browseren søger i (ETag)' } }, async (request, reply) => {
    const etag = `"idx-${app.catalogue.version}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(app.catalogue.searchIndexJson());
  });
}
