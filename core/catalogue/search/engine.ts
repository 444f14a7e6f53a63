/**
 * The catalogue search, identical on the server (no-JS pages) and in the browser (instant results):
 * the server builds a MiniSearch index from the content store and serves it as JSON; both sides load it
 * with the same options and answer a query with `runSearch`.
 */
import MiniSearch, { type Query } from 'minisearch';
import { PAGE_SIZE } from '../../paging.ts';
import { markdownToText } from '../content/plain-text.ts';
import type { Offer, Organisation } from '../offer-schema.ts';
import type { OfferSummary } from '../offer-summary.ts';
import { AGE_BANDS, THEMES, taskTypeById } from '../taxonomy.ts';
import { rememberExpansions, type TermTree } from './expansions.ts';
import { FacetTable } from './facet-table.ts';
import { FACETS, type FacetDefinition, type FacetKey, type FacetOption, type SearchDoc } from './facets.ts';
import { LINKING_LETTERS, MIN_PART_LENGTH, combineUnits, editsAllowed, queryUnits, type IsRare, type KnowsTerm, type QueryUnit, type StartsCompounds, type Vocabulary } from './query.ts';
import { processTerm, sanitizeQuery, tokenize } from './text.ts';

export { FACET_KEYS, FACETS, type FacetDefinition, type FacetKey, type FacetOption, type SearchDoc } from './facets.ts';

/** The JSON the server sends to the browser. */
export interface SearchIndexPayload {
  version: string;
  providers: Record<string, string>;
  index: unknown;
}

/** Capacity not confirmed for longer than this many days is uncertain (CAPACITY_STALE_DAYS). */
export const DEFAULT_CAPACITY_STALE_DAYS = 30;

