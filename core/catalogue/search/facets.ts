/**
 * What the search index keeps per offer (the search document) and the facets read from it: their keys,
 * URL parameters, labels and options. The engine and the facet table both build on these.
 */
import { AGE_BANDS, BENEFIT_GROUPS, FORMATS, RISK_GROUPS, TASK_TYPES, THEMES } from '../taxonomy.ts';

/** What the index stores per offer: enough to show a result and to facet it. */
export interface SearchDoc {
  slug: string;
  title: string;
  summary: string;
  taskType: number;
  provider: string;
  riskGroups: string[];
  benefitGroups: string[];
  themes: string[];
  format: string[];
  ageBands: string[];
  /** The day the offer's seat and cohort figures were last confirmed; null: never. */
  capacityConfirmedOn: string | null;
}

export interface FacetOption { value: string; label: string }
/**
 * The typed search filter, one list of values per facet: what the API's query names (`taskType=3`), what
 * the search page and the browser script read from their URL (`opgavetype=3`), what the engine takes.
 */
export const FACET_KEYS = ['taskType', 'riskGroup', 'benefitGroup', 'theme', 'provider', 'format', 'ageBand'] as const;
export type FacetKey = (typeof FACET_KEYS)[number];

export interface FacetDefinition {
  key: FacetKey;
  /** URL parameter of the site, Danish so that shared links read naturally. */
  param: string;
  label: string;
  values: (doc: SearchDoc) => readonly (string | number)[];
  options: (providers: Record<string, string>) => FacetOption[];
}

const fromVocabulary = (labels: Record<string, string>) => () =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export const FACETS: readonly FacetDefinition[] = [
  { key: 'taskType', param: 'opgavetype', label: 'Opgavetype', values: (d) => [d.taskType],
    options: () => TASK_TYPES.map((t) => ({ value: String(t.id), label: `${t.id}. ${t.label}` })) },
  { key: 'riskGroup', param: 'risiko', label: 'Risikogruppe', values: (d) => d.riskGroups, options: fromVocabulary(RISK_GROUPS.labels) },
  { key: 'benefitGroup', param: 'maalgruppe', label: 'Målgruppe', values: (d) => d.benefitGroups, options: fromVocabulary(BENEFIT_GROUPS.labels) },
  { key: 'theme', param: 'tema', label: 'Tema', values: (d) => d.themes, options: fromVocabulary(THEMES.labels) },
  { key: 'provider', param: 'udbyder', label: 'Udbyder', values: (d) => [d.provider],
    options: (providers) => Object.entries(providers).map(([value, label]) => ({ value, label })) },
  { key: 'format', param: 'form', label: 'Form', values: (d) => d.format, options: fromVocabulary(FORMATS.labels) },
  { key: 'ageBand', param: 'alder', label: 'Alder', values: (d) => d.ageBands,
    options: () => AGE_BANDS.map((b) => ({ value: b.key, label: b.label })) },
];
