/**
 * A deterministic mix of Danish search requests for the synthetic catalogue, as the search page receives
 * them (a query string): plain words, several words, typos, spellings without æ/ø/å, prefixes as one types,
 * with and without facets, and now and then facets alone.
 */
import { AGE_BANDS, BENEFIT_GROUPS, FORMATS, RISK_GROUPS, THEMES } from '../core/catalogue/taxonomy.ts';
import { createRandom, type Random } from './random.ts';

const WORDS = [
  'stress', 'angst', 'depression', 'rygestop', 'motion', 'træning', 'kost', 'søvn', 'smerter', 'diabetes', 'mentor',
  'praktik', 'uddannelse', 'familie', 'familieterapi', 'alkohol', 'hash', 'misbrug', 'bostøtte', 'værested', 'ensomhed',
  'fællesskab', 'mindfulness', 'genoptræning', 'hjerterehabilitering', 'KOL', 'IPS', 'fleksjob', 'sygemeldt', 'unge',
  'kvinder', 'forældre', 'psykolog', 'netværk', 'job', 'afklaring', 'FGU', 'ADHD', 'parterapi', 'tolk', 'naturen',
  'økonomi', 'rådgivning', 'behandling', 'støtte', 'hverdagen', 'kronisk', 'patientuddannelse', 'jobkonsulent', 'pårørende',
];
const PHRASES = [
  'stress sygemeldt', 'ung med angst', 'motion for kvinder', 'rygestop på arabisk', 'alkohol behandling', 'mentor job',
  'job med støtte', 'familie konflikter', 'søvn og stress', 'smerter i ryggen', 'kronisk sygdom træning',
  'unge uddannelse ADHD', 'praktik i virksomhed', 'støtte i eget hjem', 'anonym rådgivning hash', 'psykolog sygemeldt',
  'fællesskab ensomhed', 'kost og motion', 'seniorer 50 job', 'nye borgere tolk', 'Åben og Rolig', 'Sund Ung', '§ 85',
];
/** Spellings without the Danish letters, as typed on a foreign keyboard. */
const ASCII_SPELLINGS = [
  'soevn', 'sovn', 'vaerested', 'varested', 'bostoette', 'bostotte', 'faellesskab', 'genoptraening', 'traening',
  'aaben og rolig', 'aben og rolig', 'foraeldre', 'okonomi', 'oekonomi', 'raadgivning', 'paaroerende', 'stoette',
];

function typo(rnd: Random, word: string): string {
  const w = word.toLowerCase();
  const i = rnd.int(1, w.length - 2);
  switch (rnd.int(0, 2)) {
    case 0: return w.slice(0, i) + w.slice(i + 1); // a letter dropped
    case 1: return w.slice(0, i) + w[i] + w.slice(i); // a letter doubled
    default: return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); // two letters swapped
  }
}

function randomFacet(rnd: Random, providers: readonly string[]): [string, string] {
  switch (rnd.int(0, 6)) {
    case 0: return ['opgavetype', String(rnd.int(1, 10))];
    case 1: return ['risiko', rnd.pick(RISK_GROUPS.keys)];
    case 2: return ['tema', rnd.pick(THEMES.keys)];
    case 3: return ['maalgruppe', rnd.pick(BENEFIT_GROUPS.keys)];
    case 4: return ['form', rnd.pick(FORMATS.keys)];
    case 5: return ['alder', rnd.pick(AGE_BANDS).key];
    default: return ['udbyder', rnd.pick(providers)];
  }
}

/** `count` search requests as URL query strings (without "?"), the same for the same seed. */
export function syntheticQueries(count: number, providers: readonly string[], seed = 42): string[] {
  const rnd = createRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const params = new URLSearchParams();
    const kind = i % 6;
    let q: string;
    if (kind === 0) q = rnd.pick(WORDS);
    else if (kind === 1) q = rnd.chance(0.5) ? rnd.pick(PHRASES) : `${rnd.pick(WORDS)} ${rnd.pick(WORDS)}`;
    else if (kind === 2) q = typo(rnd, rnd.pick(WORDS.filter((w) => w.length >= 5)));
    else if (kind === 3) q = rnd.pick(ASCII_SPELLINGS);
    else if (kind === 4) { const w = rnd.pick(WORDS.filter((x) => x.length >= 5)); q = w.slice(0, rnd.int(3, Math.min(6, w.length - 1))); }
    else q = rnd.chance(0.25) ? '' : rnd.pick(WORDS); // facets, sometimes alone
    if (q) params.set('q', q);
    // Facets on every sixth request by design, and on a quarter of the others.
    if (kind === 5 || rnd.chance(0.25)) {
      for (let f = rnd.int(1, 2); f > 0; f--) params.append(...randomFacet(rnd, providers));
    }
    out.push(params.toString());
  }
  return out;
}
