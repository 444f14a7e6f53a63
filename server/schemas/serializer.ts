/**
 * Answers are written with JSON.stringify. With NODE_ENV=test every answer is first checked against the
 * route's response schema (server/schemas/responses.ts), so a test fails the moment the code and the
 * documented contract part; in production that check would only cost time on every answer.
 */
import { serializerCompiler as checkingSerializer } from 'fastify-type-provider-zod';

type SerializerCompiler = Parameters<import('fastify').FastifyInstance['setSerializerCompiler']>[0];

export function responseSerializer(checkAgainstSchema: boolean): SerializerCompiler {
  if (checkAgainstSchema) return checkingSerializer as SerializerCompiler;
  return () => (data) => JSON.stringify(data);
}
