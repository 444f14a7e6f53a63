/** The search index the browser loads for instant search; revalidated by ETag, rebuilt when content changes. */
import type { FastifyInstance } from 'fastify';
import { gzipSync } from 'node:zlib';

export default async function searchRoutes(app: FastifyInstance) {
  // Encoded once per content version: sending the JSON string would encode 1 MB+ anew for every visitor,
  // and browsers take it gzipped at a seventh of the size.
  let encoded: { version: string; raw: Buffer; gzip: Buffer } | undefined;
  const current = () => {
    if (encoded?.version !== app.catalogue.version) {
      const raw = Buffer.from(app.catalogue.searchIndexJson());
      encoded = { version: app.catalogue.version, raw, gzip: gzipSync(raw) };
    }
    return encoded;
  };

  app.get('/api/v1/search-index', { config: { public: true }, schema: { tags: ['search'], summary: 'Søgeindekset, som browseren søger i (ETag)' } }, async (request, reply) => {
    const etag = `"idx-${app.catalogue.version}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const index = current();
    reply.type('application/json; charset=utf-8');
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(index.gzip);
    return reply.send(index.raw);
  });
}
