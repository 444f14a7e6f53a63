/** Opens and migrates the database, and decorates the app with it and its asynchronous engine; closed with the app. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { sqliteEngine, type Engine } from '../../db/engine.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    /** The repositories' engine (db/engine.ts). */
    engine: Engine;
  }
}

export default fp(async (app: FastifyInstance, opts: { databasePath: string }) => {
  const database = openDatabase(opts.databasePath);
  app.decorate('database', database);
  app.decorate('engine', sqliteEngine(database));
  app.addHook('onClose', async () => database.close());
}, { name: 'storage' });
