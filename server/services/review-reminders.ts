/**
 * Freshness reminders (the scheduler runs them): each offer whose review date has come gets one reminder,
 * a notice and an e-mail, to its owner — the user whose e-mail the offer names as owner, or else the
 * organisation's editors, or else the catalogue administrators — once per review date. Once a week the
 * administrators get a summary of what is overdue, due soon, and whose seat figures are uncertain.
 */
import { and, eq, inArray, lt, lte, ne, or, sql } from '../../db/orm.ts';
import type { Engine, Executor } from '../../db/engine.ts';
import type { OfferRepository } from '../../db/offers/repository.ts';
import type { NotificationService } from './notifications.ts';
import { formatDate } from '../../core/dates.ts';

const REVIEW_LIST = '/arbejde/gennemsyn';
/** The summary counts offers due within this many days as "due soon" (as the review list shows them). */
const SOON_DAYS = 30;

const dayOf = (now: Date) => now.toISOString().slice(0, 10);
const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export class ReviewReminders {
  readonly #engine: Engine;
  readonly #offers: OfferRepository;
  readonly #notifications: NotificationService;
  readonly #capacityStaleDays: number;

  constructor(engine: Engine, offers: OfferRepository, notifications: NotificationService, options: { capacityStaleDays: number }) {
    this.#engine = engine;
    this.#offers = offers;
    this.#notifications = notifications;
    this.#capacityStaleDays = options.capacityStaleDays;
  }

  /** Reminds the owners of offers that have become due. Returns how many offers were reminded of. */
  async remindDue(now = new Date()): Promise<number> {
    const due = await this.#offers.dueForReminder(dayOf(now));
    for (const offer of due) {
      await this.#engine.transaction(async (tx) => {
        const message = `»${offer.title}« skal gennemgås: oplysningerne skulle være gennemgået senest ${formatDate(offer.reviewBy)}. Bekræft, at de stadig er korrekte, eller ret dem.`;
        for (const userId of await this.#recipients(tx, offer.ownerEmail, offer.organisationId)) {
          await this.#notifications.notify(tx, { userId, offerId: offer.id, kind: 'review_due', message, path: REVIEW_LIST });
        }
        await this.#offers.markReminded(tx, offer.id, offer.reviewBy);
      });
    }
    return due.length;
  }

  /** The weekly summary to every catalogue administrator. Returns the counts it sent. */
  async summarise(now = new Date()): Promise<{ overdue: number; soon: number; uncertainCapacity: number }> {
    const t = this.#engine.tables;
    const today = dayOf(now);
    const live = ne(t.offers.state, 'archived');
    const countWhere = async (where: ReturnType<typeof and>) =>
      Number((await this.#engine.db.select({ n: sql<number>`count(*)` }).from(t.offers).where(where))[0]?.n ?? 0);
    const staleBefore = new Date(now.getTime() - this.#capacityStaleDays * 86_400_000).toISOString();
    const counts = {
      overdue: await countWhere(and(live, lt(t.offers.reviewBy, today))),
      soon: await countWhere(and(live, sql`${t.offers.reviewBy} >= ${today}`, lte(t.offers.reviewBy, plusDays(today, SOON_DAYS)))),
      uncertainCapacity: await countWhere(and(eq(t.offers.state, 'published'),
        or(sql`${t.offers.capacityConfirmedAt} is null`, lt(t.offers.capacityConfirmedAt, staleBefore)))),
    };
    const message = `Ugens overblik over kataloget: ${counts.overdue} tilbud er over deres dato for gennemsyn, ${counts.soon} skal gennemgås inden for ${SOON_DAYS} dage, `
      + `og ${counts.uncertainCapacity} har pladstal, som udbyderen ikke har bekræftet i over ${this.#capacityStaleDays} dage.`;
    await this.#engine.transaction(async (tx) => {
      const admins = await tx.select({ id: t.users.id }).from(t.users).where(eq(t.users.role, 'admin'));
      for (const admin of admins) {
        await this.#notifications.notify(tx, { userId: admin.id, kind: 'review_summary', message, path: REVIEW_LIST });
      }
    });
    return counts;
  }

  /** The owner's account; else the organisation's editors; else the administrators. */
  async #recipients(tx: Executor, ownerEmail: string, organisationId: string): Promise<number[]> {
    const { users } = this.#engine.tables;
    if (ownerEmail) {
      const owner = await tx.select({ id: users.id }).from(users).where(eq(users.email, ownerEmail.toLowerCase()));
      if (owner.length) return owner.map((u) => u.id);
    }
    const editors = await tx.select({ id: users.id }).from(users)
      .where(and(eq(users.organisationId, organisationId), or(eq(users.role, 'editor'), eq(users.alsoEditor, true))));
    if (editors.length) return editors.map((u) => u.id);
    return (await tx.select({ id: users.id }).from(users).where(inArray(users.role, ['admin']))).map((u) => u.id);
  }
}
