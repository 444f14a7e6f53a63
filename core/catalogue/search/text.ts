/**
 * Danish text processing shared by the index (server) and the query (server and browser): both sides
 * must produce identical terms, so everything that turns text into terms lives here.
 */
import { stemmer } from '@orama/stemmers/danish';

/** Longest query we look at; anything longer is cut, never an error. */
export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_TERMS = 12;

const STOPWORDS = new Set([
  'og', 'i', 'jeg', 'det', 'at', 'en', 'den', 'til', 'er', 'som', 'på', 'de', 'med', 'han', 'af', 'for',
  'ikke', 'der', 'var', 'mig', 'sig', 'men', 'et', 'har', 'om', 'vi', 'min', 'havde', 'ham', 'hun', 'nu',
  'over', 'da', 'fra', 'du', 'ud', 'sin', 'dem', 'os', 'op', 'man', 'hans', 'hvor', 'eller', 'hvad', 'skal',
  'selv', 'her', 'alle', 'vil', 'blev', 'kunne', 'ind', 'når', 'være', 'dog', 'noget', 'ville', 'jo', 'deres',
  'efter', 'ned', 'skulle', 'denne', 'end', 'dette', 'mit', 'også', 'under', 'have', 'dig', 'anden', 'hende',
  'mine', 'alt', 'meget', 'sit', 'sine', 'vor', 'mod', 'disse', 'hvis', 'din', 'nogle', 'hos', 'blive', 'mange',
  'ad', 'bliver', 'hendes', 'været', 'thi', 'jer', 'sådan', 'tilbud', 'borgere', 'borger',
]);

/**
 * Folds spelling variants to one form: lower case; the Swedish/German ä/ö to æ/ø; other accents stripped
 * (é → e); then the ASCII spellings aa/ae/oe to å/æ/ø. NFD-stripping alone would turn å into a and leave
 * æ/ø, so the Danish letters are handled explicitly. Accents go before aa/ae/oe so that folding is
 * idempotent (Noël → noel → nøl, and nøl stays nøl): the query is folded twice, the index once.
 */
export function foldDanish(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'æ').replace(/ö/g, 'ø')
    .normalize('NFD')
    .replace(/[\u0300-\u0309\u030B-\u036f]/g, '') // keep U+030A (ring above) so å survives
    .normalize('NFC')
    .replace(/aa/g, 'å').replace(/ae/g, 'æ').replace(/oe/g, 'ø');
}

/**
 * Splits on anything that is not a letter, combining mark or digit (emoji, punctuation, regex and HTML
 * characters alike). NFC first, so text pasted in decomposed form (å as a + ring) stays one word.
 */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
}

/** One raw token to its index term, or null for stop words and noise. */
export function processTerm(token: string): string | null {
  const folded = foldDanish(token);
  if (!folded || STOPWORDS.has(folded)) return null;
  if (folded.length > 40) return null; // no real Danish word is that long; keeps junk out of the index
  return folded.length > 3 ? stemmer(folded) : folded;
}

/**
 * Synonym groups: a query word from one group also finds offers described with the others.
 * Entries are folded, so write them in plain Danish.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['rygestop', 'rygning', 'ryge', 'røg', 'tobak', 'nikotin', 'cigaretter', 'smøger', 'vape'],
  ['stress', 'stresset', 'åben og rolig', 'mindfulness', 'udbrændt'],
  ['misbrug', 'rusmidler', 'rusmiddel', 'alkohol', 'druk', 'afhængighed', 'stoffer', 'hash', 'kokain'],
  ['motion', 'træning', 'fysisk aktivitet', 'bevægelse', 'sport'],
  ['kost', 'ernæring', 'mad', 'vægttab', 'overvægt'],
  ['søvn', 'søvnproblemer', 'søvnløshed', 'træthed'],
  ['angst', 'nervøsitet', 'panik', 'bekymring'],
  ['depression', 'nedtrykt', 'tristhed'],
  ['smerter', 'smerte', 'ondt', 'gigt', 'rygsmerter'],
  ['mentor', 'støtteperson', 'coach'],
  ['diabetes', 'sukkersyge'],
  ['ung', 'unge', 'ungdom', 'teenager'],
  ['job', 'arbejde', 'beskæftigelse', 'ansættelse'],
  ['uddannelse', 'skole', 'studie', 'fgu'],
  ['familie', 'familieterapi', 'forældre', 'børn'],
  ['flygtning', 'flygtninge', 'indvandrer', 'indvandrere', 'integration', 'tosproget'],
  ['natur', 'naturen', 'friluft', 'udeliv'],
];

const synonymIndex: Map<string, string[]> = (() => {
  const index = new Map<string, string[]>();
  for (const group of SYNONYM_GROUPS) {
    const terms = group.map((phrase) => foldDanish(phrase));
    for (const term of terms) {
      for (const key of [term, processTerm(term)].filter((k): k is string => !!k)) {
        const others = terms.filter((t) => t !== term);
        index.set(key, [...new Set([...(index.get(key) ?? []), ...others])]);
      }
    }
  }
  return index;
})();

/** The other words (or phrases) that mean the same as `token`, folded. */
export function synonymsOf(token: string): string[] {
  const folded = foldDanish(token);
  return synonymIndex.get(folded) ?? synonymIndex.get(processTerm(folded) ?? '') ?? [];
}

/** Cleans a user's query: control characters become spaces, and it is cut to a safe length (never an error). */
export function sanitizeQuery(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const clean = raw.slice(0, MAX_QUERY_LENGTH * 2).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return Array.from(clean).slice(0, MAX_QUERY_LENGTH).join('').trim();
}
