/**
 * What happens to a referral, as the services announce it inside their unit of work. Handlers (server/
 * events.ts) write what follows from it in the same transaction: the history row, the caseworker's
 * notification and its e-mail, and (later) the audit record.
 */
import type { ReferralStatus } from './status.ts';

/** The referral an event is about, as much as its handlers need. */
export interface ReferralRef { id: number; caseworkerId: number; offerSlug: string; citizenRef: string }

export type ReferralEvent =
  | {
    type: 'status-changed';
    referral: ReferralRef;
    from: ReferralStatus | null;
    to: ReferralStatus;
    /** Null when the system acted (direct intake, promotion from the waitlist). */
    actorId: number | null;
    reason: string | null;
    at: string;
    /** Whether the referring caseworker hears of it (not of their own moves, nor of the sending itself). */
    tellCaseworker: boolean;
  }
  | { type: 'closing-report-written'; referral: ReferralRef; revised: boolean }
  | { type: 'proposal-made'; referral: ReferralRef; offerTitle: string };
