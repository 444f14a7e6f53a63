/**
 * The Astro site inside Fastify: hashed assets and public files from dist/client via @fastify/static,
 * pages rendered by the Astro handler (@astrojs/node, middleware mode) with the app's services as
 * Astro.locals, and the site's own 404 page for every unknown URL.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BODY_LIMIT_BYTES } from '../limits.ts';
import { declareAccess } from './access.ts';
import { unavailablePage } from './errors.ts';
import { workspaceFactory } from '../workspace.ts';

type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: () => void, locals: App.Locals) => Promise<void>;

export default fp(async (app: FastifyInstance, opts: { distDir: string; accessibilityStatementUrl?: string }) => {
  const workspaceFor = workspaceFactory(app);
  const clientDir = path.join(opts.distDir, 'client');
  const entry = path.join(opts.distDir, 'server', 'entry.mjs');
  if (!existsSync(entry)) {
    throw new Error(`The site is not built (${entry} is missing): run "npm run build" first.`);
  }
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const notFoundHtml = readFileSync(path.join(clientDir, '404.html'));

  await app.register(async (files) => {
    // Built files are public; pages are public routes that check access themselves, page by page.
    declareAccess(files, 'public');
    await files.register(fastifyStatic, {
      root: clientDir,
      wildcard: false, // one route per built file, so the page catch-all below sees every other URL
      index: false,
      preCompressed: true, // the .br/.gz copies the build wrote (src/integrations/precompress.ts)
      setHeaders(reply, file) {
        // Astro fingerprints everything under _astro/, so those files never change.
        if (file.includes(`${path.sep}_astro${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  });

  const sendNotFound = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/api/')) {
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
    }
    return reply.code(404).type('text/html; charset=utf-8').send(notFoundHtml);
  };
  app.setNotFoundHandler(sendNotFound);

  await app.register(async (pages) => {
    declareAccess(pages, 'public');
    // Form bodies are read here, within the same limit as the API's (a larger one is refused with a readable
    // 413 page before it is read whole), and handed to Astro as the request's body.
    pages.removeAllContentTypeParsers();
    pages.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (_req, body, done) => done(null, body));
    const renderPage = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.url.startsWith('/api/')) return sendNotFound(request, reply);
      if (Buffer.isBuffer(request.body)) (request.raw as IncomingMessage & { body?: Buffer }).body = request.body;
      let unmatched = false;
      reply.hijack();
      await handler(request.raw, reply.raw, () => { unmatched = true; }, {
        catalogue: app.catalogue, workspace: workspaceFor(request), errorResponse: unavailablePage, accessibilityStatementUrl: opts.accessibilityStatementUrl,
        // The security plugin has marked personal answers already (server/plugins/security.ts): the page must not undo it.
        noStore: reply.raw.getHeader('cache-control') === 'no-store',
      });
      if (unmatched && !reply.raw.headersSent) {
        reply.raw.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        reply.raw.end(request.method === 'HEAD' ? undefined : notFoundHtml);
      }
    };
    pages.route({ method: ['GET', 'HEAD', 'POST'], url: '/*', handler: renderPage });
    // The login form is the one page limited like the API's login: 10 tries a minute per client address.
    pages.route({ method: 'POST', url: '/logind', handler: renderPage, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } });
  });
}, { name: 'site', dependencies: ['catalogue', 'database', 'auth', 'access'] });
