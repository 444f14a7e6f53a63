/**
 * From what a user types to a MiniSearch query: the query's words (or known phrases), each with its
 * synonyms, and — for a word the index does not know — the known words it is compounded of.
 * Runs on the server and in the browser alike; `knowsTerm` asks the loaded index, so the vocabulary is
 * the index's own term list and travels to the browser inside the index it already downloads.
 */
import type { Query, QueryCombination } from 'minisearch';
import { MAX_QUERY_TERMS, foldDanish, isGenericWord, knownPhraseLength, processTerm, synonymsOf, tokenize, translationsOf } from './text.ts';

/** Whether an index term (a folded, stemmed word) occurs in the catalogue. */
export type KnowsTerm = (term: string) => boolean;
/** Whether an index term is one that only one or two offers use: a compound searched by its parts too (see wordUnit). */
export type IsRare = (term: string) => boolean;
/**
 * Whether a folded piece of a word begins compounds of the catalogue, each followed by a known word: "lunge"
 * is no index term, but lungesygdom and lungerehabilitering are (see splitPartly).
 */
export type StartsCompounds = (piece: string) => boolean;

/** What the query builder asks the index about a word; a question left out is answered "no". */
export interface Vocabulary { knows: KnowsTerm; isRare?: IsRare; startsCompounds?: StartsCompounds }

/**
 * One thing the query asks for: a word or a known phrase, as the user wrote it, and its query; for a word
 * split into known parts, the parts too (the partial-match fallback may use them one by one).
 */
export interface QueryUnit {
  text: string;
  query: Query;
  parts?: QueryUnit[];
  /**
   * A word of GENERIC_WORDS, or the head of a split word (what kind of thing, see compoundQuery): next to a
   * topic word it need not match (see combineUnits).
   */
  generic?: boolean;
}

/**
 * Edits a word may be off by, by its length as typed: none up to 3 letters (too many short words are one
 * edit apart), 1 for 4–7, 2 from 8. Absolute numbers, and counted on the word the user typed rather than
 * its stem (which may be shorter), so a two-letter slip in a long word is always forgiven.
 */
export function editsAllowed(word: string): number {
  const length = Array.from(word).length;
  return length <= 3 ? 0 : length <= 7 ? 1 : 2;
}

/** The word itself, with the spelling tolerance of its typed length. */
const typedWord = (word: string): Query => ({ combineWith: 'OR', queries: [word], fuzzy: editsAllowed(word) || false });

export const MIN_PART_LENGTH = 3;
const MAX_PARTS = 3;
/** Danish joins compound parts with nothing or a linking letter: arbejd-s-fastholdelse, ryg-e-stop. */
export const LINKING_LETTERS = ['', 's', 'e'];

const knownWord = (word: string, knows: KnowsTerm) => {
  const term = processTerm(word);
  return term !== null && knows(term);
};

/**
 * Splits a folded word into parts the index knows ("hashmisbrug" → hash + misbrug, "arbejdsfastholdelse"
 * → arbejd + fastholdelse), allowing a linking letter between parts. Fewest parts win, then the longest
 * first part. Null when the word cannot be made of known words.
 */
export function splitCompound(word: string, knows: KnowsTerm): string[] | null {
  const memo = new Map<number, string[] | null>();
  const from = (start: number, partsLeft: number): string[] | null => {
    const key = start * 8 + partsLeft;
    if (memo.has(key)) return memo.get(key)!;
    const rest = word.slice(start);
    let best: string[] | null = rest.length >= MIN_PART_LENGTH && knownWord(rest, knows) ? [rest] : null;
    if (!best && partsLeft > 1) {
      for (let end = word.length - MIN_PART_LENGTH; end >= start + MIN_PART_LENGTH; end--) {
        const head = word.slice(start, end);
        if (!knownWord(head, knows)) continue;
        for (const link of LINKING_LETTERS) {
          if (!word.startsWith(link, end)) continue;
          const tail = from(end + link.length, partsLeft - 1);
          if (tail && (!best || tail.length + 1 < best.length)) best = [head, ...tail];
        }
      }
    }
    memo.set(key, best);
    return best;
  };
  const parts = from(0, MAX_PARTS);
  return parts && parts.length > 1 ? parts : null;
}

