/** Reading and writing one offer file: YAML frontmatter validated by the offer schema, then a Markdown body. */
import { parseDocument, stringify } from 'yaml';
import { describeIssues, offerSchema, type Offer, type OfferInput } from '../offer-schema.ts';
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
  const [, frontmatter, body] = match;
  const doc = parseDocument(frontmatter, { prettyErrors: true });
  if (doc.errors.length) {
    throw new ContentError(file, doc.errors.map((e) => `frontmatter is not valid YAML: ${e.message.split('\n')[0]}`));
  }
  const result = offerSchema.safeParse(doc.toJS());
  if (!result.success) throw new ContentError(file, describeIssues(result.error));
  const data = result.data;
  if (expectedSlug !== undefined && data.slug !== expectedSlug) {
    throw new ContentError(file, [`field "slug": "${data.slug}" must equal the file name "${expectedSlug}"`]);
  }
  return { ...data, body: body.trim(), html: renderMarkdown(body) };
}

/** The file text for an offer: frontmatter in a stable field order, then the body. */
export function serializeOfferFile(data: OfferInput, body: string): string {
  return `---\n${stringify(data, { lineWidth: 0 })}---\n\n${body.trim()}\n`;
}
