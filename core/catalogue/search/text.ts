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
  // Everyday query words that say nothing about the topic ("ingen venner", "hvordan kan jeg …").
  'ingen', 'kan', 'hvordan', 'hvorfor',
  // How often or how much, as people describe a problem ("har konstant ondt", "skændes hele tiden"): never its topic.
  'altid', 'aldrig', 'ofte', 'tit', 'konstant', 'hele', 'tiden', 'dagen', 'hver', 'lidt', 'rigtig', 'virkelig', 'bare', 'helt',
  // English function words, for queries typed in English ("help with job", "mental health for young").
  'the', 'with', 'and', 'of', 'in', 'my', 'me', 'an', 'on', 'about', 'is', 'are',
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
  // What smokers who quit use: the rygestop offers give it, with a subsidy.
  ['nikotinerstatning', 'nikotinplaster', 'plaster', 'tyggegummi', 'nikotintyggegummi', 'rygestop'],
  ['stress', 'stresset', 'åben og rolig', 'mindfulness', 'udbrændt'],
  ['misbrug', 'rusmidler', 'rusmiddel', 'alkohol', 'druk', 'afhængighed', 'stoffer', 'hash', 'kokain'],
  ['motion', 'træning', 'fysisk aktivitet', 'bevægelse', 'sport'],
  ['kost', 'ernæring', 'mad', 'vægttab', 'overvægt'],
  ['søvn', 'søvnproblemer', 'søvnløshed', 'træthed'],
  ['angst', 'nervøsitet', 'panik', 'bekymring', 'bange'],
  ['depression', 'nedtrykt', 'tristhed', 'trist', 'ked af det'],
  ['ensomhed', 'ensom', 'ensomme', 'isolation', 'isoleret', 'venner', 'venskaber', 'alene'],
  ['smerter', 'smerte', 'ondt', 'gigt', 'rygsmerter'],
  ['mentor', 'støtteperson', 'coach'],
  ['diabetes', 'sukkersyge'],
  ['ung', 'unge', 'ungdom', 'teenager'],
  ['job', 'arbejde', 'beskæftigelse', 'ansættelse'],
  ['uddannelse', 'skole', 'studie', 'fgu'],
  ['familie', 'familieterapi', 'forældre', 'forælder', 'far', 'mor', 'børn', 'barn', 'datter', 'døtre', 'søn', 'sønner'],
  ['flygtning', 'flygtninge', 'indvandrer', 'indvandrere', 'integration', 'tosproget'],
  ['natur', 'naturen', 'friluft', 'udeliv'],
];

/**
 * English words (and a few phrases) people type, and the Danish words the catalogue uses for them: one way
 * only, English → Danish; each Danish word brings its synonym group along. English words that Danish
 * spells the same (stress, job, mentor, diabetes, depression) need no entry.
 */
export const ENGLISH_TERMS: Readonly<Record<string, readonly string[]>> = {
  'smoking': ['rygestop', 'rygning'], 'smoke': ['rygning'], 'quit smoking': ['rygestop'], 'stop smoking': ['rygestop'],
  'tobacco': ['tobak'], 'nicotine': ['nikotin'], 'stressed': ['stress'], 'burnout': ['stress', 'udbrændt'],
  'anxiety': ['angst'], 'anxious': ['angst'], 'panic': ['panik', 'panikangst'], 'worry': ['bekymring'],
  'alcohol': ['alkohol'], 'drinking': ['alkohol'], 'drugs': ['stoffer', 'misbrug'], 'drug': ['stoffer', 'misbrug'],
  'cannabis': ['hash'], 'addiction': ['afhængighed', 'misbrug'], 'abuse': ['misbrug'], 'depressed': ['depression'],
  'pain': ['smerter'], 'chronic pain': ['smerter'], 'back pain': ['rygsmerter', 'smerter'],
  'diet': ['kost'], 'nutrition': ['ernæring'], 'food': ['mad', 'kost'], 'weight loss': ['vægttab'], 'overweight': ['overvægt'],
  'exercise': ['motion', 'træning'], 'training': ['træning'], 'physical activity': ['fysisk aktivitet'],
  'sleep': ['søvn'], 'insomnia': ['søvnløshed'], 'work': ['arbejde', 'job'], 'employment': ['beskæftigelse', 'job'],
  'unemployed': ['ledig', 'job'], 'coaching': ['coach', 'mentor'], 'family': ['familie'], 'children': ['børn'],
  'parents': ['forældre'], 'young': ['unge'], 'youth': ['unge'], 'education': ['uddannelse'], 'school': ['skole'],
  'refugee': ['flygtninge'], 'refugees': ['flygtninge'], 'immigrants': ['indvandrere'],
  'loneliness': ['ensomhed'], 'lonely': ['ensomhed'], 'trauma': ['traumer'], 'counselling': ['rådgivning'],
  'counseling': ['rådgivning'], 'therapy': ['terapi'], 'psychologist': ['psykolog'], 'rehabilitation': ['rehabilitering'],
  'heart': ['hjerte'], 'disease': ['sygdom'], 'illness': ['sygdom'], 'nature': ['natur'], 'women': ['kvinder'],
  'elderly': ['ældre'], 'seniors': ['senior'],
  'help': ['hjælp'], 'course': ['kursus'], 'class': ['kursus', 'hold'], 'group': ['gruppe'], 'treatment': ['behandling'],
  'mental health': ['mental sundhed', 'psykisk'], 'sad': ['trist', 'depression'], 'grief': ['sorg'],
  'debt': ['gæld'], 'money': ['økonomi'], 'finances': ['økonomi'], 'housing': ['bolig'], 'homeless': ['hjemløs'],
  'friends': ['venner'], 'couple': ['par', 'parforhold'], 'couples': ['par', 'parforhold'],
  'couples therapy': ['parterapi'], 'marriage': ['ægteskab', 'parforhold'], 'divorce': ['skilsmisse'],
  'relatives': ['pårørende'], 'autism': ['autisme'], 'job search': ['jobsøgning'], 'internship': ['praktik'],
  'interpreter': ['tolk'], 'danish': ['dansk'], 'arabic': ['arabisk'], 'ukrainian': ['ukrainsk'],
  'weed': ['hash'], 'cocaine': ['kokain'], 'methadone': ['metadon'], 'vaping': ['vape'],
  'nicotine patches': ['nikotinplaster'], 'nicotine gum': ['tyggegummi'],
  'knee': ['knæ'], 'shoulder': ['skuldre'], 'neck': ['nakke'], 'sick leave': ['sygemeldt'], 'flex job': ['fleksjob'],
};

