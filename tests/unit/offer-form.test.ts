/**
 * The offer editor's form, generated from the offer schema: every demo offer and fixture survives
 * revision → form fields → revision unchanged, and bad input is refused beside the right field, in the
 * form's order, in Danish.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { offerData } from '../../core/catalogue/content/offer-file.ts';
import { fieldNames, offerForm, toFormFields, validateForm, type Fields } from '../../core/catalogue/editing/form.ts';
import { OFFER_FIXTURES, ROOT, loadOfferFile, markdownFiles } from './helpers.ts';

const files = [...markdownFiles(path.join(ROOT, 'content', 'offers')), ...markdownFiles(path.join(OFFER_FIXTURES, 'valid'))];
const offers = files.map(({ file }) => loadOfferFile(file));
const providers = [...new Set(offers.map((o) => o.provider.organisation))].map((value) => ({ value, label: value }));
const form = offerForm({ providers });

describe('the offer form', () => {
  it('is generated from the schema: every field has a Danish label and the right control', () => {
    const byKey = Object.fromEntries(form.map((f) => [f.key, f]));
    expect(byKey.title!.label).toBe('Titel');
    expect(byKey.taskType!.control).toMatchObject({ kind: 'choice', multiple: false, numeric: true });
    expect(byKey.riskGroups!.control).toMatchObject({ kind: 'choice', multiple: true });
    expect((byKey.riskGroups!.control as { options: { label: string }[] }).options.map((o) => o.label)).toContain('Højrisikogruppen');
    expect(byKey.reviewBy!.control).toMatchObject({ kind: 'text', inputType: 'date' });
    expect(byKey.locations!.control.kind).toBe('list');
    expect(byKey.synonyms!.control.kind).toBe('lines');
    expect(byKey.capacity!.control).toMatchObject({ kind: 'variant', discriminator: 'model' });
    expect(byKey.published).toBeUndefined(); // set by the editor's buttons, not a field
    expect(byKey.provider!.control).toMatchObject({ kind: 'group' });
  });

  it(`gives each of ${offers.length} offers back unchanged after a round trip through the form`, () => {
    expect(offers.length).toBeGreaterThan(60);
    for (const offer of offers) {
      const data = offerData(offer);
      const fields = toFormFields(data, form);
      const result = validateForm(fields, form, { published: data.published });
      expect(result, offer.slug).toEqual({ ok: true, data: JSON.parse(JSON.stringify(data)) });
    }
  });

  it('keeps a list row posted under any index, and drops empty rows', () => {
    const data = offerData(offers.find((o) => o.locations.length === 1)!);
    const fields: Fields = toFormFields(data, form);
    for (const key of Object.keys(fields)) {
      if (key.startsWith('locations.0.')) { fields[key.replace('locations.0.', 'locations.7.')] = fields[key]!; delete fields[key]; }
    }
    fields['locations.9.name'] = '';
    fields['locations.9.city'] = '  ';
    const result = validateForm(fields, form, { published: true });
    expect(result.ok && result.data.locations).toEqual(data.locations);
  });

  it('refuses bad input beside each field, in the order of the form, in Danish', () => {
    const data = offerData(offers.find((o) => o.locations.length > 0)!);
    const fields = toFormFields(data, form);
    fields.reviewBy = '31-12-2027';
    fields.title = '';
    fields['locations.0.postcode'] = '12';
    fields.riskGroups = [];
    fields['contact.phone'] = '';
    fields['contact.email'] = '';
    fields['age.min'] = 'atten';
    const result = validateForm(fields, form, { published: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.name, e.message])).toEqual([
      ['title', 'Skal udfyldes'],
      ['riskGroups', 'Vælg mindst én'],
      ['age.min', 'Skal være et helt tal'],
      ['locations.0.postcode', 'Skal være et dansk postnummer på fire cifre'],
      ['contact', 'Skal have et telefonnummer eller en e-mailadresse'],
      ['reviewBy', 'Skal være en dato skrevet ÅÅÅÅ-MM-DD'],
    ]);
    expect(result.errors.find((e) => e.name === 'locations.0.postcode')!.label).toBe('Steder 1 – Postnummer');
    const order = fieldNames(form, '', fields);
    expect(order.indexOf('title')).toBeLessThan(order.indexOf('reviewBy'));
  });

  it('reads the chosen capacity model only, and numbers as numbers', () => {
    const data = offerData(offers.find((o) => o.capacity.model === 'seats')!);
    const fields = toFormFields(data, form);
    fields['capacity.model'] = 'cohorts';
    fields['capacity.cohorts.seatsPerCohort'] = '12';
    const result = validateForm(fields, form, { published: true });
    expect(result.ok && result.data.capacity).toEqual({ model: 'cohorts', seatsPerCohort: 12 });
  });
});

describe('comparing two versions', () => {
  it('lists changed fields by label, word by word, ignores the order of ticked choices, and diffs the body by line', async () => {
    const { compareVersions } = await import('../../core/catalogue/editing/compare.ts');
    const offer = offers.find((o) => o.benefitGroups.length > 1 && o.locations.length === 1)!;
    const before = { data: offerData(offer), body: offer.body };
    const after = {
      data: { ...offerData(offer), title: `${offer.title} igen`, benefitGroups: [...offer.benefitGroups].reverse(),
        locations: [{ ...offer.locations[0]!, city: 'Nyby' }] },
      body: `${offer.body}\n\nEt nyt afsnit.`,
    };
    const { fields, body } = compareVersions(before, after, form);
    expect(fields.map((f) => f.label)).toEqual(['Titel', 'Steder 1 – By']);
    expect(fields[0]!.parts.filter((p) => p.change === 'added').map((p) => p.text.trim())).toEqual(['igen']);
    expect(body!.filter((p) => p.change === 'added').map((p) => p.text)).toEqual(['\nEt nyt afsnit.\n']);
    expect(compareVersions(before, before, form)).toEqual({ fields: [], body: null });
  });
});
