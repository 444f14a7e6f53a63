/** The demo catalogue in content/: every offer valid, the vocabularies covered, and all contacts fictional. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RISK_GROUPS, TASK_TYPES } from '../../core/catalogue/taxonomy.ts';
import { OFFERS_DIR, demoOrganisations, loadOfferFile, markdownFiles } from './helpers.ts';

const files = markdownFiles(OFFERS_DIR);
const offers = files.map(({ file }) => loadOfferFile(file));
const organisations = demoOrganisations();

/** The demo's fictional contact conventions: an example domain and the unused 70 00 xx xx number range. */
const FICTIONAL_EMAIL = /^[a-z0-9.-]+@aadal\.example\.dk$/;
const FICTIONAL_PHONE = /^70 00 \d\d \d\d$/;

describe('demo content', () => {
  it('has at least 60 offers', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it.each(files)('$name validates through the real parser', ({ file }) => {
    expect(() => loadOfferFile(file)).not.toThrow();
  });

  it('names every offer file after its slug, and slugs are unique', () => {
    expect(offers.map((o) => o.slug)).toEqual(files.map((f) => f.name));
    expect(new Set(offers.map((o) => o.slug)).size).toBe(offers.length);
  });

  it('covers all ten task types', () => {
    const used = new Set(offers.map((o) => o.taskType));
    expect([...used].sort((a, b) => a - b)).toEqual(TASK_TYPES.map((t) => t.id));
  });

  it('covers all three risk groups', () => {
    const used = new Set(offers.flatMap((o) => o.riskGroups));
    expect([...used].sort()).toEqual([...RISK_GROUPS.keys].sort());
  });

  it('gives every offer a provider organisation and unit from organisations.yaml', () => {
    const problems = offers.flatMap((offer) => {
      const org = organisations.find((o) => o.id === offer.provider.organisation);
      if (!org) return [`${offer.slug}: unknown organisation ${offer.provider.organisation}`];
      if (org.kind !== 'provider') return [`${offer.slug}: ${org.id} is not a provider`];
      if (!org.units.some((u) => u.name === offer.provider.unit)) return [`${offer.slug}: unknown unit ${offer.provider.unit}`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('writes "à" where Danish writes it ("2 samtaler à 1 time"), never "á"', () => {
    const wrong = files.filter(({ file }) => /(?<!\p{L})á(?!\p{L})/u.test(readFileSync(file, 'utf8'))).map(({ name }) => name);
    expect(wrong).toEqual([]);
    expect(files.some(({ file }) => /\d+ \p{L}+ à \d/u.test(readFileSync(file, 'utf8')))).toBe(true);
  });

  // The offer page speaks to the citizen (issue 13): the aside's "Sådan bliver du henvist" box and the "Pris"
  // fact read "din sagsbehandler henviser dig" and "Gratis for dig", not "… borgeren" in the third person.
  const THIRD_PERSON = /\bborger(?:e|en|ens|es|ne|nes)?\b|\bden unge\b/iu;

  it('writes every referral.howTo to the citizen ("du"), never about "borgeren" or "den unge"', () => {
    const wrong = offers.filter((o) => THIRD_PERSON.test(o.referral.howTo)).map((o) => `${o.slug}: ${o.referral.howTo}`);
    expect(wrong).toEqual([]);
  });

  it('writes every cost to the citizen ("Gratis for dig"), never about "borgeren"', () => {
    const wrong = offers.filter((o) => THIRD_PERSON.test(o.cost)).map((o) => `${o.slug}: ${o.cost}`);
    expect(wrong).toEqual([]);
  });

  it('has unique organisation ids and unit ids', () => {
    const ids = organisations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const org of organisations) expect(new Set(org.units.map((u) => u.id)).size).toBe(org.units.length);
  });
});

describe('demo contacts are fictional', () => {
  it('uses only e-mail addresses on the example domain, in frontmatter and body alike', () => {
    const addresses = files.flatMap(({ file }) => readFileSync(file, 'utf8').match(/[^\s<>()"'[\]:,]+@[^\s<>()"'[\],]+/g) ?? []);
    expect(addresses.length).toBeGreaterThanOrEqual(offers.length * 2);
    expect(addresses.filter((a) => !FICTIONAL_EMAIL.test(a))).toEqual([]);
  });

  it('uses only phone numbers in the fictional 70 00 range', () => {
    const phones = offers.flatMap((o) => (o.contact.phone ? [o.contact.phone] : []));
    expect(phones.length).toBeGreaterThan(0);
    expect(phones.filter((p) => !FICTIONAL_PHONE.test(p))).toEqual([]);
  });

  it('marks every named contact and owner as fictional', () => {
    const names = offers.flatMap((o) => [o.owner.name, ...(o.contact.name ? [o.contact.name] : [])]);
    expect(names.filter((n) => !/\(fiktiv( kontakt)?\)/.test(n))).toEqual([]);
  });

  it('contains nothing that looks like a CPR number', () => {
    const cpr = files.filter(({ file }) => /\b\d{6}-?\d{4}\b/.test(readFileSync(file, 'utf8')));
    expect(cpr.map((f) => f.name)).toEqual([]);
  });
});