/**
 * Words that say what kind of offer is wanted, not what it is about ("stress gruppe", "hjælp til søvn", "angst
 * course"): next to a topic word they need not match and only add a little (see query.ts combineUnits).
 * Alone they are searched like any word. Danish and English; each is a word the catalogue uses (or an English
 * word whose Danish one it uses).
 */
export const GENERIC_WORDS: readonly string[] = [
  'hjælp', 'kursus', 'kurser', 'gruppe', 'grupper', 'forløb', 'hold', 'behandling', 'rådgivning', 'samtale', 'samtaler',
  'help', 'course', 'courses', 'class', 'group', 'groups', 'treatment', 'programme', 'program',
];

const genericTerms = new Set(GENERIC_WORDS.map((w) => processTerm(w)).filter((t): t is string => t !== null));

/** Whether a query word is one of GENERIC_WORDS (compared as index terms, so "kurset" and "forløbet" count) or a number. */
export function isGenericWord(token: string): boolean {
  // A number says which or how many ("over 50", "20 cigaretter"), not what about.
  if (/^\d+$/.test(token)) return true;
  const term = processTerm(token);
  return term !== null && genericTerms.has(term);
}

const synonymIndex: Map<string, string[]> = (() => {
  const index = new Map<string, string[]>();
  const add = (key: string | null, words: readonly string[]) => {
    if (key) index.set(key, [...new Set([...(index.get(key) ?? []), ...words.filter((w) => w !== key)])]);
  };
  for (const group of SYNONYM_GROUPS) {
    const terms = group.map((phrase) => foldDanish(phrase));
    for (const term of terms) {
      const others = terms.filter((t) => t !== term);
      add(term, others);
      add(processTerm(term), others);
    }
  }
  // After the groups, so that an English word reaches its Danish words' whole groups.
  for (const [english, danish] of Object.entries(ENGLISH_TERMS)) {
    const words = danish.map(foldDanish);
    const reached = [...words, ...words.flatMap((w) => index.get(w) ?? [])];
    add(foldDanish(english), reached);
    if (!english.includes(' ')) add(processTerm(english), reached);
  }
  return index;
})();

/** English words (and phrases) to their own Danish words, without those words' groups. */
const translationIndex: Map<string, string[]> = (() => {
  const index = new Map<string, string[]>();
  for (const [english, danish] of Object.entries(ENGLISH_TERMS)) {
    const words = danish.map(foldDanish);
    index.set(foldDanish(english), words);
    const term = english.includes(' ') ? null : processTerm(english);
    if (term && !index.has(term)) index.set(term, words);
  }
  return index;
})();

/**
 * The Danish words an English word (or phrase) means, folded: they count as much as the word itself,
 * where the rest of their synonym groups counts as a synonym. Empty for a word that is not English.
 */
export function translationsOf(token: string): string[] {
  const folded = foldDanish(token);
  return translationIndex.get(folded) ?? translationIndex.get(processTerm(folded) ?? '') ?? [];
}

/** How many words (up to 3) starting at `tokens[start]` form a phrase the synonym lists know; 1 when none. */
export function knownPhraseLength(foldedTokens: readonly string[], start: number): number {
  for (let n = 3; n >= 2; n--) {
    if (start + n <= foldedTokens.length && synonymIndex.has(foldedTokens.slice(start, start + n).join(' '))) return n;
  }
  return 1;
}

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
