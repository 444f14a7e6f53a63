/** A caseworker's notices of status changes on their referrals: the closed loop. */
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { notifications, referralEvents, referrals } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { nowIso } from './clock.ts';

export class NotificationService {
  readonly #db: DatabaseHandle['db'];
  constructor(db: DatabaseHandle['db']) { this.#db = db; }

  unreadCount(userId: number): number {
    return this.#db.select({ n: count() }).from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).get()?.n ?? 0;
  }

  list(userId: number, options: { unreadOnly?: boolean; limit?: number } = {}) {
    return this.#db.select({
      id: notifications.id,
      referralId: notifications.referralId,
      offerSlug: referrals.offerSlug,
      citizenRef: referrals.citizenRef,
      fromStatus: referralEvents.fromStatus,
      toStatus: referralEvents.toStatus,
      reason: referralEvents.reason,
      actorId: referralEvents.actorId,
      at: referralEvents.at,
      readAt: notifications.readAt,
    }).from(notifications)
      .innerJoin(referralEvents, eq(referralEvents.id, notifications.eventId))
      .innerJoin(referrals, eq(referrals.id, notifications.referralId))
      .where(and(eq(notifications.userId, userId), options.unreadOnly ? isNull(notifications.readAt) : undefined))
      .orderBy(desc(notifications.id)).limit(options.limit ?? 50).all();
  }

  markRead(userId: number, id: number): void {
    const row = this.#db.update(notifications).set({ readAt: nowIso() })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId))).returning({ id: notifications.id }).get();
    if (!row) throw new NotFoundError('Notifikationen');
  }

  markAllRead(userId: number): number {
    return this.#db.update(notifications).set({ readAt: nowIso() })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).run().changes;
  }
}