/** Letters the rest of a partly known word must have (shorter rests are endings and slips, not words). */
const MIN_REST_LENGTH = 4;
/** The known part of a partly known word: a stem of at least 4 letters, at most 2 letters shorter than the part. */
const MIN_KNOWN_STEM = 4;
const MAX_ENDING = 2;

/**
 * Whether a piece of a word is a known word in its own right, not a fragment the stemmer cuts down to a
 * known stem ("styrrelse" → styr) nor a short word that happens to end a longer one ("hospitalet" → talet).
 */
const knownPiece = (piece: string, knows: KnowsTerm) => {
  const term = processTerm(piece);
  return term !== null && term.length >= MIN_KNOWN_STEM && piece.length - term.length <= MAX_ENDING && knows(term);
};

/**
 * For a folded word that is neither known nor made of known words: a known word at its start or its end and
 * the rest ("søvnforstyrrelse" → søvn + forstyrrelse, "lungetræning" → lunge + træning), the longest known
 * part winning, a linking letter after a known start left out. A start also counts as known when the
 * catalogue's compounds begin with it (`startsCompounds`: "lungepatienter" → lunge, as in lungesygdom).
 * Only the partial match uses them (matchSome): the offers that match the known part, under a message
 * saying which part. Null when no part is known.
 */
export function splitPartly(word: string, knows: KnowsTerm, startsCompounds?: StartsCompounds): string[] | null {
  let best: string[] | null = null;
  let bestLength = 0;
  for (let end = word.length - MIN_REST_LENGTH; end >= MIN_PART_LENGTH && end > bestLength; end--) {
    const start = word.slice(0, end);
    if (!knownPiece(start, knows) && !(start.length >= MIN_KNOWN_STEM && startsCompounds?.(start))) continue;
    // A linking s belongs to neither part ("arbejds|glæde" is arbejd + glæde, as the user is told); an e
    // is often the word's own (lunge|patienter), and the stem is the same either way.
    const withoutLink = start.slice(0, -1);
    const linked = start.endsWith('s') && processTerm(withoutLink) === processTerm(start);
    const link = linked ? '' : LINKING_LETTERS.find((l) => l && word.startsWith(l, end) && word.length - end - 1 >= MIN_REST_LENGTH) ?? '';
    best = [linked ? withoutLink : start, word.slice(end + link.length)];
    bestLength = end;
  }
  for (let from = MIN_REST_LENGTH; word.length - from >= MIN_PART_LENGTH && word.length - from > bestLength; from++) {
    const end = word.slice(from);
    if (!knownPiece(end, knows)) continue;
    best = [word.slice(0, from), end];
    break;
  }
  return best;
}

/** A split word's parts as query units, the last one (its head) generic. */
const partUnits = (split: readonly string[]): QueryUnit[] =>
  split.map((part, i) => ({ text: part, query: withSynonyms(part), ...(i === split.length - 1 ? { generic: true } : {}) }));

/** Whole words only, each a word or phrase of our lists (not a typo), combined with OR. */
const listWords = (words: readonly string[]): QueryCombination => ({
  combineWith: 'OR', queries: words.map((s) => ({ combineWith: 'AND', queries: [s] })),
  // Whole words only: a synonym is a word of our list, not a typo, and its prefix expansions
  // (stress → stresskursus, stresshåndtering, …) would add up to more than the word itself.
  prefix: false, fuzzy: false,
});

/**
 * A word (or phrase) or any of its synonyms; a synonym counts for less than the word itself, while the
 * Danish words of an English word count as much as the word (they are what it means).
 */
function withSynonyms(text: string): Query {
  const translations = translationsOf(text);
  const synonyms = synonymsOf(text).filter((s) => !translations.includes(s));
  const itself: Query = text.includes(' ') ? { combineWith: 'AND', queries: [text] } : typedWord(text);
  if (!synonyms.length && !translations.length) return itself;
  return {
    combineWith: 'OR',
    queries: [
      itself,
      ...(translations.length ? [listWords(translations)] : []),
      ...(synonyms.length ? [{ ...listWords(synonyms), boostTerm: () => 0.4 }] : []),
    ],
  };
}

const MIN_TRUNCATED_LENGTH = 8;
const MAX_TRUNCATED_LETTERS = 4;

