/**
 * The portal's scheduled jobs: e-mail delivery with retry, the purge of expired sessions, a nightly slot
 * (retention of sent e-mails), the morning's review reminders and the administrators' weekly summary.
 * Each runs once per turn across processes.
 */
import type { FastifyInstance } from 'fastify';
import type { Job } from './scheduler.ts';

/** Sent e-mails are kept this long (they hold addresses); the notifications themselves stay. */
export const SENT_EMAIL_RETENTION_DAYS = 90;

export function portalJobs(app: FastifyInstance): Job[] {
  return [
    { name: 'outbox', schedule: '*/10 * * * * *', leaseSeconds: 8, run: (now) => app.mailer.drainInTurn(now) },
    { name: 'sessions', schedule: '0 7 * * * *', leaseSeconds: 50 * 60, run: () => app.users.purgeExpiredSessions() },
    {
      name: 'daily', schedule: '0 15 3 * * *', leaseSeconds: 20 * 60 * 60,
      run: async (now) => {
        const purged = await app.mailer.purgeSent(now, SENT_EMAIL_RETENTION_DAYS);
        if (purged) app.log.info({ purged }, 'Sent e-mails past retention deleted');
      },
    },
    {
      name: 'review-reminders', schedule: '0 0 6 * * *', leaseSeconds: 20 * 60 * 60,
      run: async (now) => {
        const reminded = await app.reviewReminders.remindDue(now);
        if (reminded) app.log.info({ reminded }, 'Review reminders queued');
      },
    },
    {
      name: 'review-summary', schedule: '0 30 6 * * 1', leaseSeconds: 6 * 24 * 60 * 60,
      run: async (now) => { app.log.info(await app.reviewReminders.summarise(now), 'Weekly review summary queued'); },
    },
  ];
}
