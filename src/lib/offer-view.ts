/**
 * How an offer is presented: Danish labels for its structured facts and its schema.org description.
 * Used by the offer page (and later the workspaces), so every screen words an offer the same way.
 */
import type { Organisation, PublicOffer } from '../../core/catalogue/offer-schema.ts';
import {
  BENEFIT_GROUPS, FORMATS, LANGUAGES, LEGAL_BASES, REFERRAL_ROUTES, RISK_GROUPS, SECTORS, THEMES, taskTypeById,
} from '../../core/catalogue/taxonomy.ts';

export function ageLabel(age: { min: number; max?: number }): string {
  if (age.max !== undefined) return `${age.min}–${age.max} år`;
  return age.min > 0 ? `Fra ${age.min} år` : 'Alle aldre';
}

export function capacityLabel(capacity: PublicOffer['capacity']): string {
  if (capacity.model === 'seats') return `Løbende optag, ${capacity.seats} pladser`;
  const perYear = capacity.cohortsPerYear ? `, ca. ${capacity.cohortsPerYear} hold om året` : '';
  return `Holdstart med ${capacity.seatsPerCohort} pladser pr. hold${perYear}`;
}

export const labelsOf = <K extends string>(labels: Record<K, string>, keys: readonly K[]) => keys.map((k) => labels[k]);

/** One row of the facts list: a label and one or more values. */
export interface Fact { label: string; values: string[] }

export function offerFacts(offer: PublicOffer, organisation?: Organisation): Fact[] {
  const taskType = taskTypeById(offer.taskType);
  const facts: (Fact | null)[] = [
    { label: 'Opgavetype', values: [`${offer.taskType}. ${taskType?.label ?? ''}`] },
    { label: 'Udbyder', values: [`${organisation?.name ?? offer.provider.organisation}, ${offer.provider.unit}`] },
    { label: 'Sektor', values: [SECTORS.labels[offer.sector]] },
    { label: 'Målgrupper', values: labelsOf(BENEFIT_GROUPS.labels, offer.benefitGroups) },
    { label: 'Risikogrupper', values: labelsOf(RISK_GROUPS.labels, offer.riskGroups) },
    { label: 'Temaer', values: labelsOf(THEMES.labels, offer.themes) },
    { label: 'Alder', values: [ageLabel(offer.age)] },
    { label: 'Form', values: labelsOf(FORMATS.labels, offer.format) },
    { label: 'Varighed', values: [offer.duration] },
    offer.schedule ? { label: 'Tidspunkt', values: [offer.schedule] } : null,
    { label: 'Kapacitet', values: [capacityLabel(offer.capacity)] },
    { label: 'Sprog', values: labelsOf(LANGUAGES.labels, offer.languages) },
    { label: 'Pris', values: [offer.cost] },
    { label: 'Lovgrundlag', values: offer.legalBasis.map((l) => `${LEGAL_BASES.labels[l.law]}${l.section ? `, ${l.section}` : ''}`) },
    offer.prerequisites.length ? { label: 'Forudsætninger', values: offer.prerequisites } : null,
    offer.exclusions.length ? { label: 'Ikke egnet ved', values: offer.exclusions } : null,
    offer.accessibility ? { label: 'Tilgængelighed', values: [offer.accessibility] } : null,
  ];
  return facts.filter((f): f is Fact => f !== null && f.values.length > 0);
}

export const referralRouteLabels = (offer: PublicOffer) => labelsOf(REFERRAL_ROUTES.labels, offer.referral.routes);

/** schema.org description of a public offer (a service run by the municipality). */
export function offerJsonLd(offer: PublicOffer, organisation: Organisation | undefined, url: string, municipality: string) {
  const taskType = taskTypeById(offer.taskType);
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    name: offer.title,
    description: offer.summary,
    url,
    serviceType: taskType?.label,
    category: offer.themes.map((t) => THEMES.labels[t]),
    areaServed: { '@type': 'AdministrativeArea', name: municipality },
    provider: {
      '@type': 'GovernmentOrganization',
      name: organisation?.name ?? offer.provider.organisation,
      department: { '@type': 'GovernmentOrganization', name: offer.provider.unit },
    },
    audience: {
      '@type': 'PeopleAudience',
      suggestedMinAge: offer.age.min,
      ...(offer.age.max !== undefined ? { suggestedMaxAge: offer.age.max } : {}),
      audienceType: labelsOf(BENEFIT_GROUPS.labels, offer.benefitGroups).join(', '),
    },
    availableLanguage: offer.languages,
    isAccessibleForFree: /gratis/i.test(offer.cost),
    availableChannel: {
      '@type': 'ServiceChannel',
      serviceUrl: url,
      ...(offer.contact.phone ? { servicePhone: { '@type': 'ContactPoint', telephone: offer.contact.phone } } : {}),
      ...(offer.locations[0] ? {
        serviceLocation: {
          '@type': 'Place',
          name: offer.locations[0].name,
          address: {
            '@type': 'PostalAddress',
            streetAddress: offer.locations[0].address,
            postalCode: offer.locations[0].postcode,
            addressLocality: offer.locations[0].city,
            addressCountry: 'DK',
          },
        },
      } : {}),
    },
  };
}

/** An offer's place in the site: Forside › its task type › the offer (a link when a page below it is shown). */
export function offerBreadcrumbs(offer: Pick<PublicOffer, 'slug' | 'title' | 'taskType'>, below?: string): { label: string; href?: string }[] {
  const taskType = taskTypeById(offer.taskType);
  return [
    { label: 'Forside', href: '/' },
    ...(taskType ? [{ label: taskType.label, href: `/opgavetyper/${taskType.slug}` }] : []),
    below ? { label: offer.title, href: `/tilbud/${offer.slug}` } : { label: offer.title },
    ...(below ? [{ label: below }] : []),
  ];
}
