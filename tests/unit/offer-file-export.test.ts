/** Markdown round trip: files seed the database, the database exports files, and importing them changes nothing. */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfferStore } from '../../db/content/offer-store.ts';
import { exportOfferFiles } from '../../db/offers/file-export.ts';
import { OfferFileSync } from '../../db/offers/file-sync.ts';
import { OfferRepository, offerFileText } from '../../db/offers/repository.ts';
import { insertOrganisations, openTestEngine, type TestEngine } from '../helpers/engines.ts';
import { engines } from '../helpers/postgres.ts';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../../content');

for (const kind of engines()) {
  describe(`offer files and the database on ${kind}`, () => {
    let db: TestEngine;
    let repo: OfferRepository;
    let content: string;
    const importFolder = async (dir: string) => {
      const sync = new OfferFileSync(new OfferStore({ contentDir: dir }), repo);
      try { return await sync.sync(); } finally { sync.close(); }
    };
    beforeEach(async () => {
      db = await openTestEngine(kind);
      await insertOrganisations(db.engine);
      repo = new OfferRepository(db.engine);
      content = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-export-'));
      cpSync(CONTENT_DIR, content, { recursive: true });
    });
    afterEach(async () => { await db.close(); rmSync(content, { recursive: true, force: true }); });

    it('seeds every demo offer, exports them, and makes no revision when the exported files come back', async () => {
      const files = readdirSync(path.join(content, 'offers')).filter((n) => n.endsWith('.md'));
      expect((await importFolder(content)).created).toBe(files.length);
      const out = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-export-out-'));
      try {
        const report = await exportOfferFiles(repo, out);
        expect(report.written.sort()).toEqual([...files].sort());
        // Exported text is the stored text: the repo's own files round-trip unchanged.
        const changedByExport = files.filter((n) => readFileSync(path.join(out, n), 'utf8') !== readFileSync(path.join(content, 'offers', n), 'utf8'));
        const reexport = await exportOfferFiles(repo, path.join(content, 'offers'));
        expect(reexport.written.sort()).toEqual(changedByExport.sort());
        const again = await importFolder(content);
        expect(again.created).toBe(0);
      } finally { rmSync(out, { recursive: true, force: true }); }
    });

    it('writes a browser edit and a rename back as files, and reports or prunes the file of the old name', async () => {
      await importFolder(content);
      const offersDir = path.join(content, 'offers');
      await exportOfferFiles(repo, offersDir); // the hand-written demo files in the stored form first
      const [first] = await repo.latest();
      await repo.saveRevision({ offer: { ...first!.offer, title: 'Ny titel fra browseren' }, source: 'editor' });
      await repo.rename(first!.id, `${first!.slug}-ny`);
      const report = await exportOfferFiles(repo, offersDir);
      expect(report.written).toEqual([`${first!.slug}-ny.md`]);
      expect(report.stale).toEqual([`${first!.slug}.md`]);
      expect(readFileSync(path.join(offersDir, `${first!.slug}-ny.md`), 'utf8')).toContain('Ny titel fra browseren');
      const pruned = await exportOfferFiles(repo, offersDir, { prune: true });
      expect(pruned).toMatchObject({ written: [], removed: [`${first!.slug}.md`] });
      const revisionsBefore = (await repo.revisions(first!.id)).length;
      expect((await importFolder(content)).created).toBe(0);
      expect(await repo.revisions(first!.id)).toHaveLength(revisionsBefore);
    });

    it('keeps only the hashes of imported files in memory, and still imports a file changed afterwards', async () => {
      const store = new OfferStore({ contentDir: content });
      const sync = new OfferFileSync(store, repo);
      try {
        const files = readdirSync(path.join(content, 'offers')).filter((n) => n.endsWith('.md'));
        expect((await sync.sync()).created).toBe(files.length);
        expect(store.all()).toEqual([]); // the database holds the offers now, not a second copy here
        expect(store.validFiles().every((v) => v.offer === undefined)).toBe(true);
        const file = path.join(content, 'offers', 'rygestop.md');
        writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Rygestop med nyt navn'));
        store.reload();
        expect(await sync.sync()).toMatchObject({ created: 1, unchanged: files.length - 1 });
        expect((await repo.findBySlug('rygestop'))?.title).toBe('Rygestop med nyt navn');
        expect(store.all()).toEqual([]);
      } finally { sync.close(); }
    });

    it('with parsing deferred (the server\'s store): imports the same, then a restart parses no file it imported before', async () => {
      const files = readdirSync(path.join(content, 'offers')).filter((n) => n.endsWith('.md'));
      const start = () => {
        const store = new OfferStore({ contentDir: content, deferParsing: true });
        const parsed: string[] = [];
        const parseFiles = store.parseFiles.bind(store);
        store.parseFiles = (names) => { const list = [...names]; parsed.push(...list); return parseFiles(list); };
        return { store, parsed, sync: new OfferFileSync(store, repo) };
      };
      const first = start();
      expect(first.store.problems()).toEqual([]);
      expect(first.store.unparsedFiles().map((f) => f.name).sort()).toEqual([...files].sort());
      expect(await first.sync.sync()).toEqual({ created: files.length, unchanged: 0, invalid: 0, archived: 0 });
      expect(first.parsed.sort()).toEqual([...files].sort());
      expect(first.store.unparsedFiles()).toEqual([]);
      expect(first.store.validFiles().every((v) => v.offer === undefined)).toBe(true);
      first.sync.close();
      // The same as a store that parses every file up front imports.
      const published = (await repo.published()).map((s) => [s.slug, offerFileText(s.offer)]);
      expect(published.map(([slug]) => `${slug}.md`).sort()).toEqual([...files].sort());

      // A restart: the hand-written files (not in the stored form) are known by their own hash, not parsed.
      // One is changed meanwhile, and one made invalid: only those two are parsed.
      const offersDir = path.join(content, 'offers');
      writeFileSync(path.join(offersDir, 'rygestop.md'), readFileSync(path.join(offersDir, 'rygestop.md'), 'utf8').replace(/^title: .*$/m, 'title: Rygestop efter genstart'));
      writeFileSync(path.join(offersDir, 'angstskolen.md'), readFileSync(path.join(offersDir, 'angstskolen.md'), 'utf8').replace(/^taskType: .*$/m, 'taskType: 11'));
      const again = start();
      try {
        expect(await again.sync.sync()).toEqual({ created: 1, unchanged: files.length - 2, invalid: 1, archived: 0 });
        expect(again.parsed.sort()).toEqual(['angstskolen.md', 'rygestop.md']);
        expect(again.store.problems().map((p) => p.file)).toEqual([expect.stringMatching(/angstskolen\.md$/)]);
        expect((await repo.findBySlug('rygestop'))?.title).toBe('Rygestop efter genstart');
        expect((await repo.published()).find((s) => s.slug === 'angstskolen')!.revisionNumber).toBe(1);
        // Followed while it runs: a file changed again is parsed and imported like any other.
        writeFileSync(path.join(offersDir, 'rygestop.md'), readFileSync(path.join(offersDir, 'rygestop.md'), 'utf8').replace(/^title: .*$/m, 'title: Rygestop, tredje udgave'));
        again.store.reload();
        expect(await again.sync.sync()).toMatchObject({ created: 1, invalid: 1 });
        expect((await repo.findBySlug('rygestop'))?.title).toBe('Rygestop, tredje udgave');
      } finally { again.sync.close(); }
    });

    it('knows an exported file (in the stored form) by its content hash, though its offer was imported from a file that read differently', async () => {
      await importFolder(content);
      const offersDir = path.join(content, 'offers');
      await exportOfferFiles(repo, offersDir);
      // The exported files are new text: imported once more as themselves (no revision: same content) …
      const store = new OfferStore({ contentDir: content, deferParsing: true });
      const parsed: string[] = [];
      const parseFiles = store.parseFiles.bind(store);
      store.parseFiles = (names) => { const list = [...names]; parsed.push(...list); return parseFiles(list); };
      const sync = new OfferFileSync(store, repo);
      try {
        const files = readdirSync(offersDir).filter((n) => n.endsWith('.md'));
        // … and known without parsing, since each is byte for byte its stored revision's text.
        expect(await sync.sync()).toEqual({ created: 0, unchanged: files.length, invalid: 0, archived: 0 });
        expect(parsed).toEqual([]);
      } finally { sync.close(); }
    });

    it('leaves an invalid file alone and imports nothing from it', async () => {
      writeFileSync(path.join(content, 'offers', 'ugyldig.md'), '---\ntitle: mangler alt\n---\n');
      const report = await importFolder(content);
      expect(report.invalid).toBe(1);
      expect(await repo.findBySlug('ugyldig')).toBeUndefined();
    });
  });
}
