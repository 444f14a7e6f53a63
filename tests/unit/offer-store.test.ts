/** The content store on a private copy of the demo content: live reload, invalid edits, and assertValid. */
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfferStore } from '../../db/content/offer-store.ts';
import { OFFER_FIXTURES, copyContent, expectedField, markdownFiles, waitFor } from './helpers.ts';

interface Fixture { dir: string; offersDir: string; cleanup: () => void; store: OfferStore; warnings: string[]; infos: string[] }

function openStore(): Fixture {
  const content = copyContent();
  const warnings: string[] = [];
  const infos: string[] = [];
  const store = new OfferStore({ contentDir: content.dir, log: { info: (m) => infos.push(m), warn: (m) => warnings.push(m) } });
  return { ...content, store, warnings, infos };
}

describe('OfferStore', () => {
  let f: Fixture;
  beforeEach(() => { f = openStore(); });
  afterEach(() => { f.store.close(); f.cleanup(); });

  it('loads the published demo offers sorted by title, with no problems', () => {
    const files = markdownFiles(f.offersDir);
    expect(f.store.all().length).toBe(files.length);
    expect(f.store.problems()).toEqual([]);
    const titles = f.store.all().map((o) => o.title);
    expect(titles).toEqual([...titles].sort(new Intl.Collator('da').compare));
    expect(f.store.get('rygestop')?.title).toBe('Rygestop – kursus og rådgivning');
    expect(() => f.store.assertValid()).not.toThrow();
  });

  it('releaseOffers forgets parsed offers but keeps their hashes: a changed file is parsed again', () => {
    const before = f.store.validFiles();
    const rygestop = before.find((v) => v.name === 'rygestop.md')!;
    f.store.releaseOffers([...before, { name: 'rygestop.md', hash: 'another hash' }]);
    expect(f.store.all()).toEqual([]);
    expect(f.store.get('rygestop')).toBeUndefined();
    const released = f.store.validFiles();
    expect(released.map((v) => [v.name, v.hash])).toEqual(before.map((v) => [v.name, v.hash]));
    expect(released.every((v) => v.offer === undefined)).toBe(true);
    const file = path.join(f.offersDir, 'rygestop.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Rygestop med nyt navn'));
    expect(f.store.reload()).toBe(true);
    const changed = f.store.validFiles().find((v) => v.name === 'rygestop.md')!;
    expect(changed.hash).not.toBe(rygestop.hash);
    expect(changed.offer?.title).toBe('Rygestop med nyt navn');
    expect(f.store.all().map((o) => o.slug)).toEqual(['rygestop']);
    // A release for a hash the file no longer has keeps the offer.
    f.store.releaseOffers([rygestop]);
    expect(f.store.get('rygestop')?.title).toBe('Rygestop med nyt navn');
  });

  it('leaves unpublished offers out of the catalogue', () => {
    copyFileSync(path.join(OFFER_FIXTURES, 'valid/full-offer.md'), path.join(f.offersDir, 'full-offer.md'));
    expect(f.store.reload()).toBe(true);
    expect(f.store.get('full-offer')).toBeUndefined();
    expect(f.store.problems()).toEqual([]);
  });

  it('reload() without watching reports whether anything changed', () => {
    expect(f.store.reload()).toBe(false);
    const file = path.join(f.offersDir, 'rygestop.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Rygestop – kursus og rådgivning', 'title: Genindlæst'));
    expect(f.store.reload()).toBe(true);
    expect(f.store.get('rygestop')?.title).toBe('Genindlæst');
    expect(f.store.reload()).toBe(false);
  });

  describe('watching', () => {
    beforeEach(() => f.store.watch());

    it('picks up an edited file and notifies subscribers', async () => {
      const versionBefore = f.store.version;
      let notified = 0;
      f.store.subscribe(() => { notified++; });
      const file = path.join(f.offersDir, 'rygestop.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace('title: Rygestop – kursus og rådgivning', 'title: Rygestop for alle'));
      await waitFor(() => f.store.get('rygestop')?.title === 'Rygestop for alle', { what: 'the edited title' });
      expect(f.store.version).not.toBe(versionBefore);
      expect(notified).toBeGreaterThanOrEqual(1);
      expect(f.infos.some((m) => m.startsWith('Offer content reloaded'))).toBe(true);
    });

    it('picks up an editor\'s atomic save (write a temp file, then rename it over the offer)', async () => {
      const file = path.join(f.offersDir, 'rygestop.md');
      const temp = path.join(f.offersDir, '.rygestop.md.swp');
      writeFileSync(temp, readFileSync(file, 'utf8').replace('title: Rygestop – kursus og rådgivning', 'title: Gemt atomisk'));
      renameSync(temp, file);
      await waitFor(() => f.store.get('rygestop')?.title === 'Gemt atomisk', { what: 'the renamed file' });
      expect(f.store.problems()).toEqual([]);
    });

    it('picks up a new file', async () => {
      const before = f.store.all().length;
      copyFileSync(path.join(OFFER_FIXTURES, 'valid/seats-offer.md'), path.join(f.offersDir, 'seats-offer.md'));
      await waitFor(() => f.store.get('seats-offer') !== undefined, { what: 'the new offer' });
      expect(f.store.all().length).toBe(before + 1);
    });

    it('drops a deleted file', async () => {
      const before = f.store.all().length;
      rmSync(path.join(f.offersDir, 'smerteskolen.md'));
      await waitFor(() => f.store.get('smerteskolen') === undefined, { what: 'the deleted offer to disappear' });
      expect(f.store.all().length).toBe(before - 1);
    });

    it('reports an invalid edit and keeps the last valid version live, until the file is fixed', async () => {
      const file = path.join(f.offersDir, 'rygestop.md');
      const original = readFileSync(file, 'utf8');
      writeFileSync(file, original.replace('taskType: 6', 'taskType: 11').replace('title: Rygestop – kursus og rådgivning', 'title: Halvfærdig'));
      await waitFor(() => {
        expect(f.store.problems().map((p) => p.problems)).toEqual([['field "taskType": skal være en opgavetype fra 1 til 10']]);
      }, { what: 'the invalid edit to be reported' });

      const [problem] = f.store.problems();
      expect(problem.file.endsWith(path.join('offers', 'rygestop.md'))).toBe(true);
      expect(f.warnings.some((w) => w.includes('rygestop.md') && w.includes('field "taskType"'))).toBe(true);
      expect(f.store.get('rygestop')?.title).toBe('Rygestop – kursus og rådgivning');
      expect(f.store.get('rygestop')?.taskType).toBe(6);

      writeFileSync(file, original.replace('title: Rygestop – kursus og rådgivning', 'title: Rygestop, rettet'));
      await waitFor(() => f.store.problems().length === 0 && f.store.get('rygestop')?.title === 'Rygestop, rettet', { what: 'the fixed file' });
    });

    it('reports a new invalid file without adding it', async () => {
      const before = f.store.all().length;
      copyFileSync(path.join(OFFER_FIXTURES, 'invalid/bad-postcode.md'), path.join(f.offersDir, 'bad-postcode.md'));
      await waitFor(() => {
        expect(f.store.problems().map((p) => p.problems)).toEqual([['field "locations[0].postcode": skal være et dansk postnummer på fire cifre']]);
      }, { what: 'the invalid file to be reported' });
      expect(f.store.get('bad-postcode')).toBeUndefined();
      expect(f.store.all().length).toBe(before);
    });
  });

  describe('assertValid', () => {
    const bad = [
      ...markdownFiles(path.join(OFFER_FIXTURES, 'invalid')).filter((x) => x.name === 'bad-postcode' || x.name === 'unknown-field'),
      ...markdownFiles(path.join(OFFER_FIXTURES, 'invalid-references')),
    ];

    it.each(bad)('throws naming $name and its field', ({ name, file }) => {
      copyFileSync(file, path.join(f.offersDir, `${name}.md`));
      const store = new OfferStore({ contentDir: f.dir });
      expect(() => store.assertValid()).toThrow(`${name}.md:\n  - field "${expectedField(file)}"`);
      expect(() => store.assertValid()).toThrow(/^Invalid offer content in 1 file\(s\)/);
    });

    it('lists every invalid file at once', () => {
      for (const { name, file } of bad) copyFileSync(file, path.join(f.offersDir, `${name}.md`));
      const store = new OfferStore({ contentDir: f.dir });
      expect(store.problems()).toHaveLength(bad.length);
      expect(() => store.assertValid()).toThrow(`in ${bad.length} file(s)`);
    });
  });
});
