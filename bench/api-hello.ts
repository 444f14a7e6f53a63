/**
 * The API benchmark's yardstick: a bare Fastify hello-world, run as its own process so it gets the same
 * treatment as the real server (one Node process, loopback, same load generator). Listens on HOST:PORT and
 * prints "ready <port>" once it accepts connections.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const port = Number(process.env.PORT ?? 0);
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port });
const address = app.server.address();
console.log(`ready ${typeof address === 'object' && address ? address.port : port}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => { app.close().then(() => process.exit(0), () => process.exit(1)); });
}
