/** The offer schema, one fixture file per scenario in tests/fixtures/offers/{valid,invalid}. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, parseOfferFile, serializeOfferFile } from '../../core/catalogue/content/offer-file.ts';
import { describeIssues, offerSchema, toPublicOffer } from '../../core/catalogue/offer-schema.ts';
import { OFFER_FIXTURES, ROOT, expectedField, loadOfferFile, markdownFiles } from './helpers.ts';

const valid = markdownFiles(path.join(OFFER_FIXTURES, 'valid'));
const invalid = markdownFiles(path.join(OFFER_FIXTURES, 'invalid'));

/** Parses a file the way the content store does and returns the ContentError it throws. */
function contentError(file: string): ContentError {
  try {
    loadOfferFile(file);
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error(`${file} was expected to be invalid but parsed`);
}

describe('valid offer fixtures', () => {
  it('has the four scenarios', () => {
    expect(valid.map((f) => f.name)).toEqual(['cohorts-offer', 'full-offer', 'minimal-offer', 'seats-offer']);
  });

  it.each(valid)('$name parses through the real offer-file parser', ({ name, file }) => {
    const offer = loadOfferFile(file);
    expect(offer.slug).toBe(name);
    expect(offer.body.length).toBeGreaterThan(0);
    expect(offer.html).toContain('<');
  });

  it('fills the defaults of a minimal offer', () => {
    const offer = loadOfferFile(path.join(OFFER_FIXTURES, 'valid/minimal-offer.md'));
    expect(offer.age).toEqual({ min: 18 });
    expect(offer.locations).toEqual([]);
    expect(offer.referral.intake).toBe('assessed');
    expect(offer.prerequisites).toEqual([]);
    expect(offer.exclusions).toEqual([]);
    expect(offer.cost).toBe('Gratis for dig');
    expect(offer.languages).toEqual(['da']);
    expect(offer.synonyms).toEqual([]);
    expect(offer.published).toBe(true);
    expect(offer.internal).toEqual({});
    // An unquoted YAML date stays the string the schema expects.
    expect(offer.reviewBy).toBe('2027-06-30');
  });

  it('reads a cohorts capacity', () => {
    const offer = loadOfferFile(path.join(OFFER_FIXTURES, 'valid/cohorts-offer.md'));
    expect(offer.capacity).toEqual({
      model: 'cohorts', seatsPerCohort: 14, cohortsPerYear: 4, note: 'Nye hold i januar, april, august og oktober.',
    });
  });

  it('reads a seats capacity', () => {
    const offer = loadOfferFile(path.join(OFFER_FIXTURES, 'valid/seats-offer.md'));
    expect(offer.capacity).toEqual({ model: 'seats', seats: 40 });
    expect(offer.referral.intake).toBe('direct');
  });

  it('keeps every optional field of a full offer and escapes raw HTML in the body', () => {
    const offer = loadOfferFile(path.join(OFFER_FIXTURES, 'valid/full-offer.md'));
    expect(offer.age).toEqual({ min: 16, max: 64 });
    expect(offer.schedule).toBe('Efter aftale, også om aftenen');
    expect(offer.locations[0].accessibility).toBe('Niveaufri adgang.');
    expect(offer.contact).toEqual({
      name: 'Familieteamet (fiktiv kontakt)', phone: '70 00 99 03', email: 'familie@aadal.example.dk', hours: 'Man–tor kl. 9–15',
    });
    expect(offer.languages).toEqual(['da', 'ar', 'en']);
    expect(offer.accessibility).toBe('Tolk kan bestilles.');
    expect(offer.published).toBe(false);
    expect(offer.internal).toEqual({ notes: 'Intern note, som aldrig må vises for borgere.', referralTips: 'Intern henvisningstip.' });
    expect(offer.reviewBy).toBe('2028-02-29');
    expect(offer.html).not.toContain('<script>');
    expect(offer.html).toContain('&#60;script&#62;');
  });

  it('serialises an offer to a file that parses back to the same data', () => {
    const file = path.join(OFFER_FIXTURES, 'valid/full-offer.md');
    const { body, html: _html, ...data } = loadOfferFile(file);
    const again = parseOfferFile(serializeOfferFile(data, body), 'roundtrip.md', 'full-offer');
    expect(again).toMatchObject({ ...data, body });
  });
});

describe('invalid offer fixtures', () => {
  it('has a fixture per problem', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(11);
  });

  it.each(invalid)('$name: the error names the file and the field', ({ file }) => {
    const field = expectedField(file);
    const err = contentError(file);
    const relative = path.relative(ROOT, file);
    expect(err.file).toBe(relative);
    expect(err.message.startsWith(`${relative}:`)).toBe(true);
    // Exactly one problem, on the declared field.
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(new RegExp(`^field "${escapeRegExp(field)}": \\S`));
    expect(err.message).toContain(`field "${field}"`);
  });

  it('reports a missing frontmatter block as a file error', () => {
    const err = (() => { try { parseOfferFile('# Ingen frontmatter', 'x.md'); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ContentError);
    expect((err as ContentError).message).toMatch(/^x\.md:[\s\S]*YAML frontmatter/);
  });

  it('reports broken YAML without throwing a raw parser error', () => {
    const source = readFileSync(path.join(OFFER_FIXTURES, 'valid/minimal-offer.md'), 'utf8').replace('themes: [motion]', 'themes: [motion');
    expect(() => parseOfferFile(source, 'broken.md')).toThrow(ContentError);
    expect(() => parseOfferFile(source, 'broken.md')).toThrow(/broken\.md:[\s\S]*not valid YAML/);
  });
});

describe('describeIssues', () => {
  it('writes one line per problem, naming nested and indexed fields', () => {
    const result = offerSchema.safeParse({ slug: 'x', locations: [{ postcode: '1' }] });
    expect(result.success).toBe(false);
    const lines = describeIssues(result.error!);
    expect(lines).toContain('field "title": Invalid input: expected string, received undefined');
    expect(lines.some((l) => l.startsWith('field "locations[0].postcode": '))).toBe(true);
    expect(lines.every((l) => /^field "[^"]+": ./.test(l))).toBe(true);
  });

  it('lists every unknown field of an object', () => {
    const result = offerSchema.safeParse({ price: 1, colour: 'blå' });
    const lines = describeIssues(result.error!);
    expect(lines).toContain('field "price, colour": is not a known field');
  });
});

describe('toPublicOffer', () => {
  it('drops the internal notes and the owner and keeps everything else', () => {
    const offer = loadOfferFile(path.join(OFFER_FIXTURES, 'valid/full-offer.md'));
    const pub = toPublicOffer(offer);
    expect(pub).not.toHaveProperty('internal');
    expect(pub).not.toHaveProperty('owner');
    expect(JSON.stringify(pub)).not.toContain('Intern note');
    expect(JSON.stringify(pub)).not.toContain('redaktion@aadal.example.dk');
    const { internal: _i, owner: _o, ...rest } = offer;
    expect(pub).toEqual(rest);
    // The offer itself is untouched.
    expect(offer.internal.notes).toBe('Intern note, som aldrig må vises for borgere.');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
