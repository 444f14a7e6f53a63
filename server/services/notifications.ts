/**
 * Notices to users about their referrals (the closed loop), each with an e-mail in the outbox written in
 * the same transaction, so a notice and its e-mail exist together or not at all.
 */
import { and, count, desc, eq, isNull } from '../../db/orm.ts';
import type { DatabaseHandle, Executor } from '../../db/client.ts';
import { emailOutbox, notifications, referrals, users } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { nowIso } from './clock.ts';

export type NotificationKind = (typeof notifications.$inferSelect)['kind'];

/** What an e-mail says happened, by kind of notice. */
const EMAIL_NEWS: Record<NotificationKind, string> = {
  status: 'status er ændret',
  proposal: 'udbyderen foreslår et andet tilbud',
  closing_report: 'den afsluttende rapport er klar',
};

export interface NewNotification {
  userId: number;
  referralId: number;
  kind: NotificationKind;
  eventId?: number | null;
  /** One line in Danish, e.g. "Rygestop (sag SAG-1): Optaget". */
  message: string;
  /** Where in the portal the user reads more (used in the e-mail). */
  path: string;
}

export class NotificationService {
  readonly #db: DatabaseHandle['db'];
  #afterNotify: () => void = () => {};

  constructor(db: DatabaseHandle['db']) { this.#db = db; }

  /** Called after notify() (the mailer drains the outbox on its next tick, after the commit). */
  onNotify(listener: () => void): void { this.#afterNotify = listener; }

  notify(tx: Executor, input: NewNotification): void {
    const at = nowIso();
    const row = tx.insert(notifications).values({
      userId: input.userId, referralId: input.referralId, kind: input.kind, eventId: input.eventId ?? null,
      message: input.message, createdAt: at,
    }).returning({ id: notifications.id }).get();
    const to = tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, input.userId)).get();
    if (to) {
      // E-mail is no secure channel: it says that something happened and where, never the case number,
      // the offer (a health detail) or what anyone wrote. Those are read in the portal.
      tx.insert(emailOutbox).values({
        notificationId: row.id,
        toAddress: to.email,
        subject: `Indsatskatalog: nyt om henvisning nr. ${input.referralId}`,
        body: `Hej ${to.name}\n\nDer er nyt om henvisning nr. ${input.referralId}: ${EMAIL_NEWS[input.kind]}.\n\n` +
          `Log ind i Indsatskatalog for at læse mere: ${input.path}\n\n` +
          'Denne besked er sendt automatisk og indeholder ingen personoplysninger.',
        createdAt: at,
      }).run();
    }
    this.#afterNotify();
  }

  /** Whose notification this is; undefined when there is none. */
  ownerOf(id: number): number | undefined {
    return this.#db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.id, id)).get()?.userId;
  }

  unreadCount(userId: number): number {
    return this.#db.select({ n: count() }).from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).get()?.n ?? 0;
  }

  list(userId: number, options: { unreadOnly?: boolean; limit?: number } = {}) {
    return this.#db.select({
      id: notifications.id,
      referralId: notifications.referralId,
      kind: notifications.kind,
      message: notifications.message,
      offerSlug: referrals.offerSlug,
      citizenRef: referrals.citizenRef,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    }).from(notifications)
      .innerJoin(referrals, eq(referrals.id, notifications.referralId))
      .where(and(eq(notifications.userId, userId), options.unreadOnly ? isNull(notifications.readAt) : undefined))
      .orderBy(desc(notifications.id)).limit(options.limit ?? 50).all();
  }

  markRead(userId: number, id: number): void {
    const row = this.#db.select({ readAt: notifications.readAt }).from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId))).get();
    if (!row) throw new NotFoundError('Notifikationen');
    if (!row.readAt) this.#db.update(notifications).set({ readAt: nowIso() }).where(eq(notifications.id, id)).run();
  }

  /** Marks the user's notices about one referral as read (opening the referral reads them). */
  markReferralRead(userId: number, referralId: number): void {
    this.#db.update(notifications).set({ readAt: nowIso() })
      .where(and(eq(notifications.userId, userId), eq(notifications.referralId, referralId), isNull(notifications.readAt))).run();
  }

  markAllRead(userId: number): number {
    return this.#db.update(notifications).set({ readAt: nowIso() })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).run().changes;
  }
}
