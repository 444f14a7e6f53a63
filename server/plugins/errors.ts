/**
 * One error handler: schema failures answer 400 naming every failing field; service errors answer their
 * own status; anything unexpected is logged and answers 500 without internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

interface FieldProblem { field: string; message: string }

export default fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
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
      return reply.code(error.statusCode).send({ statusCode: error.statusCode, error: httpName(error.statusCode), message: error.message, ...error.details });
    }
    const status = error.statusCode ?? 500;
    if (status === 429 && !request.url.startsWith('/api/')) {
      // The login form's rate limit: a readable page rather than JSON.
      return reply.code(429).type('text/html; charset=utf-8').send(
        '<!doctype html><html lang="da"><meta charset="utf-8"><title>For mange forsøg – Indsatskatalog</title>' +
        '<h1>For mange forsøg</h1><p>Du har prøvet at logge ind for mange gange. Vent et minut, og <a href="/logind">prøv igen</a>.</p></html>');
    }
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
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests' } as Record<number, string>)[status] ?? 'Error';
}
