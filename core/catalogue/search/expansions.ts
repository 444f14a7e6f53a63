/**
 * The index terms a query term reaches by prefix and by spelling tolerance, remembered: MiniSearch walks
 * its term tree for them on every search (a fuzzy walk at 2 edits is the costly one), the same walk for the
 * same term each time. The remembered lists hold the index's own per-term data, so every search still
 * scores what the index holds now; only the list of terms is kept, and it is forgotten (`clear`) whenever
 * the index gains or loses offers.
 */
type TermData = Map<number, Map<number, number>>;
type PrefixMatches = [string, TermData][];
type FuzzyMatches = Map<string, [TermData, number]>;

/** The two methods of MiniSearch's term tree (its SearchableMap) that a search's term expansion calls. */
export interface TermTree {
  atPrefix(prefix: string): Iterable<[string, TermData]>;
  fuzzyGet(term: string, maxDistance: number): FuzzyMatches;
}

/** Bound: remembered index terms in all; past it, everything is forgotten and remembering starts over. */
const MAX_LISTED = 200_000;

/** Puts remembering versions of `tree`'s two expansion methods in place; what they return is what the originals would. */
export function rememberExpansions(tree: TermTree): { clear(): void } {
  const atPrefix = tree.atPrefix.bind(tree);
  const fuzzyGet = tree.fuzzyGet.bind(tree);
  let prefixes = new Map<string, PrefixMatches>();
  let fuzzy = new Map<string, FuzzyMatches>();
  let listed = 0;
  const clear = () => {
    prefixes = new Map();
    fuzzy = new Map();
    listed = 0;
  };
  /** Makes room for a list of `size` terms (counted one more, for its key) under the bound. */
  const makeRoom = (size: number) => {
    if (listed + size + 1 > MAX_LISTED) clear();
    listed += size + 1;
  };
  // MiniSearch only iterates the prefix matches, so a list of the same pairs in the same order serves.
  tree.atPrefix = (prefix) => {
    let list = prefixes.get(prefix);
    if (!list) {
      list = [...atPrefix(prefix)];
      makeRoom(list.length);
      prefixes.set(prefix, list);
    }
    return list;
  };
  // MiniSearch deletes from the fuzzy matches it gets (the terms it scores as prefixes): each search gets a copy.
  tree.fuzzyGet = (term, maxDistance) => {
    const key = `${maxDistance}:${term}`;
    let matches = fuzzy.get(key);
    if (!matches) {
      matches = fuzzyGet(term, maxDistance);
      makeRoom(matches.size);
      fuzzy.set(key, matches);
    }
    return new Map(matches);
  };
  return { clear };
}
