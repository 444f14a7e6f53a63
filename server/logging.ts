/**
 * What the server logs, and how. Logs carry ids, never case numbers, health details or free text: a
 * request is logged by method and path (query strings hold case numbers and search words), and the
 * services log ids only. In development the log is one readable line per entry (pino-pretty), with the
 * request lines at debug so the demo logins printed at start stay in view; elsewhere pino's JSON lines.
 */
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { AppConfig } from './config.ts';

/** A URL without its query string: paths name resources by id, queries carry what users typed. */
export const pathOnly = (url: string) => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

const serializers = {
  req: (req: { method: string; url: string; id: string; ip?: string }) => ({ method: req.method, url: pathOnly(req.url), id: req.id }),
};

/**
 * The readable format's request lines: none on arrival, and one short line at debug when answered
 * ("GET /tilbud/rygestop 200 3.1 ms"); errors keep Fastify's own lines.
 */
class BriefRequestLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    request.log.debug(`${request.method} ${pathOnly(request.url)} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`);
  }
}

export async function loggerOptions(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, destination?: NodeJS.WritableStream): Promise<{
  logger: NonNullable<FastifyServerOptions['logger']>;
  logController?: LogController;
}> {
  if (config.logFormat === 'json') {
    return { logger: { level: config.logLevel, serializers, ...(destination ? { stream: destination } : {}) } };
  }
  // Loaded only when wanted: production never pays for it.
  const { default: pretty } = await import('pino-pretty');
  const stream = pretty({ destination: destination ?? 1, singleLine: true, colorize: Boolean(process.stdout.isTTY), translateTime: 'HH:MM:ss', ignore: 'pid,hostname,reqId' });
  return { logger: { level: config.logLevel, serializers, stream }, logController: new BriefRequestLog() };
}
