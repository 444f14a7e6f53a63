/** OpenAPI 3 generated from the routes' zod schemas: JSON at /api/docs/json, a browsable UI at /api/docs. */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { declareAccess } from './access.ts';
import { API_DOCS_PREFIX } from './auth.ts';

export default fp(async (app: FastifyInstance) => {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Indsatskatalog API',
        version: '1.0.0',
        description: 'Henvisninger, kapacitet og tilbud. Log ind via /api/v1/auth/login; skrivninger kræver headeren x-csrf-token.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'indsats_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [] }],
    },
    // Only the versioned JSON API is documented; pages, assets and probes are not part of it.
    transform: (route) => (route.url.startsWith('/api/v1/') ? jsonSchemaTransform(route) : { schema: { ...route.schema, hide: true }, url: route.url }),
  });
  // The documentation describes the API and holds no data: public.
  await app.register(async (docs) => {
    declareAccess(docs, 'public');
    await docs.register(fastifySwaggerUi, { routePrefix: API_DOCS_PREFIX, uiConfig: { docExpansion: 'list' } });
  });
}, { name: 'openapi', dependencies: ['access'] });
