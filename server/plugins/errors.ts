/**
 * One error handler: schema failures answer 400 naming every failing field; service errors answer their
 * own status; anything unexpected is logged and answers 500 without internals. Outside /api/ the answer
 * is a short readable Danish page rather than JSON (a form too large, too many tries …).
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from '../../db/engine.ts';
import { AppError } from '../errors.ts';
import { FORM_BODY_LIMIT_KB } from '../limits.ts';

interface FieldProblem { field: string; message: string }

/** What a person reads when a page request fails before the page itself could answer. */
const PAGE_TEXT: Record<number, { title: string; text: string }> = {
  400: { title: 'Forespørgslen kunne ikke læses', text: 'Gå tilbage, og prøv igen.' },
  413: { title: 'Formularen er for stor', text: `Det, du sendte, fylder mere end portalen tager imod (${FORM_BODY_LIMIT_KB} KB). Gå tilbage, gør teksten kortere, og send igen.` },
  415: { title: 'Formularen kunne ikke læses', text: 'Send formularen fra portalens egen side.' },
  429: { title: 'For mange forsøg', text: 'Du har prøvet for mange gange. Vent et minut, og <a href="/logind">prøv igen</a>.' },
  503: { title: 'Portalen kan ikke nå sin database lige nu', text: 'Intet er gemt af det, du lige sendte. Vent lidt, og prøv igen.' },
};

/** Seconds a client is asked to wait when the database does not answer. */
const UNAVAILABLE_RETRY_SECONDS = 5;

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The short Danish page for a status, with an optional message. */
export function errorPageHtml(status: number, message?: string): string {
  const page = PAGE_TEXT[status] ?? { title: STATUS_CODES[status] ?? 'Fejl', text: 'Gå tilbage, og prøv igen.' };
  const text = message ? `<p>${escapeHtml(message)}</p>` : '';
  return `<!doctype html><html lang="da"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${page.title} – Indsatskatalog</title><main><h1>${page.title}</h1>${text}<p>${page.text}</p></main></html>`;
}

function sendPage(reply: FastifyReply, status: number, message?: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(errorPageHtml(status, message));
}

/** The page a page request gets when its rendering failed because the database did not answer; null otherwise. */
export function unavailablePage(error: unknown): Response | null {
  if (!isDatabaseUnavailable(error)) return null;
  return new Response(errorPageHtml(503), {
    status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) },
  });
}

export default fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const isApi = request.url.startsWith('/api/');
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: FieldProblem[] = error.validation.map((v) => {
        const context = error.validationContext ?? 'body';
        const path = v.instancePath.split('/').filter(Boolean).join('.');
        return { field: path ? `${context}.${path}` : context, message: v.message ?? 'er ugyldig' };
      });
      return reply.code(400).send({
        statusCode: 400, error: 'Bad Request',
        message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
        fields,
      });
    }
    if (error instanceof AppError) {
      if (typeof error.details?.retryAfter === 'number') reply.header('retry-after', String(error.details.retryAfter));
      if (!isApi) return sendPage(reply, error.statusCode, error.message);
      return reply.code(error.statusCode).send({ statusCode: error.statusCode, error: httpName(error.statusCode), message: error.message, ...error.details });
    }
    if (isDatabaseUnavailable(error)) {
      // Nothing was written (the transaction did not commit); the request may simply be sent again.
      request.log.warn({ err: { message: error.message, code: error.code } }, 'Database unavailable');
      reply.header('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
      if (!isApi) return sendPage(reply, 503);
      return reply.code(503).send({ statusCode: 503, error: httpName(503), message: 'Databasen svarer ikke lige nu. Intet er gemt; prøv igen om lidt.' });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500 && !isApi) return sendPage(reply, status);
    if (status === 429) {
      // The rate limit's own message is English; users read these as they are.
      const wait = Number(reply.getHeader('retry-after'));
      const message = `For mange forsøg. Vent ${wait > 0 ? `${wait} sekunder` : 'lidt'}, og prøv igen.`;
      return reply.code(429).send({ statusCode: 429, error: httpName(429), message });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ statusCode: status, error: httpName(status), message: error.message });
    }
    request.log.error({ err: error }, 'Unhandled error');
    return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Der skete en fejl på serveren. Prøv igen.' });
  });
}, { name: 'errors' });

function httpName(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
