/**
 * Notices to users about their referrals (the closed loop) and about the offers they keep (review
 * reminders, the administrator's weekly summary), each with an e-mail in the outbox written in the same
 * transaction, so a notice and its e-mail exist together or not at all.
 */
import { and, count, desc, eq, isNull, sql } from '../../db/orm.ts';
import type { Engine, Executor, Tables } from '../../db/engine.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { NotFoundError } from '../errors.ts';
import { nowIso } from './clock.ts';

export type NotificationKind = Tables['notifications']['$inferSelect']['kind'];

/** What an e-mail says happened, by kind of notice. */
const EMAIL_NEWS: Record<'status' | 'proposal' | 'closing_report', string> = {
  status: 'status er ændret',
  proposal: 'udbyderen foreslår et andet tilbud',
  closing_report: 'den afsluttende rapport er klar',
};

/** The e-mail of a notice: about a referral (by number only), or about the catalogue's upkeep. */
function emailOf(input: NewNotification, name: string): { subject: string; body: string } {
  const footer = 'Denne besked er sendt automatisk og indeholder ingen personoplysninger.';
  if (input.kind === 'review_due' || input.kind === 'review_summary') {
    // An offer is public information: its title may be named.
    const subject = input.kind === 'review_due' ? 'Indsatskatalog: et tilbud skal gennemgås' : 'Indsatskatalog: ugens overblik over tilbud, der skal gennemgås';
    return { subject, body: `Hej ${name}\n\n${input.message}\n\nLog ind i Indsatskatalog for at se og bekræfte: ${input.path}\n\n${footer}` };
  }
  return {
    subject: `Indsatskatalog: nyt om henvisning nr. ${input.referralId}`,
    body: `Hej ${name}\n\nDer er nyt om henvisning nr. ${input.referralId}: ${EMAIL_NEWS[input.kind]}.\n\n` +
      `Log ind i Indsatskatalog for at læse mere: ${input.path}\n\n${footer}`,
  };
}

export interface NewNotification {
  userId: number;
  /** The referral it is about (referral notices). */
  referralId?: number | null;
  /** The offer it is about (review reminders). */
  offerId?: string | null;
  kind: NotificationKind;
  eventId?: number | null;
  /** One line in Danish, e.g. "Rygestop (sag SAG-1): Optaget". */
  message: string;
  /** Where in the portal the user reads more (used in the e-mail). */
  path: string;
}

export class NotificationService {
  readonly #engine: Engine;
  readonly #t: Tables;
  #afterNotify: () => void = () => {};
  /** Every signed-in page shows the unread count: compiled once. */
  readonly #unread;

  constructor(engine: Engine) {
    this.#engine = engine;
    this.#t = engine.tables;
    const n = this.#t.notifications;
    this.#unread = preparedQuery<{ userId: number }, { n: number }[]>(engine, 'notifications_unread',
      (db) => db.select({ n: count() }).from(n).where(and(eq(n.userId, sql.placeholder('userId')), isNull(n.readAt))));
  }

  get #db(): Executor { return this.#engine.executor(); }

  /** Called after notify() (the mailer drains the outbox on its next tick, after the commit). */
  onNotify(listener: () => void): void { this.#afterNotify = listener; }

  async notify(tx: Executor, input: NewNotification): Promise<void> {
    const at = nowIso();
    const { notifications, users, emailOutbox } = this.#t;
    const [row] = await tx.insert(notifications).values({
      userId: input.userId, referralId: input.referralId ?? null, offerId: input.offerId ?? null, kind: input.kind, eventId: input.eventId ?? null,
      message: input.message, createdAt: at,
    }).returning({ id: notifications.id });
    const [to] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, input.userId));
    if (to) {
      // E-mail is no secure channel: it says that something happened and where, never the case number,
      // the offer (a health detail) or what anyone wrote. Those are read in the portal.
      await tx.insert(emailOutbox).values({ notificationId: row!.id, toAddress: to.email, ...emailOf(input, to.name), createdAt: at });
    }
    this.#afterNotify();
  }

  /** Whose notification this is; undefined when there is none. */
  async ownerOf(id: number): Promise<number | undefined> {
    const n = this.#t.notifications;
    const [row] = await this.#db.select({ userId: n.userId }).from(n).where(eq(n.id, id));
    return row?.userId;
  }

  async unreadCount(userId: number): Promise<number> {
    const [row] = await this.#unread({ userId });
    return row?.n ?? 0;
  }

  list(userId: number, options: { unreadOnly?: boolean; limit?: number } = {}) {
    const { notifications: n, referrals: r, offers: o } = this.#t;
    return this.#db.select({
      id: n.id,
      referralId: n.referralId,
      kind: n.kind,
      message: n.message,
      offerSlug: sql<string | null>`coalesce(${r.offerSlug}, ${o.slug})`,
      citizenRef: r.citizenRef,
      createdAt: n.createdAt,
      readAt: n.readAt,
    }).from(n)
      .leftJoin(r, eq(r.id, n.referralId))
      .leftJoin(o, eq(o.id, n.offerId))
      .where(and(eq(n.userId, userId), options.unreadOnly ? isNull(n.readAt) : undefined))
      .orderBy(desc(n.id)).limit(options.limit ?? 50);
  }

  async markRead(userId: number, id: number): Promise<void> {
    const n = this.#t.notifications;
    const [row] = await this.#db.select({ readAt: n.readAt }).from(n).where(and(eq(n.id, id), eq(n.userId, userId)));
    if (!row) throw new NotFoundError('Notifikationen');
    if (!row.readAt) await this.#db.update(n).set({ readAt: nowIso() }).where(eq(n.id, id));
  }

  /** Marks the user's notices about one referral as read (opening the referral reads them). */
  async markReferralRead(userId: number, referralId: number): Promise<void> {
    const n = this.#t.notifications;
    await this.#db.update(n).set({ readAt: nowIso() })
      .where(and(eq(n.userId, userId), eq(n.referralId, referralId), isNull(n.readAt)));
  }

  async markAllRead(userId: number): Promise<number> {
    const n = this.#t.notifications;
    const marked = await this.#db.update(n).set({ readAt: nowIso() })
      .where(and(eq(n.userId, userId), isNull(n.readAt))).returning({ id: n.id });
    return marked.length;
  }
}
