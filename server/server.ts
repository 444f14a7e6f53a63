/** Starts the portal: validated configuration, the app, graceful shutdown. */
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) { console.error(err.message); process.exit(1); }
  throw err;
}

const app = await buildApp({ config });
const address = await app.listen({ host: config.host, port: config.port });
app.log.info(`Indsatskatalog is running at ${address.replace('127.0.0.1', 'localhost')}`);

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received: finishing requests in flight, then closing`);
    app.close().then(() => process.exit(0), (err) => { app.log.error(err); process.exit(1); });
  });
}
