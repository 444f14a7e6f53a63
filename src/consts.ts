/** Site-wide constants. The municipality is the (fictional) owner of the demo catalogue. */
export const SITE_NAME = 'Indsatskatalog';
export const MUNICIPALITY = 'Ådal Kommune';
export const SITE_DESCRIPTION =
  'Tværfagligt katalog over sundheds-, social-, beskæftigelses- og uddannelsestilbud i Ådal Kommune – ' +
  'for borgere, jobcentrets sagsbehandlere og sundhedsafdelingens medarbejdere.';
export const SEARCH_PATH = '/soeg';
export const SEARCH_INDEX_URL = '/api/v1/search-index';
export { PAGE_SIZE } from '../core/paging.ts';

export const offerPath = (slug: string) => `/tilbud/${slug}`;
export const taskTypePath = (slug: string) => `/opgavetyper/${slug}`;

export { formatDate } from '../core/dates.ts';

/** The portal's own accessibility page (the footer links here unless ACCESSIBILITY_STATEMENT_URL is set). */
export const ACCESSIBILITY_PATH = '/tilgaengelighed';
