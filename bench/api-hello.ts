/**
 * The API benchmark's yardsticks, run as their own process so they get the same treatment as the real server
 * (one Node process, loopback, same load generator). Listens on HOST:PORT and prints "ready <port>" once it
 * accepts connections.
 *
 * - `GET /`: a bare Fastify hello-world.
 * - `GET /same/<name>`: the very answer the portal gave to a request (its body and headers, saved by the
 *   benchmark in the JSON file named by SAME_ANSWERS: `{ <name>: { headers, body } }`), sent with no work at
 *   all: no server that produces that answer can be faster on this machine, so it is the ceiling of a ratio.
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

export interface SavedAnswer { headers: Record<string, string>; body: string }

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const saved = process.env.SAME_ANSWERS
  ? JSON.parse(readFileSync(process.env.SAME_ANSWERS, 'utf8')) as Record<string, SavedAnswer>
  : {};
for (const [name, answer] of Object.entries(saved)) {
  const body = Buffer.from(answer.body);
  app.get(`/same/${name}`, (_request, reply) => { reply.headers(answer.headers).send(body); });
}

const port = Number(process.env.PORT ?? 0);
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port });
const address = app.server.address();
console.log(`ready ${typeof address === 'object' && address ? address.port : port}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => { app.close().then(() => process.exit(0), () => process.exit(1)); });
}