/**
 * A long unknown word without its last 1–4 letters, each within one edit of an index term: a slip near the
 * end of a word ("fastholdlese") keeps the stemmer from stripping its ending, so the stem of the misspelt
 * word is further from the indexed stem ("fasthold") than the slip itself. Unstemmed: they are stems already.
 */
function truncations(word: string): Query | null {
  const letters = Array.from(word);
  if (letters.length < MIN_TRUNCATED_LENGTH) return null;
  const heads = Array.from({ length: MAX_TRUNCATED_LETTERS }, (_, i) => letters.slice(0, letters.length - 1 - i).join(''));
  return { combineWith: 'OR', queries: heads, processTerm: (t: string) => t, fuzzy: 1, prefix: false, boostTerm: () => 0.5 };
}

/**
 * A word's unit: itself with its synonyms; when the index does not know it, also all of its known parts
 * (a compound) or else its truncations (a slip near its end). A compound the index knows from only one or
 * two offers is searched by its parts too ("smerteforløb" → the pain offers that say "forløb" elsewhere or
 * not at all), below the offers that use the word itself.
 */
function wordUnit(text: string, word: string, vocabulary: Vocabulary): QueryUnit {
  const { knows } = vocabulary;
  const term = processTerm(word);
  if (term === null) return { text, query: withSynonyms(word) };
  if (knows(term)) {
    const split = vocabulary.isRare?.(term) ? splitCompound(word, (t) => t !== term && knows(t)) : null;
    if (!split) return { text, query: withSynonyms(word) };
    const { parts, query } = partsQuery(split);
    return { text, query: { combineWith: 'OR', queries: [withSynonyms(word), scaled(query, RARE_PARTS_WEIGHT)] }, parts };
  }
  const split = splitCompound(word, knows);
  if (!split) {
    const truncated = truncations(word);
    let partly: QueryUnit[] | undefined | null = null;
    return {
      text,
      query: truncated ? { combineWith: 'OR', queries: [withSynonyms(word), truncated] } : withSynonyms(word),
      // Worked out only when the partial match asks (nothing matches every word); the search never needs it.
      get parts() {
        if (partly === null) {
          const split = splitPartly(word, knows, vocabulary.startsCompounds);
          partly = split ? partUnits(split) : undefined;
        }
        return partly;
      },
    };
  }
  const { parts, query } = partsQuery(split);
  return { text, query: { combineWith: 'OR', queries: [withSynonyms(word), query] }, parts };
}

/** A compound's parts: the topic must match, the head adds a bonus (compoundQuery). */
function partsQuery(split: readonly string[]): { parts: QueryUnit[]; query: Query } {
  const parts = partUnits(split);
  return { parts, query: compoundQuery(parts.map((p) => p.query)) };
}

/** How much a rare known compound's parts count, found without the word: the word itself is what was typed. */
const RARE_PARTS_WEIGHT = 0.15;

/** What an offer that also has the compound's head gets on top of its topic score. */
const HEAD_BONUS = 0.3;

/**
 * A split compound: in Danish the last part is the head, what kind of thing (angst|behandling = anxiety
 * treatment, hash|afvænning, vægt|vejledning), and the parts before it carry the topic. The topic parts must
 * match; the head only adds a little, so an offer about the topic is not outranked by one that merely
 * mentions both parts somewhere in its body, nor left out for calling itself by another word for the kind
 * (søvn|behandling finds Søvnskolen, which says "kursus").
 */
function compoundQuery(parts: readonly Query[]): Query {
  const topic = parts.slice(0, -1);
  const queries: Query[] = [
    { combineWith: 'AND', queries: [...topic] },
    { combineWith: 'AND', queries: [...parts], boostTerm: () => HEAD_BONUS },
  ];
  // Three parts or more: the first part is what it is about, the middle ones narrow it (smerte|håndterings|kursus
  // finds Smerteskolen, which never says håndtering), so the first part alone also counts, for less.
  if (topic.length > 1) queries.push(scaled(parts[0]!, FIRST_PART_WEIGHT));
  return { combineWith: 'OR', queries };
}

/** How much the first part of a three-part compound counts alone, found without the middle parts. */
const FIRST_PART_WEIGHT = 0.3;

/**
 * A query tree that counts `factor` times as much: MiniSearch hands a node's boostTerm down to the nodes
 * below unless they set their own (a synonym's), so those are scaled too, instead of overriding the factor.
 */
