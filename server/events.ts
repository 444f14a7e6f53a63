/**
 * The referral events' handlers, run in order inside the transaction of the write that emitted them: what
 * a status change, a closing report or a proposal leads to is written together with it, or not at all.
 * The seam for the audit record: one more handler.
 */
import type { Engine, Executor } from '../db/engine.ts';
import { placeholders, preparedQuery } from '../db/prepared.ts';
import type { Catalogue } from '../db/catalogue.ts';
import type { ReferralEvent } from '../core/referrals/events.ts';
import { STATUS_LABELS } from '../core/referrals/status.ts';
import type { NotificationService } from './services/notifications.ts';

/** What earlier handlers of the same event recorded, for later ones (the history row the notice points at). */
export interface Recorded { historyId?: number }

export type EventHandler = (tx: Executor, event: ReferralEvent, recorded: Recorded) => Promise<void>;

export class ReferralEvents {
  readonly #handlers: EventHandler[] = [];

  on(handler: EventHandler): void { this.#handlers.push(handler); }

  async emit(tx: Executor, event: ReferralEvent): Promise<void> {
    const recorded: Recorded = {};
    for (const handler of this.#handlers) await handler(tx, event, recorded);
  }
}

/** Every status change becomes a row of the referral's history: who, when, from, to, why. */
export function historyWriter(engine: Engine): EventHandler {
  const e = engine.tables.referralEvents;
  const values = placeholders(['referralId', 'actorId', 'fromStatus', 'toStatus', 'reason', 'at']);
  const insert = preparedQuery<Record<keyof typeof values, unknown>, { id: number }[]>(engine, 'referral_event_insert',
    (db) => db.insert(e).values(values as unknown as typeof e.$inferInsert).returning({ id: e.id }));
  return async (_tx, event, recorded) => {
    if (event.type !== 'status-changed') return;
    const [row] = await insert({
      referralId: event.referral.id, actorId: event.actorId, fromStatus: event.from, toStatus: event.to, reason: event.reason, at: event.at,
    });
    recorded.historyId = row!.id;
  };
}

/** The referring caseworker hears of what the provider or the system did (a notice, and its e-mail). */
export function caseworkerNotifier(notifications: NotificationService, catalogue: Catalogue): EventHandler {
  const label = (ref: { offerSlug: string; citizenRef: string }) => referralLabel(catalogue, ref);
  return async (tx, event, recorded) => {
    const { referral } = event;
    const base = { userId: referral.caseworkerId, referralId: referral.id, path: referralPath(referral.id) };
    switch (event.type) {
      case 'status-changed':
        if (!event.tellCaseworker) return;
        await notifications.notify(tx, {
          ...base, kind: 'status', eventId: recorded.historyId ?? null,
          message: `${label(referral)}: ${STATUS_LABELS[event.to]}${event.reason ? ` – ${event.reason}` : ''}`,
        });
        return;
      case 'closing-report-written':
        await notifications.notify(tx, { ...base, kind: 'closing_report', message: `${label(referral)}: ${event.revised ? 'afsluttende rapport opdateret' : 'afsluttende rapport modtaget'}` });
        return;
      case 'proposal-made':
        await notifications.notify(tx, { ...base, kind: 'proposal', message: `${label(referral)}: udbyderen foreslår i stedet »${event.offerTitle}«` });
        return;
    }
  };
}

export const referralPath = (id: number) => `/arbejde/henvisninger/${id}`;

/** How a referral is named in notices: the offer and the citizen's case number. */
export function referralLabel(catalogue: Catalogue, referral: { offerSlug: string; citizenRef: string }): string {
  return `${catalogue.summary(referral.offerSlug)?.title ?? referral.offerSlug} (sag ${referral.citizenRef})`;
}
