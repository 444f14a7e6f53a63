/**
 * Opens and migrates the database, syncs organisations from content, seeds the demo once, and decorates
 * the app with the services that own the data (users, capacity, referrals). Closed with the app.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { seedDemo, syncOrganisations } from '../seed.ts';
import { CapacityService } from '../services/capacity.ts';
import { ReferralService } from '../services/referrals.ts';
import { NotificationService } from '../services/notifications.ts';
import { UserService } from '../services/users.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    users: UserService;
    capacity: CapacityService;
    referrals: ReferralService;
    notifications: NotificationService;
  }
}

export default fp(async (app: FastifyInstance, opts: { databasePath: string; seedDemo: boolean }) => {
  const database = openDatabase(opts.databasePath);
  app.addHook('onClose', async () => database.close());
  const users = new UserService(database.db);
  const capacity = new CapacityService(database.db, app.catalogue);
  app.decorate('database', database);
  app.decorate('users', users);
  app.decorate('capacity', capacity);
  app.decorate('referrals', new ReferralService(database.db, app.catalogue, capacity));
  app.decorate('notifications', new NotificationService(database.db));

  syncOrganisations(database.db, app.catalogue);
  users.refreshDirectory();
  if (opts.seedDemo && (await seedDemo(database.db, app.catalogue, users))) {
    app.log.info('Seeded demo users and cohorts');
  }
  users.purgeExpiredSessions();
}, { name: 'database', dependencies: ['catalogue'] });