function scaled(query: Query, factor: number): Query {
  if (typeof query !== 'object' || !('queries' in query)) return { combineWith: 'OR', queries: [query], boostTerm: () => factor };
  const scaleOwn = (node: QueryCombination): QueryCombination => {
    const own = node.boostTerm;
    return {
      ...node,
      ...(own ? { boostTerm: (term: string, i: number, terms: string[]) => factor * own(term, i, terms) } : {}),
      queries: node.queries.map((q) => (typeof q === 'object' && 'queries' in q ? scaleOwn(q) : q)),
    };
  };
  const root = scaleOwn(query);
  return query.boostTerm ? root : { ...root, boostTerm: () => factor };
}

/** How much the two words of a compound written apart count, found apart: the joined word is what was meant. */
const APART_WEIGHT = 0.25;

/**
 * Two adjacent words that the index knows as one word: a compound written apart ("smerte skolen", "job
 * søgning"), the usual slip when people are unsure whether Danish joins them. Null when joined they are no
 * index term, or either is a stop word.
 */
function joinedWord(first: string, second: string | undefined, knows: KnowsTerm): string | null {
  if (second === undefined || processTerm(first) === null || processTerm(second) === null) return null;
  return knownWord(first + second, knows) ? first + second : null;
}

/**
 * The query's units in order, without repeats: known phrases ("quit smoking", "åben og rolig") as one unit,
 * a compound written apart as one unit, other words one each; stop words dropped. `text` keeps the user's
 * spelling for messages.
 */
export function queryUnits(rawQuery: string, vocabulary: Vocabulary): QueryUnit[] {
  const { knows } = vocabulary;
  const typed = tokenize(rawQuery);
  const folded = tokenize(foldDanish(rawQuery));
  // Folding never adds or removes a separator, so the typed words line up with the folded ones.
  const shown = typed.length === folded.length ? typed : folded;
  const units = new Map<string, QueryUnit>();
  for (let i = 0; i < folded.length && units.size < MAX_QUERY_TERMS;) {
    const n = knownPhraseLength(folded, i);
    const joined = n === 1 ? joinedWord(folded[i]!, folded[i + 1], knows) : null;
    if (joined) {
      // The joined word, or both words anywhere (they may still be meant apart: "alkohol behandling").
      const apart = [folded[i]!, folded[i + 1]!].map((w, k) => wordUnit(shown[i + k]!, w, vocabulary));
      const text = shown.slice(i, i + 2).join(' ');
      i += 2;
      if (!units.has(joined)) {
        units.set(joined, { text, query: { combineWith: 'OR', queries: [withSynonyms(joined), scaled(combineUnits(apart)!, APART_WEIGHT)] }, parts: apart });
      }
      continue;
    }
    const key = folded.slice(i, i + n).join(' ');
    const text = shown.slice(i, i + n).join(' ');
    i += n;
    if (units.has(key)) continue;
    if (n > 1) units.set(key, { text, query: withSynonyms(key) });
    else if (processTerm(key) !== null) units.set(key, { ...wordUnit(text, key, vocabulary), generic: isGenericWord(key) });
  }
  return [...units.values()];
}

/** What an offer that also has the query's generic words gets on top of its topic score. */
const GENERIC_BONUS = 0.3;

/**
 * The query tree: every unit must match (AND, or OR when asked); null when no word is searchable. With AND,
 * generic words next to a topic word only add a bonus, like a compound's head (see compoundQuery): "stress
 * gruppe" finds the stress course that calls itself a hold, and "hjælp til søvn" the sleep course even where
 * another offer says hjælp more often.
 */
export function combineUnits(units: readonly QueryUnit[], combineWith: 'AND' | 'OR' = 'AND'): Query | null {
  if (!units.length) return null;
  const topic = units.filter((u) => !u.generic);
  if (combineWith === 'OR' || !topic.length || topic.length === units.length) return { combineWith, queries: units.map((u) => u.query) };
  return {
    combineWith: 'OR',
    queries: [
      { combineWith: 'AND', queries: topic.map((u) => u.query) },
      scaled({ combineWith: 'AND', queries: units.map((u) => u.query) }, GENERIC_BONUS),
    ],
  };
}
