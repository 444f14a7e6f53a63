/**
 * A referral's timeline as both sides read it: every status change, and what was sent between them on
 * the way (proposals of another offer, the closing report), in the order they happened.
 */
import type { ReferralStatus } from './status.ts';

interface StatusEvent { at: string; actorId: number | null; toStatus: ReferralStatus; reason: string | null }
interface ProposalRecord { proposedAt: string; proposedBy: number; offerSlug: string; reason: string }
interface ClosingReportRecord { recordedAt: string; recordedBy: number }

export type TimelineItem =
  | { kind: 'status'; at: string; actorId: number | null; status: ReferralStatus; reason: string | null }
  | { kind: 'proposal'; at: string; actorId: number; offerSlug: string; reason: string }
  | { kind: 'closing_report'; at: string; actorId: number };

export function referralTimeline(
  events: readonly StatusEvent[],
  record: { proposals: readonly ProposalRecord[]; closingReport: ClosingReportRecord | null },
): TimelineItem[] {
  const items: TimelineItem[] = [
    ...events.map((e) => ({ kind: 'status' as const, at: e.at, actorId: e.actorId, status: e.toStatus, reason: e.reason })),
    ...record.proposals.map((p) => ({ kind: 'proposal' as const, at: p.proposedAt, actorId: p.proposedBy, offerSlug: p.offerSlug, reason: p.reason })),
    ...(record.closingReport ? [{ kind: 'closing_report' as const, at: record.closingReport.recordedAt, actorId: record.closingReport.recordedBy }] : []),
  ];
  // Stable: items of the same instant keep the order above (a status change before what it led to).
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
