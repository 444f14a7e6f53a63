/** Reading and writing one offer file: YAML frontmatter validated by the offer schema, then a Markdown body. */
import { parseDocument, stringify } from 'yaml';
import { describeIssues, offerSchema, type Offer, type OfferData, type OfferInput } from '../offer-schema.ts';
import { LruCache } from '../../lru-cache.ts';
import { renderMarkdown } from './markdown.ts';

export class ContentError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ContentError';
    this.file = file;
    this.problems = problems;
  }
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * Parses one offer file. `file` names the file in errors; `expectedSlug` (the file's base name) must
 * equal the frontmatter slug so that URLs and files never disagree.
 */
export function parseOfferFile(source: string, file: string, expectedSlug?: string): Offer {
  const match = FRONTMATTER.exec(source);
  if (!match) throw new ContentError(file, ['the file must start with YAML frontmatter between two "---" lines']);
  const [, frontmatter, rawBody] = match;
  const doc = parseDocument(frontmatter!, { prettyErrors: true });
  if (doc.errors.length) {
    throw new ContentError(file, doc.errors.map((e) => `frontmatter is not valid YAML: ${e.message.split('\n')[0]}`));
  }
  // Copies, not slices: V8 cuts a substring as a view of the string it came from, so one title or the body
  // kept from the parser would keep the whole file text alive for as long as the offer lives. structuredClone
  // and copyString write fresh strings; the file text is then let go (a third less memory per offer).
  const result = offerSchema.safeParse(structuredClone(doc.toJS()));
  if (!result.success) throw new ContentError(file, describeIssues(result.error));
  const data = result.data;
  if (expectedSlug !== undefined && data.slug !== expectedSlug) {
    throw new ContentError(file, [`field "slug": "${data.slug}" must equal the file name "${expectedSlug}"`]);
  }
  return withBody(data, copyString(rawBody!.trim()));
}

/** An offer from its validated metadata and Markdown body, its HTML rendered when first read. */
function withBody(data: OfferData, body: string): Offer {
  const offer = { ...data, body } as Offer;
  Object.defineProperty(offer, 'html', { get: htmlOfBody, enumerable: true });
  return offer;
}

/**
 * An offer from a stored revision. The metadata is validated again: it gives the schema's field order
 * back (PostgreSQL's jsonb keeps keys in an order of its own), so the file text, and its hash, come out
 * the same from either engine.
 */
export function offerFromRevision(data: unknown, body: string, where: string, strings?: StringPool): Offer {
  const result = offerSchema.safeParse(data);
  if (!result.success) throw new ContentError(where, describeIssues(result.error));
  return withBody(strings ? strings.internAll(result.data) : result.data, body);
}

/**
 * One copy of each string value for many offers read together: a catalogue's offers repeat most of their
 * values (organisations, units, groups, places, contacts), and without it each offer held its own copy of
 * each (about half of an offer's memory besides its body). Kept only for one read, then let go.
 */
export class StringPool {
  readonly #strings = new Map<string, string>();

  intern(text: string): string {
    const known = this.#strings.get(text);
    if (known !== undefined) return known;
    this.#strings.set(text, text);
    return text;
  }

  /** Replaces every string in these plain objects and arrays, in place, by its pooled copy. */
  internAll<T>(value: T): T {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.#internValue(value[i]);
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = this.#internValue(record[key]);
    }
    return value;
  }

  #internValue(value: unknown): unknown {
    return typeof value === 'string' ? this.intern(value) : this.internAll(value);
  }
}

/** An offer's metadata alone: what a revision stores beside the body. */
export function offerData(offer: Offer): OfferData {
  const { body: _body, html: _html, ...data } = Object.getOwnPropertyDescriptors(offer);
  return Object.defineProperties({}, data) as OfferData;
}

/**
 * Offer bodies rendered to HTML, keyed by their Markdown, for the most recently shown offers only. An offer's
 * `html` is rendered when it is first read (the offer page, mostly) rather than when the file is loaded, so
 * the server never holds the rendered text of every offer for ever (for a thousand offers, 2–3 MB that most
 * visitors never ask for). Keyed by the body itself, an edited offer gets fresh HTML and
 * the old entry simply ages out.
 */
export const offerHtmlCache = new LruCache<string, string>({
  maxEntries: 128,
  maxWeight: 1_000_000, // characters, a bound for catalogues of unusually long offers
  weigh: (html) => html.length,
});

/** The `html` getter of every offer (enumerable, so `{ ...offer }` copies the HTML like any other field). */
function htmlOfBody(this: Offer): string {
  return offerBodyHtml(this.body);
}

/** The HTML of an offer body, from the cache or rendered now. */
export function offerBodyHtml(body: string): string {
  return offerHtmlCache.getOrCreate(body, () => renderMarkdown(body));
}

/** A flat copy of `text` that shares no memory with the string it was cut from. */
function copyString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** The file text for an offer: frontmatter in a stable field order, then the body. */
export function serializeOfferFile(data: OfferInput, body: string): string {
  return `---\n${stringify(data, { lineWidth: 0 })}---\n\n${body.trim()}\n`;
}
