/**
 * Every notification has an e-mail in the outbox, written in the same transaction. With SMTP_URL set the
 * mailer delivers it (here to a real SMTP server on loopback); without it, the e-mail is logged and marked sent.
 */
import { eq } from '../../db/orm.ts';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, notifications } from '../../db/schema.ts';
import type { SessionUser } from '../../server/access.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';

interface Received { to: string[]; data: string }
let smtp: SMTPServer;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => { data += chunk.toString('utf8'); });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => { await new Promise<void>((resolve) => smtp.close(() => resolve())); });

const userByEmail = (t: TestApp, email: string) =>
  t.app.database!.sqlite.prepare('select id from users where email = ?').get(email) as { id: number };

async function referAndAccept(t: TestApp) {
  const caseworker = (await t.app.users.get(userByEmail(t, 'sagsbehandler.ressourcecenter@aadal.example.dk').id)) as SessionUser;
  const provider = (await t.app.users.get(userByEmail(t, 'udbyder.center-for-voksenstoette@aadal.example.dk').id)) as SessionUser;
  const referral = await t.app.referrals.create(caseworker, {
    offerSlug: 'bostoette-socialpaedagogisk-stoette', citizenRef: 'SAG-MAIL-1', purpose: 'Støtte til at fastholde egen bolig',
    consent: { given: true, scope: 'Udveksling af oplysninger om forløbet' },
  });
  await t.app.referrals.transition(provider, referral.id, 'accepted');
  return { caseworker, referral };
}

describe('e-mail outbox', () => {
  it('delivers each notification through SMTP when SMTP_URL is set', async () => {
    const t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      const { referral } = await referAndAccept(t);
      const [notice] = t.app.database!.db.select().from(notifications).where(eq(notifications.referralId, referral.id)).all();
      expect(notice).toBeDefined();
      const [mail] = t.app.database!.db.select().from(emailOutbox).where(eq(emailOutbox.notificationId, notice!.id)).all();
      expect(mail!.toAddress).toBe('sagsbehandler.ressourcecenter@aadal.example.dk');
      const news = `henvisning nr. ${referral.id}`;
      await waitFor(() => received.some((r) => r.data.includes(news)), 5_000, 'the e-mail to arrive');
      const delivered = received.find((r) => r.data.includes(news))!;
      expect(delivered.to).toEqual(['sagsbehandler.ressourcecenter@aadal.example.dk']);
      expect(delivered.data).toContain(`/arbejde/henvisninger/${referral.id}`);
      // No case number, offer or free text in an e-mail: it is no secure channel.
      expect(delivered.data).not.toContain('SAG-MAIL-1');
      expect(delivered.data).not.toMatch(/bostøtte|Støtte til at fastholde/i);
      await t.app.mailer.idle();
      expect(t.app.database!.db.select().from(emailOutbox).where(eq(emailOutbox.id, mail!.id)).get()!.sentAt).not.toBeNull();
    } finally {
      await t.close();
    }
  });

  it('logs the e-mail and marks it sent when no SMTP server is configured', async () => {
    const t = await startTestApp();
    try {
      await referAndAccept(t);
      await waitFor(async () => { await t.app.mailer.idle(); return t.app.database!.db.select().from(emailOutbox).all().every((m) => m.sentAt !== null); }, 5_000, 'the outbox to drain');
      expect(t.app.database!.db.select().from(emailOutbox).all().length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('keeps an e-mail in the outbox with its error when the SMTP server is unreachable', async () => {
    const t = await startTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
    try {
      await referAndAccept(t);
      await waitFor(async () => { await t.app.mailer.idle(); return t.app.database!.db.select().from(emailOutbox).all().some((m) => m.attempts > 0); }, 10_000, 'a failed attempt');
      const [mail] = t.app.database!.db.select().from(emailOutbox).all();
      expect(mail!.sentAt).toBeNull();
      expect(mail!.lastError).toBeTruthy();
    } finally {
      await t.close();
    }
  });
});
