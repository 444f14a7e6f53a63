/**
 * Decorates the app with the services that own the data (users, capacity, referrals, progress, mail), and
 * seeds the demo once. The database itself is opened by the storage plugin.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { seedDemo } from '../seed.ts';
import { CapacityService } from '../services/capacity.ts';
import { OfferEditingService } from '../services/offer-editing.ts';
import { ReviewReminders } from '../services/review-reminders.ts';
import { AccountService } from '../services/accounts.ts';
import { ReferralService } from '../services/referrals.ts';
import { Mailer } from '../services/mailer.ts';
import { NotificationService } from '../services/notifications.ts';
import { ProgressService } from '../services/progress.ts';
import { caseworkerNotifier, historyWriter, ReferralEvents } from '../events.ts';
import { UserService } from '../services/users.ts';

declare module 'fastify' {
  interface FastifyInstance {
    users: UserService;
    capacity: CapacityService;
    offerEditing: OfferEditingService;
    reviewReminders: ReviewReminders;
    accounts: AccountService;
    referrals: ReferralService;
    notifications: NotificationService;
    progress: ProgressService;
    mailer: Mailer;
    /** The referral events and their handlers (server/events.ts): where an audit handler joins. */
    referralEvents: ReferralEvents;
  }
}

export default fp(async (app: FastifyInstance, opts: { seedDemo: boolean; smtpUrl?: string; mailFrom: string; readCache: boolean; offerApproval?: boolean; capacityStaleDays?: number }) => {
  const { engine } = app;
  const users = new UserService(engine);
  // The kept counts need a version of the data that moves with every commit (SQLite's); PostgreSQL reads them each time.
  const dataVersion = opts.readCache && app.database ? app.database.dataVersion : undefined;
  const capacity = new CapacityService(engine, app.catalogue, dataVersion);
  const notifications = new NotificationService(engine);
  // What follows from a referral's events, in the same transaction: its history, then the caseworker's notice.
  const events = new ReferralEvents();
  events.on(historyWriter(engine));
  events.on(caseworkerNotifier(notifications, app.catalogue));
  const referrals = new ReferralService(engine, app.catalogue, capacity, events);
  const mailer = new Mailer(engine, app.log, { smtpUrl: opts.smtpUrl, from: opts.mailFrom });
  notifications.onNotify(() => mailer.schedule());
  app.addHook('onClose', async () => { await mailer.idle(); mailer.close(); });
  app.decorate('users', users);
  app.decorate('capacity', capacity);
  app.decorate('notifications', notifications);
  app.decorate('referrals', referrals);
  app.decorate('referralEvents', events);
  app.decorate('progress', new ProgressService(engine, app.catalogue, referrals, events));
  app.decorate('mailer', mailer);
  app.decorate('offerEditing', new OfferEditingService(app.offers, app.catalogue, { approval: opts.offerApproval ?? false }));
  app.decorate('accounts', new AccountService(users, app.organisations));
  app.organisations.onChange(() => { users.loadDirectory().catch(() => {}); });
  app.decorate('reviewReminders', new ReviewReminders(engine, app.offers, notifications, { capacityStaleDays: opts.capacityStaleDays ?? 30 }));

  if (opts.seedDemo && (await seedDemo(engine, app.catalogue, users))) {
    app.log.info('Seeded demo users and cohorts');
  }
  await users.loadDirectory();
  await users.purgeExpiredSessions();
}, { name: 'database', dependencies: ['storage', 'catalogue'] });
