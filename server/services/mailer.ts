/**
 * Sends the e-mail outbox: through SMTP when SMTP_URL is set; otherwise each e-mail stays readable in the
 * outbox table and the log notes its id (development and demo). A drain runs right after the
 * transaction that wrote an e-mail has committed, and on the scheduler's clock (server/jobs), so a failed
 * send is retried with back-off even when nothing new happens.
 */
import { and, asc, count, eq, isNotNull, isNull, lt, lte, or } from '../../db/orm.ts';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Engine, Tables } from '../../db/engine.ts';
import { nowIso } from './clock.ts';

const MAX_ATTEMPTS = 6;
/** 1, 2, 4, 8, 16 … minutes after the n-th failed attempt, at most an hour. */
export const backoffMs = (attempts: number) => Math.min(60, 2 ** (attempts - 1)) * 60_000;

export class Mailer {
  readonly #engine: Engine;
  readonly #outbox: Tables['emailOutbox'];
  readonly #log: FastifyBaseLogger;
  readonly #transport?: Transporter;
  readonly #from: string;
  #scheduled = false;
  #running: Promise<void> = Promise.resolve();

  constructor(engine: Engine, log: FastifyBaseLogger, options: { smtpUrl?: string; from: string }) {
    this.#engine = engine;
    this.#outbox = engine.tables.emailOutbox;
    this.#log = log;
    this.#from = options.from;
    if (options.smtpUrl) this.#transport = nodemailer.createTransport(options.smtpUrl);
  }

  /** Drains the outbox soon (on the next tick; a drain that runs before the commit finds the e-mail on the clock's next turn). */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.drainInTurn();
    });
  }

  /** Drains now, after any drain in progress (never two at once in one process: no e-mail twice). */
  drainInTurn(now = new Date()): Promise<void> {
    this.#running = this.#running.then(() => this.drain(now));
    return this.#running;
  }

  /** Waits for the drain in progress (tests, shutdown). */
  idle(): Promise<void> { return this.#running; }

  /**
   * Sends what is due: new e-mails, and failed ones whose back-off has passed. A failed send waits
   * 1, 2, 4, 8 … minutes (at most an hour) before the next try; after MAX_ATTEMPTS it is marked failed
   * and waits for a person (admins see it in GET /api/v1/ops/outbox).
   */
  async drain(now = new Date()): Promise<void> {
    const emailOutbox = this.#outbox;
    const db = this.#engine.db;
    const due = or(isNull(emailOutbox.nextAttemptAt), lte(emailOutbox.nextAttemptAt, now.toISOString()));
    const pending = await db.select().from(emailOutbox)
      .where(and(isNull(emailOutbox.sentAt), isNull(emailOutbox.failedAt), due))
      .orderBy(asc(emailOutbox.id)).limit(100);
    for (const mail of pending) {
      try {
        if (this.#transport) {
          await this.#transport.sendMail({ from: this.#from, to: mail.toAddress, subject: mail.subject, text: mail.body });
        } else {
          // Ids only: the address, subject and text stay in the outbox table, out of the log.
          this.#log.info({ outbox: mail.id, notification: mail.notificationId }, 'E-mail not sent: SMTP_URL is not set');
        }
        await db.update(emailOutbox).set({ sentAt: nowIso(), attempts: mail.attempts + 1, lastError: null, nextAttemptAt: null })
          .where(eq(emailOutbox.id, mail.id));
      } catch (err) {
        const attempts = mail.attempts + 1;
        const finalAttempt = attempts >= MAX_ATTEMPTS;
        const retryAt = new Date(now.getTime() + backoffMs(attempts)).toISOString();
        await db.update(emailOutbox).set({
          attempts, lastError: (err as Error).message.slice(0, 500),
          nextAttemptAt: finalAttempt ? null : retryAt, failedAt: finalAttempt ? now.toISOString() : null,
        }).where(eq(emailOutbox.id, mail.id));
        // The SMTP server's reply can quote the address: the log gets its code, the outbox row the text.
        const code = (err as { responseCode?: number }).responseCode ?? (err as { code?: string }).code ?? 'unknown';
        if (finalAttempt) this.#log.error({ outbox: mail.id, code, attempts }, 'E-mail failed for good; it waits in the outbox for an administrator');
        else this.#log.warn({ outbox: mail.id, code, attempts, retryAt }, 'E-mail could not be sent; it will be tried again');
      }
    }
  }

  /** What waits and what failed for good (ids and errors, no addresses), for administrators. */
  async status(): Promise<{ pending: number; failed: { id: number; notificationId: number; attempts: number; lastError: string | null; failedAt: string }[] }> {
    const emailOutbox = this.#outbox;
    const db = this.#engine.db;
    const [counted] = await db.select({ n: count() }).from(emailOutbox).where(and(isNull(emailOutbox.sentAt), isNull(emailOutbox.failedAt)));
    const pending = counted?.n ?? 0;
    const failed = await db.select({
      id: emailOutbox.id, notificationId: emailOutbox.notificationId, attempts: emailOutbox.attempts, lastError: emailOutbox.lastError, failedAt: emailOutbox.failedAt,
    }).from(emailOutbox).where(isNotNull(emailOutbox.failedAt)).orderBy(asc(emailOutbox.id)).limit(100);
    return { pending, failed: failed.map((f) => ({ ...f, failedAt: f.failedAt! })) };
  }

  /** Deletes sent e-mails older than `days` (they hold addresses; the notification stays). */
  async purgeSent(now: Date, days: number): Promise<number> {
    const emailOutbox = this.#outbox;
    const before = new Date(now.getTime() - days * 86_400_000).toISOString();
    const purged = await this.#engine.db.delete(emailOutbox).where(and(isNotNull(emailOutbox.sentAt), lt(emailOutbox.sentAt, before)))
      .returning({ id: emailOutbox.id });
    return purged.length;
  }

  close(): void { this.#transport?.close(); }
}
