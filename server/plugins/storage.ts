/**
 * Opens and migrates the database — the SQLite file, or PostgreSQL when DATABASE_URL is set — and decorates
 * the app with its engine (and, on SQLite, the file's handle); closed with the app.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { openPostgres, sqliteEngine, type Engine } from '../../db/engine.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The SQLite file's handle; null on PostgreSQL. */
    database: DatabaseHandle | null;
    /** The repositories' engine (db/engine.ts). */
    engine: Engine;
  }
}

export default fp(async (app: FastifyInstance, opts: { databasePath: string; databaseUrl?: string }) => {
  const database = opts.databaseUrl ? null : openDatabase(opts.databasePath);
  const engine = database ? sqliteEngine(database) : await openPostgres(opts.databaseUrl!);
  app.decorate('database', database);
  app.decorate('engine', engine);
  app.addHook('onClose', async () => engine.close());
}, { name: 'storage' });
