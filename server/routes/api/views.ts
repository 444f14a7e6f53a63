/** The JSON shapes the API answers with, built from rows and the catalogue in one place. */
import type { FastifyInstance } from 'fastify';
import type { OfferSummary } from '../../../core/catalogue/offer-summary.ts';
import { STATUS_LABELS } from '../../../core/referrals/status.ts';
import type { SessionUser } from '../../access.ts';
import type { Availability } from '../../services/capacity.ts';
import type { ReferralEventRow, ReferralRow } from '../../services/referrals.ts';

/** An offer in the availability list: what a caseworker picks by; its text is at /api/v1/offers/:slug. */
export function offerSummaryView(offer: OfferSummary, availability: Availability | undefined) {
  return {
    slug: offer.slug,
    title: offer.title,
    taskType: offer.taskType,
    provider: offer.provider,
    intake: offer.referral.intake,
    referrable: offer.referral.routes.includes('jobcenter'),
    capacityModel: offer.capacity.model,
    availability,
  };
}

export async function referralView(app: FastifyInstance, user: SessionUser, row: ReferralRow) {
  const offer = app.catalogue.summary(row.offerSlug);
  return {
    id: row.id,
    offer: { slug: row.offerSlug, title: offer?.title ?? row.offerSlug },
    providerOrganisation: { id: row.providerOrganisationId, name: app.users.organisationName(row.providerOrganisationId) },
    cohortId: row.cohortId,
    unit: { id: row.unitId, name: app.users.unitName(row.unitId) },
    caseworker: { id: row.caseworkerId, name: app.users.userName(row.caseworkerId) },
    citizenRef: row.citizenRef,
    purpose: row.purpose,
    note: row.note,
    consent: { scope: row.consentScope, recordedBy: app.users.userName(row.consentRecordedBy), recordedAt: row.consentRecordedAt },
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    statusReason: row.statusReason,
    waitlistedAt: row.waitlistedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    nextStatuses: await app.referrals.nextStatuses(user, row),
  };
}

export function eventView(app: FastifyInstance, event: ReferralEventRow) {
  return {
    id: event.id,
    from: event.fromStatus,
    to: event.toStatus,
    toLabel: STATUS_LABELS[event.toStatus],
    by: app.users.userName(event.actorId),
    reason: event.reason,
    at: event.at,
  };
}
