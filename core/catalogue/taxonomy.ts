/**
 * The catalogue's controlled vocabularies, in one place. Keys are stable ASCII identifiers (used in
 * Markdown frontmatter, URLs and the database); labels are the Danish text users see.
 */

export const TASK_TYPES = [
  { id: 1, slug: 'traening-af-sociale-faerdigheder', label: 'Træning af sociale færdigheder',
    description: 'Forløb der styrker borgerens evne til at indgå i sociale sammenhænge, fællesskaber og arbejdsliv.' },
  { id: 2, slug: 'voksenstoette-efter-serviceloven', label: 'Voksenstøtte efter serviceloven',
    description: 'Socialpædagogisk støtte, bostøtte og væresteder for voksne med sociale eller psykiske udfordringer.' },
  { id: 3, slug: 'mentor-efter-lab', label: 'Mentor efter LAB',
    description: 'Mentorstøtte efter lov om en aktiv beskæftigelsesindsats, der hjælper borgeren til at fastholde job, praktik eller uddannelse.' },
  { id: 4, slug: 'kognitiv-terapi-mindfulness', label: 'Kognitiv terapi, mindfulness og lign.',
    description: 'Samtaleforløb og kurser om stress, angst, depression og mental sundhed.' },
  { id: 5, slug: 'rusmiddelbehandling', label: 'Rusmiddelbehandling',
    description: 'Rådgivning og behandling for alkohol, hash og andre rusmidler – også anonymt.' },
  { id: 6, slug: 'motion-og-livsstil', label: 'Motion og livsstil',
    description: 'Træning, kost, rygestop, søvn og andre tilbud der styrker sundhed og trivsel.' },
  { id: 7, slug: 'genoptraening-og-kronikertilbud', label: 'Genoptræning og kronikertilbud',
    description: 'Genoptræning og patientuddannelse for borgere med smerter eller kronisk sygdom.' },
  { id: 8, slug: 'beskaeftigelsesrettede-tilbud', label: 'Beskæftigelsesrettede tilbud',
    description: 'Afklaring, praktik, IPS og andre tilbud der bringer borgeren tættere på job.' },
  { id: 9, slug: 'uddannelsesrettede-aktiviteter', label: 'Uddannelsesrettede aktiviteter',
    description: 'Tilbud der hjælper især unge i gang med og gennem en uddannelse.' },
  { id: 10, slug: 'familieterapeutisk-indsats', label: 'Familieterapeutisk indsats',
    description: 'Familiebehandling og samtaler der styrker familien som helhed.' },
] as const;
export type TaskTypeId = (typeof TASK_TYPES)[number]['id'];

/**
 * A vocabulary is a readonly map from key to Danish label; its keys become a zod enum. Free of side
 * effects (so marked): the browser's search bundle keeps only the vocabularies it reads.
 */
/* @__NO_SIDE_EFFECTS__ */
function vocabulary<const T extends Record<string, string>>(labels: T) {
  return { labels, keys: Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]] };
}

export const SECTORS = vocabulary({
  sundhed: 'Sundhed',
  beskaeftigelse: 'Beskæftigelse',
  social: 'Social',
  uddannelse: 'Uddannelse',
});

export const RISK_GROUPS = vocabulary({
  lav: 'Lavrisikogruppen',
  mellem: 'Mellemrisikogruppen',
  hoej: 'Højrisikogruppen',
});

export const BENEFIT_GROUPS = vocabulary({
  'jobparate': 'Jobparate kontanthjælpsmodtagere',
  'aktivitetsparate': 'Aktivitetsparate kontanthjælpsmodtagere',
  'forsikrede-ledige': 'Forsikrede ledige (dagpenge)',
  'sygedagpenge': 'Sygedagpengemodtagere',
  'jobafklaring': 'Jobafklaringsforløb',
  'ressourceforloeb': 'Ressourceforløb',
  'fleksjob': 'Fleksjob og ledighedsydelse',
  'uddannelseshjaelp': 'Uddannelseshjælpsmodtagere',
  'integration': 'Integrationsborgere (selvforsørgelses- og hjemrejseprogram)',
  'revalidering': 'Revalidering',
  'alle-borgere': 'Alle borgere i kommunen',
});

export const THEMES = vocabulary({
  kost: 'Kost',
  rygning: 'Rygning',
  alkohol: 'Alkohol',
  motion: 'Motion',
  soevn: 'Søvn',
  'mental-sundhed': 'Mental sundhed',
  stress: 'Stress',
  'angst-depression': 'Angst og depression',
  stoffer: 'Stoffer',
  smerter: 'Smerter',
  'kronisk-sygdom': 'Kronisk sygdom',
  'sociale-relationer': 'Sociale relationer',
  familie: 'Familie',
  job: 'Job og arbejdsliv',
  uddannelse: 'Uddannelse',
  sprog: 'Sprog og kultur',
});

export const FORMATS = vocabulary({
  individuelt: 'Individuelt',
  hold: 'Hold',
  online: 'Online',
});

export const REFERRAL_ROUTES = vocabulary({
  jobcenter: 'Henvisning fra jobcentret',
  selvhenvendelse: 'Selvhenvendelse',
  'egen-laege': 'Henvisning fra egen læge',
  sagsbehandler: 'Henvisning fra socialrådgiver',
});

export const INTAKE_MODES = vocabulary({
  direct: 'Direkte optag (en ledig plads tildeles med det samme)',
  assessed: 'Visitation (udbyderen vurderer hver henvisning)',
});

export const LEGAL_BASES = vocabulary({
  sundhedsloven: 'Sundhedsloven',
  serviceloven: 'Serviceloven',
  lab: 'Lov om en aktiv beskæftigelsesindsats (LAB)',
  sygedagpengeloven: 'Sygedagpengeloven',
  aktivloven: 'Lov om aktiv socialpolitik',
  integrationsloven: 'Integrationsloven',
  barnets_lov: 'Barnets Lov',
  kgu_loven: 'Lov om kommunal indsats for unge (FGU/KUI)',
});

export const LANGUAGES = vocabulary({
  da: 'Dansk',
  en: 'Engelsk',
  ar: 'Arabisk',
  so: 'Somali',
  tr: 'Tyrkisk',
  uk: 'Ukrainsk',
  fa: 'Persisk',
  ti: 'Tigrinya',
  pl: 'Polsk',
});

/** Age facet buckets; an offer falls in every bucket its age range overlaps. */
export const AGE_BANDS = [
  { key: 'under-18', label: 'Under 18 år', min: 0, max: 17 },
  { key: '18-30', label: 'Unge 18–30 år', min: 18, max: 30 },
  { key: '31-49', label: '31–49 år', min: 31, max: 49 },
  { key: '50-plus', label: '50 år og derover', min: 50, max: 200 },
] as const;

export function taskTypeById(id: number) {
  return TASK_TYPES.find((t) => t.id === id);
}
export function taskTypeBySlug(slug: string) {
  return TASK_TYPES.find((t) => t.slug === slug);
}
