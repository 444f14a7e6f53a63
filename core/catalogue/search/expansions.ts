/**
 * The index terms a query term reaches by prefix and by spelling tolerance, remembered: MiniSearch walks
 * its term tree for them on every search (a fuzzy walk at 2 edits is the costly one), the same walk for the
 * same term each time. The remembered lists hold the index's own per-term data, so every search still
 * scores what the index holds now; only the list of terms is kept, and it is forgotten (`clear`) whenever
 * the index gains or loses offers.
 */
import { LruCache } from '../../lru-cache.ts';

type TermData = Map<number, Map<number, number>>;
type PrefixMatches = [string, TermData][];
type FuzzyMatches = Map<string, [TermData, number]>;

/** The two methods of MiniSearch's term tree (its SearchableMap) that a search's term expansion calls. */
export interface TermTree {
  atPrefix(prefix: string): Iterable<[string, TermData]>;
  fuzzyGet(term: string, maxDistance: number): FuzzyMatches;
}

/** Bounds: a few thousand distinct query terms, and no more than this many remembered index terms in all. */
const MAX_TERMS = 4_000;
const MAX_LISTED = 200_000;

/** Puts remembering versions of `tree`'s two expansion methods in place; what they return is what the originals would. */
export function rememberExpansions(tree: TermTree): { clear(): void } {
  const atPrefix = tree.atPrefix.bind(tree);
  const fuzzyGet = tree.fuzzyGet.bind(tree);
  const bounds = { maxEntries: MAX_TERMS, maxWeight: MAX_LISTED };
  const prefixOptions = { ...bounds, weigh: (list: PrefixMatches) => list.length + 1 };
  const fuzzyOptions = { ...bounds, weigh: (matches: FuzzyMatches) => matches.size + 1 };
  let prefixes = new LruCache<string, PrefixMatches>(prefixOptions);
  let fuzzy = new LruCache<string, FuzzyMatches>(fuzzyOptions);
  // MiniSearch only iterates the prefix matches, so a list of the same pairs in the same order serves.
  tree.atPrefix = (prefix) => prefixes.getOrCreate(prefix, () => [...atPrefix(prefix)]);
  // MiniSearch deletes from the fuzzy matches it gets (the terms it scores as prefixes): each search gets a copy.
  tree.fuzzyGet = (term, maxDistance) => new Map(fuzzy.getOrCreate(`${maxDistance}:${term}`, () => fuzzyGet(term, maxDistance)));
  return {
    clear: () => {
      prefixes = new LruCache(prefixOptions);
      fuzzy = new LruCache(fuzzyOptions);
    },
  };
}
