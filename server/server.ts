/**
 * Starts the portal: validated configuration, the app, the listening socket, graceful shutdown. Run as the
 * main module (`node server/server.ts`, or through `npm start`'s scripts/start.ts, which calls `main`);
 * imported otherwise it starts nothing (scripts/warm-compile-cache.ts loads it that way).
 */
import { redact } from '../db/engine.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DEMO_PASSWORD, demoLogins } from './seed.ts';

export async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(1); }
    throw err;
  }

  let app;
  try {
    app = await buildApp({ config });
  } catch (err) {
    // Start-up problems (no catalogue, no built site, a database that cannot open) as one readable line.
    console.error(`Indsatskatalog could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('127.0.0.1', 'localhost');
  app.log.info(`Indsatskatalog is running at ${url} (database ${config.databaseUrl ? redact(config.databaseUrl) : config.databasePath})`);
  if (config.seedDemo) {
    const rows = demoLogins(app.catalogue).map((l) => `  ${(l.alsoEditor ? `${l.role}+editor` : l.role).padEnd(15)} ${l.email.padEnd(58)} ${l.where}`);
    console.log(`\nIndsatskatalog: ${url}\nAPI documentation: ${url}/api/docs\n\nDemo logins (password "${DEMO_PASSWORD}"):\n${rows.join('\n')}\n`);
  }

  // SIGTERM (a deploy, an orchestrator): /readyz turns 503 at once so a proxy stops sending, the server
  // keeps serving what still arrives for SHUTDOWN_DRAIN_SECONDS, then finishes the requests in flight and
  // closes the database. SIGINT (Ctrl-C) and a second signal skip the drain.
  let closing = false;
  const close = (signal: string) => {
    closing = true;
    app.log.info(`${signal}: finishing requests in flight, then closing the database`);
    app.close().then(() => process.exit(0), (err) => { app.log.error(err); process.exit(1); });
  };
  process.on('SIGINT', () => { if (!closing) close('SIGINT'); });
  process.on('SIGTERM', () => {
    if (closing) return;
    if (app.draining || config.shutdownDrainSeconds === 0) return close('SIGTERM');
    app.draining = true;
    app.log.info(`SIGTERM: /readyz answers 503; still serving for ${config.shutdownDrainSeconds} s`);
    setTimeout(() => close('SIGTERM'), config.shutdownDrainSeconds * 1000).unref();
  });
}

if (import.meta.main) await main();
