/**
 * Sends the e-mail outbox: through SMTP when SMTP_URL is set; otherwise each e-mail stays readable in the
 * outbox table and the log notes its id (development and demo). Runs after the transaction that wrote the e-mails has committed; a failed
 * send stays in the outbox with its error and is retried on the next drain.
 */
import { and, asc, eq, isNull, lt } from '../../db/orm.ts';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DatabaseHandle } from '../../db/client.ts';
import { emailOutbox } from '../../db/schema.ts';
import { nowIso } from './clock.ts';

const MAX_ATTEMPTS = 5;

export class Mailer {
  readonly #db: DatabaseHandle['db'];
  readonly #log: FastifyBaseLogger;
  readonly #transport?: Transporter;
  readonly #from: string;
  #scheduled = false;
  #running: Promise<void> = Promise.resolve();

  constructor(db: DatabaseHandle['db'], log: FastifyBaseLogger, options: { smtpUrl?: string; from: string }) {
    this.#db = db;
    this.#log = log;
    this.#from = options.from;
    if (options.smtpUrl) this.#transport = nodemailer.createTransport(options.smtpUrl);
  }

  /** Drains the outbox soon (on the next tick, so after the current synchronous transaction commits). */
  schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#running = this.#running.then(() => this.drain());
    });
  }

  /** Waits for the drain in progress (tests, shutdown). */
  idle(): Promise<void> { return this.#running; }

  async drain(): Promise<void> {
    const pending = this.#db.select().from(emailOutbox)
      .where(and(isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, MAX_ATTEMPTS)))
      .orderBy(asc(emailOutbox.id)).limit(100).all();
    for (const mail of pending) {
      try {
        if (this.#transport) {
          await this.#transport.sendMail({ from: this.#from, to: mail.toAddress, subject: mail.subject, text: mail.body });
        } else {
          // Ids only: the address, subject and text stay in the outbox table, out of the log.
          this.#log.info({ outbox: mail.id, notification: mail.notificationId }, 'E-mail not sent: SMTP_URL is not set');
        }
        this.#db.update(emailOutbox).set({ sentAt: nowIso(), attempts: mail.attempts + 1, lastError: null }).where(eq(emailOutbox.id, mail.id)).run();
      } catch (err) {
        this.#db.update(emailOutbox).set({ attempts: mail.attempts + 1, lastError: (err as Error).message.slice(0, 500) }).where(eq(emailOutbox.id, mail.id)).run();
        // The SMTP server's reply can quote the address: the log gets its code, the outbox row the text.
        const code = (err as { code?: string; responseCode?: number }).responseCode ?? (err as { code?: string }).code ?? 'unknown';
        this.#log.warn({ outbox: mail.id, code }, 'E-mail could not be sent; it stays in the outbox');
      }
    }
  }

  close(): void { this.#transport?.close(); }
}