/** Whether an offer's seat figures are uncertain on `today`: never confirmed, or not for `staleDays`. */
export function capacityUncertain(doc: Pick<SearchDoc, 'capacityConfirmedOn'>, today: string, staleDays = DEFAULT_CAPACITY_STALE_DAYS): boolean {
  if (!doc.capacityConfirmedOn) return true;
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${doc.capacityConfirmedOn}T00:00:00Z`)) / 86_400_000;
  return days > staleDays;
}

/** A term fewer offers than this use is rare: a compound searched by its parts too (see isRare). */
const MIN_COMMON_OFFERS = 3;
/** Bounds of startsCompounds: index terms looked at per piece, and pieces remembered. */
const MAX_COMPOUNDS_LOOKED_AT = 200;
const MAX_COMPOUND_STARTS = 10_000;
/**
 * Sets of words matchSome searches before it tries single words only: a 12-word query has 4,095 sets; 16
 * covers every set of a five-word query down to three words.
 */
const MAX_WORD_SETS_TRIED = 16;

/** Every non-empty subset of `items`, largest first; within a size, those leaving out the first items first. */
function* subsetsLargestFirst<T>(items: readonly T[]): Generator<T[]> {
  for (let leftOut = 0; leftOut < items.length; leftOut++) {
    for (const out of combinations(items.length, leftOut)) yield items.filter((_, i) => !out.includes(i));
  }
}

/** The k-element subsets of 0..n-1 as ascending index lists, in lexicographic order. */
function* combinations(n: number, k: number): Generator<number[]> {
  const chosen = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield chosen;
    let i = k - 1;
    while (i >= 0 && chosen[i] === n - k + i) i--;
    if (i < 0) return;
    chosen[i]!++;
    for (let j = i + 1; j < k; j++) chosen[j] = chosen[j - 1]! + 1;
  }
}

const BOOST = { title: 6, synonyms: 3, summary: 2, topics: 1.5, providerText: 1, body: 1 };
const STORE_FIELDS: (keyof SearchDoc)[] = [
  'title', 'summary', 'taskType', 'provider', 'riskGroups', 'benefitGroups', 'themes', 'format', 'ageBands', 'capacityConfirmedOn',
];

/** MiniSearch's options, the same for the server's index and the browser's copy of it. */
export const miniSearchOptions = {
  idField: 'slug',
  fields: Object.keys(BOOST),
  storeFields: STORE_FIELDS,
  tokenize,
  processTerm,
  searchOptions: {
    boost: BOOST,
    prefix: (term: string) => term.length >= 3,
    fuzzy: (term: string) => editsAllowed(term) || false,
    maxFuzzy: 2,
  },
};

/** What is indexed per offer: the stored result fields and the searchable text fields. */
export type IndexRecord = SearchDoc & { synonyms: string; topics: string; providerText: string; body: string };

const ageBandLists = new Map<string, string[]>();

/** The age bands an age range covers; one shared (read-only) list per range, as every offer's search doc keeps one. */
export function ageBandsOf(age: { min: number; max?: number }): string[] {
  const max = age.max ?? 200;
  const key = `${age.min}-${max}`;
  let bands = ageBandLists.get(key);
  if (!bands) ageBandLists.set(key, bands = AGE_BANDS.filter((band) => age.min <= band.max && max >= band.min).map((band) => band.key));
  return bands;
}

/** The part of an offer a search result shows and facets on. */
export function toSearchDoc(offer: OfferSummary, capacityConfirmedOn: string | null = null): SearchDoc {
  return {
    capacityConfirmedOn,
    slug: offer.slug,
    title: offer.title,
    summary: offer.summary,
    taskType: offer.taskType,
    provider: offer.provider.organisation,
    riskGroups: offer.riskGroups,
    benefitGroups: offer.benefitGroups,
    themes: offer.themes,
    format: offer.format,
    ageBands: ageBandsOf(offer.age),
  };
}

export type ConfirmedOn = (slug: string) => string | null;

/** `shown`: the summary whose values the search doc keeps (shared with the live catalogue's), by default the offer's own. */
export function toIndexRecord(offer: Offer, organisation: Organisation | undefined, confirmedOn?: ConfirmedOn, shown: OfferSummary = offer): IndexRecord {
  const taskType = taskTypeById(offer.taskType);
  return {
    ...toSearchDoc(shown, confirmedOn?.(offer.slug) ?? null),
    synonyms: offer.synonyms.join(' '),
    topics: [taskType?.label, ...offer.themes.map((t) => THEMES.labels[t])].join(' '),
    providerText: `${organisation?.name ?? ''} ${offer.provider.unit}`,
    body: markdownToText(offer.body),
  };
}

/** What MiniSearch's query execution returns per document, before `search` turns it into a result. */
interface RawMatch { score: number; terms: string[]; match: Record<string, string[]> }

/**
 * An index that runs a query itself (the server's, see catalogue-index.ts): the matches in the order
 * MiniSearch's `executeQuery` would give them, with the same scores.
 */
export interface QueryRunner {
  runQuery(query: Query): MatchList;
  /** Drops what `discard` took out and lays the index out again (after an update). */
  purge(): void;
  jsonChunks(): Generator<string>;
}
const runnerOf = (index: object): QueryRunner | undefined => ('runQuery' in index ? index as unknown as QueryRunner : undefined);

/** The parts of MiniSearch the engine reads that its types keep protected or private (they exist on any instance). */
interface IndexInternals {
  _index: TermTree & { has(t: string): boolean; get(t: string): Map<number, Map<number, number>> | undefined; keys(): Iterable<string> };
  _documentIds: Map<number, unknown>;
  _nextId: number;
  _storedFields: Map<number, Record<string, unknown>>;
  executeQuery(query: Query | typeof MiniSearch.wildcard): Map<number, RawMatch>;
}

/** A matching document by its index id, with its final score: a result before it is built into a SearchHit. */
export interface Match { readonly id: number; readonly score: number }

/**
 * A query's matches as they are found (MiniSearch's order): index ids and final scores side by side. A
 * search on a national catalogue matches tens of thousands of offers; only the page's become objects.
 */
export interface MatchList { readonly ids: Int32Array; readonly scores: Float64Array; readonly size: number }

const NO_MATCHES: MatchList = { ids: new Int32Array(0), scores: new Float64Array(0), size: 0 };

/** MiniSearch's query results as a match list, each scored by how many query terms it matched (as `search` does). */
export function matchListOf(found: ReadonlyMap<number, { score: number; terms: readonly string[] }>): MatchList {
  const list = { ids: new Int32Array(found.size), scores: new Float64Array(found.size), size: found.size };
  let i = 0;
  for (const [id, raw] of found) {
    list.ids[i] = id;
    list.scores[i++] = raw.score * (raw.terms.length || 1);
  }
  return list;
}

/** The list's matches as objects, those `accept` takes (by index id), in order. */
function matchObjects(list: MatchList, accept?: (id: number) => boolean): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < list.size; i++) if (!accept || accept(list.ids[i]!)) out.push({ id: list.ids[i]!, score: list.scores[i]! });
  return out;
}

export class SearchEngine {
  #version: string;
  readonly providers: Record<string, string>;
  readonly #index: MiniSearch<IndexRecord>;
  readonly #organisations: Map<string, Organisation>;

  private constructor(index: MiniSearch<IndexRecord>, version: string, providers: Record<string, string>, organisations: readonly Organisation[] = []) {
    this.#runner = runnerOf(index);
    this.#index = index;
    this.#version = version;
    this.providers = providers;
    this.#organisations = new Map(organisations.map((o) => [o.id, o]));
    this.#expansions = rememberExpansions(this.#internals._index);
  }

  readonly #expansions: { clear(): void };
  readonly #runner: QueryRunner | undefined;

  /** An engine over an index built from `organisations`' offers (the server's: see catalogue-index.ts). */
  static fromIndex(index: MiniSearch<IndexRecord>, version: string, organisations: readonly Organisation[]): SearchEngine {
    const providers = Object.fromEntries(organisations.filter((o) => o.kind === 'provider').map((o) => [o.id, o.name]));
    return new SearchEngine(index, version, providers, organisations);
  }

  get version(): string { return this.#version; }

  /**
   * Takes some offers out (by slug) and puts new or changed ones in, in place: what an edit costs is one
   * offer's indexing, not the catalogue's. Searches are synchronous, so none sees a half-updated index.
   */
  update(removed: readonly string[], upserted: readonly Offer[], version: string, capacityConfirmedOn?: ConfirmedOn): void {
    for (const slug of removed) if (this.#index.has(slug)) this.#index.discard(slug);
    for (const offer of upserted) {
      const record = toIndexRecord(offer, this.#organisations.get(offer.provider.organisation), capacityConfirmedOn);
      if (this.#index.has(offer.slug)) this.#index.replace(record);
      else this.#index.add(record);
    }
    this.#runner?.purge();
    this.#version = version;
    this.#byTitle = undefined;
    this.#uncertain = undefined;
    this.#offerCounts.clear();
    this.#compoundStarts.clear();
    this.#expansions.clear();
  }

  static fromPayload(payload: SearchIndexPayload): SearchEngine {
    const index = MiniSearch.loadJS<IndexRecord>(payload.index as Parameters<typeof MiniSearch.loadJS>[0], miniSearchOptions);
    return new SearchEngine(index, payload.version, payload.providers);
  }

  toPayload(): SearchIndexPayload {
    return { version: this.#version, providers: this.providers, index: this.#index.toJSON() };
  }

  /** The text of `JSON.stringify(this.toPayload())` in pieces, without building the payload first. */
  *payloadJsonChunks(): Generator<string> {
    yield `{"version":${JSON.stringify(this.#version)},"providers":${JSON.stringify(this.providers)},"index":`;
    if (this.#runner) yield* this.#runner.jsonChunks();
    else yield JSON.stringify(this.#index); // an index loaded from a payload (the browser's)
    yield '}';
  }

  get documentCount(): number { return this.#index.documentCount; }

  /**
   * Whether a term (folded and stemmed, as `processTerm` makes it) occurs in the index: the index's own term
   * list is the vocabulary that compound words are split by, so the browser needs nothing extra to download.
   * MiniSearch keeps that list protected, and an index loaded from JSON is a plain MiniSearch, hence the cast.
   */
  readonly knowsTerm: KnowsTerm = (term) => this.#terms().has(term);

  /** Every term of the index (what the benchmark asks whether a query shares a word stem with some offer). */
  terms(): Iterable<string> { return this.#terms().keys(); }

  /** Whether a term is one that only one or two offers use: such a compound is searched by its parts too (query.ts). */
  readonly isRare: IsRare = (term) => {
    const offers = this.#offersWith(term);
    return offers > 0 && offers < MIN_COMMON_OFFERS;
  };

  /**
   * Whether index terms begin with a folded piece and go on, after a linking letter or none, with another
   * index term of at least MIN_PART_LENGTH letters ("lunge": lungesygdom). Looks at the first
   * MAX_COMPOUNDS_LOOKED_AT such terms; remembered until the index changes.
   */
  readonly startsCompounds: StartsCompounds = (piece) => {
    let found = this.#compoundStarts.get(piece);
    if (found !== undefined) return found;
    found = false;
    let looked = 0;
    for (const [term] of this.#terms().atPrefix(piece)) {
      if (++looked > MAX_COMPOUNDS_LOOKED_AT) break;
      const rest = term.slice(piece.length);
      found = LINKING_LETTERS.some((link) => rest.startsWith(link) && rest.length - link.length >= MIN_PART_LENGTH && this.knowsTerm(rest.slice(link.length)));
      if (found) break;
    }
    if (this.#compoundStarts.size >= MAX_COMPOUND_STARTS) this.#compoundStarts.clear();
    this.#compoundStarts.set(piece, found);
    return found;
  };

  readonly #compoundStarts = new Map<string, boolean>();

  /** How many offers use a term, remembered until the index changes: on a big catalogue a common term's offers number in the thousands. */
  #offersWith(term: string): number {
    let count = this.#offerCounts.get(term);
    if (count === undefined) {
      const offers = new Set<number>();
      for (const docs of this.#terms().get(term)?.values() ?? []) for (const id of docs.keys()) offers.add(id);
      count = offers.size;
      this.#offerCounts.set(term, count);
    }
    return count;
  }

  readonly #offerCounts = new Map<string, number>();

  /** What the query builder asks the index about a word. */
  readonly #vocabulary: Vocabulary = { knows: this.knowsTerm, isRare: this.isRare, startsCompounds: this.startsCompounds };

  get #internals(): IndexInternals { return this.#index as unknown as IndexInternals; }

  #terms() { return this.#internals._index; }

  /** Matches for a free-text query, best first; every document by title when the query is empty. */
  match(rawQuery: string, combineWith: 'AND' | 'OR' = 'AND'): SearchHit[] {
    return this.matches(rawQuery, combineWith).map((m) => this.hit(m));
  }

  /**
   * `match` without building a result per match (what facets and pages need is read per id): best first,
   * in exactly the order MiniSearch's `search` gives (the same scores, sorted by the same stable sort).
   */
  matches(rawQuery: string, combineWith: 'AND' | 'OR' = 'AND'): readonly Match[] {
    const found = this.unsortedMatches(rawQuery, combineWith);
    const objects = matchObjects(found);
    return found === this.#byTitle ? objects : objects.sort(byScore);
  }

  /**
   * `matches` in the order MiniSearch finds them, before its sort by score (by title for the empty query).
   * A stable sort after a filter orders the same as before it, so a caller that filters can sort less.
   * Read the list before the next search on this engine: the server's index reuses its arrays.
   */
  unsortedMatches(rawQuery: string, combineWith: 'AND' | 'OR' = 'AND'): MatchList {
    const query = combineUnits(queryUnits(rawQuery, this.#vocabulary), combineWith);
    // An empty query lists everything; a query with no searchable words (only emoji, say) matches nothing.
    if (!query) return rawQuery.trim() ? NO_MATCHES : this.#allByTitle();
    return this.#ranked(query);
  }

  /** The query's matches in MiniSearch's order, scored as its `search` scores them (by how many query terms matched). */
  #ranked(query: Query | typeof MiniSearch.wildcard): MatchList {
    if (this.#runner && query !== MiniSearch.wildcard) return this.#runner.runQuery(query as Query);
    return matchListOf(this.#internals.executeQuery(query));
  }

  /** A match as a search result: its stored fields, slug and score. */
  hit(match: Match): SearchHit {
    return { ...this.doc(match.id), slug: this.slugOf(match.id), score: match.score };
  }

  /** The stored part of a matching document (what facets read), without building a result. */
  doc(id: number): SearchDoc {
    return this.#internals._storedFields.get(id) as unknown as SearchDoc;
  }

  /** The slug of a document by its index id. */
  slugOf(id: number): string {
    return String(this.#internals._documentIds.get(id));
  }

  /**
   * Whether an offer's capacity is uncertain on `today` (2) or not (1), by index id: what rank orders by
   * after the score, kept in an array filled as offers are compared (a search that matches every offer of a
   * national catalogue with the same score compares them all by it).
   */
  uncertainty(today: string, staleDays?: number): (id: number) => number {
    const key = `${today}:${staleDays}`;
    if (this.#uncertain?.key !== key) this.#uncertain = { key, of: new Uint8Array(this.#internals._nextId) };
    const known = this.#uncertain.of;
    return (id: number) => {
      let u = known[id]!;
      if (!u) known[id] = u = capacityUncertain(this.doc(id), today, staleDays) ? 2 : 1;
      return u;
    };
  }

  /** Per index id, for one day: 0 not yet known, 1 capacity confirmed, 2 uncertain. Forgotten on every update. */
  #uncertain: { key: string; of: Uint8Array } | undefined;

  #facetTable: FacetTable | undefined;
  /** The facets' options and every document's option numbers; the providers, and so the options, never change. */
  get facetTable(): FacetTable {
    this.#facetTable ??= new FacetTable(FACETS, this.providers, (id) => this.doc(id));
    return this.#facetTable;
  }

  /**
   * For a query that no offer (passing `accept`) matches in full: the most of its words that some offers
   * match together, and those offers. A word that matches nothing counts as its parts (a split word's head
   * only adds a bonus, see query.ts). Words no offer has go first; then the largest set of the rest that some
   * offers match together is kept (two words that an offer has together say more than the rarest word
   * alone). Among sets of one size, the one leaving out the commonest words comes first (the rarer
   * words say more about what is sought). `words`: those every offer matches (generic words only add a bonus
   * next to a topic word). Null for a single word or when no word matches.
   */
  matchSome(rawQuery: string, accept: (id: number) => boolean): { words: string[]; matches: Match[] } | null {
    const accepted = (units: readonly QueryUnit[]) => matchObjects(this.#ranked(combineUnits(units)!), accept);
    // Each word's offers, searched once: a set of words matches what all its topic words match (generic words
    // only add a bonus), so sets are tried by intersecting these, and only the one kept is searched.
    const matchesOf = new Map<QueryUnit, Int32Array>();
    const idsOf = (unit: QueryUnit) => {
      let ids = matchesOf.get(unit);
      if (!ids) matchesOf.set(unit, ids = Int32Array.from(accepted([unit]), (m) => m.id));
      return ids;
    };
    const all = queryUnits(rawQuery, this.#vocabulary).flatMap((u) => (u.parts && !idsOf(u).length ? u.parts : [u]));
    if (all.length < 2) return null;
    // Commonest first: the order in which words are left out.
    const known = all.filter((u) => idsOf(u).length > 0).sort((a, b) => idsOf(b).length - idsOf(a).length);
    const seen = new Uint32Array(this.#internals._nextId);
    let pass = 0;
    const matchTogether = (units: readonly QueryUnit[]) => {
      const topic = units.filter((u) => !u.generic);
      const needed = (topic.length ? topic : units).map(idsOf).sort((a, b) => a.length - b.length);
      // Offers in every list: marked list by list, `pass` counting how many lists an offer was in so far.
      for (const ids of needed.slice(1).reverse()) {
        pass++;
        for (const id of ids) if (seen[id] === pass - 1) seen[id] = pass;
      }
      return needed[0]!.some((id) => needed.length === 1 || seen[id] === pass);
    };
    let tried = 0;
    for (const units of subsetsLargestFirst(known)) {
      if (++tried > MAX_WORD_SETS_TRIED && units.length > 1) continue;
      seen.fill(0); pass = 0;
      if (!matchTogether(units)) continue;
      const topic = units.filter((u) => !u.generic);
      const inQueryOrder = (topic.length ? topic : units).sort((a, b) => all.indexOf(a) - all.indexOf(b));
      return { words: inQueryOrder.map((u) => u.text), matches: accepted(units).sort(byScore) };
    }
    return null;
  }

  #byTitle: MatchList | undefined;
  /** Every offer in title order: sorted once per version of the index, not per request. */
  #allByTitle(): MatchList {
    if (!this.#byTitle) {
      const sorted = matchObjects(this.#ranked(MiniSearch.wildcard)).sort((a, b) => collator.compare(this.doc(a.id).title, this.doc(b.id).title));
      this.#byTitle = { ids: Int32Array.from(sorted, (m) => m.id), scores: Float64Array.from(sorted, (m) => m.score), size: sorted.length };
    }
    return this.#byTitle;
  }
}

/**
 * The query tree: every word must match (AND), each word either itself or one of its synonyms (a synonym
 * counts for less), and a word the index does not know also by its known parts (see query.ts).
 */
export function buildQuery(rawQuery: string, knows: KnowsTerm, combineWith: 'AND' | 'OR' = 'AND'): Query | null {
  return combineUnits(queryUnits(rawQuery, { knows }), combineWith);
}

// ---------------------------------------------------------------------------------------------- facets

export type Filters = Partial<Record<FacetKey, string[]>>;
/** `freeSeats`: keep only offers with free seats ("ledige=ja"); heeded only where seats are known (signed in). */
export interface SearchParams { q: string; filters: Filters; page: number; freeSeats?: boolean }

/** The URL parameter of the free-seats filter, and its one value. */
export const FREE_SEATS_PARAM = 'ledige';

export { PAGE_SIZE };

/** Reads a query string into search parameters; unknown parameters and values are ignored, never an error. */
export function parseSearchParams(params: URLSearchParams): SearchParams {
  const filters: Filters = {};
  for (const facet of FACETS) {
    const values = [...new Set(params.getAll(facet.param).map((v) => v.trim()).filter((v) => /^[a-z0-9-]{1,40}$/.test(v)))];
    if (values.length) filters[facet.key] = values.slice(0, 20);
  }
  const page = Number.parseInt(params.get('side') ?? '1', 10);
  return {
    q: sanitizeQuery(params.get('q')), filters, page: Number.isFinite(page) && page >= 1 && page <= 1000 ? page : 1,
    ...(params.get(FREE_SEATS_PARAM) === 'ja' ? { freeSeats: true } : {}),
  };
}

export function toQueryString(params: { q: string; filters: Filters; page?: number; freeSeats?: boolean }): string {
  const out = new URLSearchParams();
  if (params.q) out.set('q', params.q);
  for (const facet of FACETS) for (const v of params.filters[facet.key] ?? []) out.append(facet.param, v);
  if (params.freeSeats) out.set(FREE_SEATS_PARAM, 'ja');
  if (params.page && params.page > 1) out.set('side', String(params.page));
  const s = out.toString();
  return s ? `?${s}` : '';
}

export interface FacetCount extends FacetOption { count: number; selected: boolean }
export interface FacetResult { param: string; label: string; options: FacetCount[] }
export interface SearchHit extends SearchDoc { score: number }
export interface SearchOutcome {
  params: SearchParams;
  total: number;
  pages: number;
  hits: SearchHit[];
  facets: FacetResult[];
  /**
   * When no offer matches every word (with the filters): the offers, filtered and best first, that match
   * the words in `suggestedFor` — the most of the query's words that some offers match together.
   */
  suggestions: SearchHit[];
  /** The query's words the suggestions match, as the user wrote them; empty when there are none. */
  suggestedFor: string[];
}

const collator = new Intl.Collator('da');
/** MiniSearch's own order of results: best score first, ties in the order found (the sort is stable). */
const byScore = (a: { score: number }, b: { score: number }) => b.score - a.score;


function matchesFacet(doc: SearchDoc, facet: FacetDefinition, filters: Filters): boolean {
  const wanted = filters[facet.key];
  return !wanted?.length || facet.values(doc).some((v) => wanted.includes(String(v)));
}

/**
 * The offers that match the query and every filter, best first, without facet counts or pages: what the
 * API lists (the search page's `runSearch` adds counts and pages on top).
 */
export function matchOffers(engine: SearchEngine, params: Pick<SearchParams, 'q' | 'filters'>, options: RankOptions = {}): SearchHit[] {
  return rank(engine.match(params.q), options, (hit) => hit).filter((doc) => FACETS.every((facet) => matchesFacet(doc, facet, params.filters)));
}

/** The day the search runs on (capacity that is not confirmed ranks lower), and when capacity turns uncertain. */
export interface RankOptions { today?: string; capacityStaleDays?: number }

/**
 * Best first by score; where scores are equal, offers with confirmed capacity before those whose capacity
 * is uncertain (the sort is stable: otherwise the order stays). Without `today`, the order is the score's.
 */
function rank<T extends { score: number }>(items: readonly T[], options: RankOptions, docOf: (item: T) => SearchDoc): readonly T[] {
  return options.today ? [...items].sort(rankOrder(options, docOf)) : items;
}

/** rank's comparison (with `today`): score, then confirmed capacity first. */
function rankOrder<T extends { score: number }>(options: RankOptions, docOf: (item: T) => SearchDoc): (a: T, b: T) => number {
  const today = options.today!;
  // Uncertainty depends on the confirmation day alone, and many offers share one (or have none).
  const byDay = new Map<string | null, number>();
  const uncertain = (item: T) => {
    const day = docOf(item).capacityConfirmedOn;
    let u = byDay.get(day);
    if (u === undefined) byDay.set(day, u = capacityUncertain({ capacityConfirmedOn: day }, today, options.capacityStaleDays) ? 1 : 0);
    return u;
  };
  return (a, b) => (b.score - a.score) || (uncertain(a) - uncertain(b));
}

/**
 * The places [from, to) of a stable sort of the items 0 … count − 1 by `compare`, without sorting them all:
 * the best `to` are kept in a heap (ties by their place, as a stable sort keeps them), then sorted. A page of
 * a search with 50,000 matches costs some hundred thousand comparisons instead of a sort of them all.
 */
export function sortedWindow(count: number, from: number, to: number, compare: (a: number, b: number) => number): number[] {
  if (from >= count) return [];
  const byPlace = (a: number, b: number) => compare(a, b) || a - b;
  if (to * 4 >= count) return Array.from({ length: count }, (_, i) => i).sort(byPlace).slice(from, to);
  // A max-heap of the best `to` so far, the worst on top.
  const heap: number[] = [];
  const worse = (a: number, b: number) => byPlace(a, b) > 0;
  for (let i = 0; i < count; i++) {
    if (heap.length < to) {
      heap.push(i);
      for (let at = heap.length - 1; at > 0;) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at]!, heap[parent]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      for (let at = 0; ;) {
        const left = 2 * at + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && worse(heap[right]!, heap[left]!) ? right : left;
        if (!worse(heap[child]!, heap[at]!)) break;
        [heap[at], heap[child]] = [heap[child]!, heap[at]!];
        at = child;
      }
    }
  }
  return heap.sort(byPlace).slice(from, to);
}

/** `hasFreeSeats`: whether an offer has free seats, known only to professionals; without it `freeSeats` is ignored. */
export function runSearch(engine: SearchEngine, params: SearchParams, options: { pageSize?: number; hasFreeSeats?: (slug: string) => boolean } & RankOptions = {}): SearchOutcome {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  // Matches stay ids and scores until the page is cut: only the offers shown become result objects. The
  // page is picked from them in order (a stable order: score, then capacity, then as found).
  const found = engine.unsortedMatches(params.q);
  const freeSeats = Boolean(params.freeSeats && options.hasFreeSeats);
  const seatsOk = (id: number) => !freeSeats || options.hasFreeSeats!(engine.slugOf(id));
  const table = engine.facetTable;
  // Valid filter values only: an unknown value is ignored rather than emptying the results.
  const filters: Filters = {};
  const chosen = new Uint8Array(table.size);
  const filtering: number[] = [];
  FACETS.forEach((facet, f) => {
    const values = (params.filters[facet.key] ?? []).filter((v) => table.number(f, v) !== undefined);
    if (!values.length) return;
    filters[facet.key] = values;
    filtering.push(f);
    for (const v of values) chosen[table.number(f, v)!] = 1;
  });
  // Each result is checked against each filtering facet once: it counts for a facet's options when it
  // passes every other facet's filter, and it is a hit when it passes them all. Written out flat (no
  // closures): on a national catalogue this loop runs over tens of thousands of matches per search.
  const counts = new Uint32Array(table.size);
  const facetCount = FACETS.length;
  /** Places in `found` of the matches that pass every filter, in order. */
  const kept = new Int32Array(found.size);
  let keptCount = 0;
  for (let m = 0; m < found.size; m++) {
    const id = found.ids[m]!;
    if (freeSeats && !seatsOk(id)) continue;
    const start = table.at(id);
    const pool = table.pool;
    let failed = -1;
    let failures = 0;
    for (const f of filtering) {
      let passes = false;
      for (let i = start + (f ? pool[start + f - 1]! : facetCount), end = start + pool[start + f]!; i < end; i++) {
        if (chosen[pool[i]!]) { passes = true; break; }
      }
      if (passes) continue;
      if (++failures > 1) break;
      failed = f;
    }
    if (failures > 1) continue;
    if (failures === 1) {
      for (let i = start + (failed ? pool[start + failed - 1]! : facetCount), end = start + pool[start + failed]!; i < end; i++) counts[pool[i]!]!++;
      continue;
    }
    for (let i = start + facetCount, end = start + pool[start + facetCount - 1]!; i < end; i++) counts[pool[i]!]!++;
    kept[keptCount++] = m;
  }
  const passes = (codes: Uint16Array, f: number) => {
    for (let i = f ? codes[f - 1]! : facetCount; i < codes[f]!; i++) if (chosen[codes[i]!]) return true;
    return false;
  };
  const facets = FACETS.map((facet, f) => {
    const selected = filters[facet.key] ?? [];
    return {
      param: facet.param,
      label: facet.label,
      options: table.options[f]!
        .map((o) => ({ ...o, count: counts[table.number(f, o.value)!]!, selected: selected.includes(o.value) }))
        .filter((o) => o.count > 0 || o.selected),
    };
  });
  const pages = Math.max(1, Math.ceil(keptCount / pageSize));
  const page = Math.min(params.page, pages);
  // By score, then (with a day to judge by) confirmed capacity first; the empty query's title order is kept
  // (every offer scores 1 there).
  const { ids, scores } = found;
  const uncertain = options.today ? engine.uncertainty(options.today, options.capacityStaleDays) : undefined;
  const order = uncertain
    ? (a: number, b: number) => (scores[kept[b]!]! - scores[kept[a]!]!) || (uncertain(ids[kept[a]!]!) - uncertain(ids[kept[b]!]!))
    : (a: number, b: number) => scores[kept[b]!]! - scores[kept[a]!]!;
  const hits = sortedWindow(keptCount, (page - 1) * pageSize, page * pageSize, order)
    .map((k) => engine.hit({ id: ids[kept[k]!]!, score: scores[kept[k]!]! }));
  let suggestions: SearchHit[] = [];
  let suggestedFor: string[] = [];
  if (!keptCount && params.q) {
    const accept = (id: number) => seatsOk(id) && filtering.every((f) => passes(table.codes(id), f));
    const some = engine.matchSome(params.q, accept);
    if (some) {
      suggestions = rank(some.matches, options, (m) => engine.doc(m.id)).slice(0, pageSize).map((m) => engine.hit(m));
      suggestedFor = some.words;
    }
  }
  return {
    params: { ...params, filters, page, freeSeats: freeSeats || undefined },
    total: keptCount,
    pages,
    hits,
    facets,
    suggestions,
    suggestedFor,
  };
}
