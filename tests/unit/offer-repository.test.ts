/** Offers as records with revisions, on SQLite and on a real PostgreSQL server. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseOfferFile } from '../../core/catalogue/content/offer-file.ts';
import type { Offer } from '../../core/catalogue/offer-schema.ts';
import { LiveOffers } from '../../db/offers/live-offers.ts';
import { OfferRepository, RevisionConflict, offerFileText, type SaveResult, type SaveRevisionInput, type StoredOffer } from '../../db/offers/repository.ts';
import { insertOrganisations, openTestEngine, type TestEngine } from '../helpers/engines.ts';
import { engines } from '../helpers/postgres.ts';

const OFFERS_DIR = path.resolve(import.meta.dirname, '../../content/offers');
const demoOffer = (slug: string): Offer => parseOfferFile(readFileSync(path.join(OFFERS_DIR, `${slug}.md`), 'utf8'), `${slug}.md`, slug);
const edited = (offer: Offer, changes: Partial<Offer>): Offer => ({ ...offer, ...changes });

/** Every offer, revision and redirect as comparable values: ids and times left out, revisions named by offer slug and number. */
async function rowsOf(db: TestEngine) {
  const offers = await db.engine.query<Record<string, unknown>>('select * from offers order by slug');
  const revisions = await db.engine.query<Record<string, unknown>>('select * from offer_revisions order by id');
  const redirects = await db.engine.query<Record<string, unknown>>('select old_slug, offer_id from offer_slug_redirects order by old_slug');
  const slugOf = new Map(offers.map((o) => [o.id, o.slug]));
  const revisionName = new Map(revisions.map((r) => [r.id, `${String(slugOf.get(r.offer_id))}#${String(r.number)}`]));
  const name = (id: unknown) => (id === null ? null : revisionName.get(id));
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) as unknown : v);
  return {
    offers: offers.map(({ id: _id, created_at: _c, updated_at: _u, published_revision_id: p, latest_revision_id: l, pending_revision_id: q, risk_groups: rg, benefit_groups: bg, themes, ...o }) => ({
      ...o, risk_groups: json(rg), benefit_groups: json(bg), themes: json(themes), published: name(p), latest: name(l), pending: name(q),
    })),
    revisions: [...revisions].map(({ id, offer_id: _o, created_at: _c, based_on_revision_id: b, data, ...r }) => ({ ...r, name: name(id), data: json(data), basedOn: name(b) }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    redirects: redirects.map((r) => ({ oldSlug: r.old_slug, slug: slugOf.get(r.offer_id) })),
  };
}

for (const kind of engines()) {
  describe(`OfferRepository on ${kind}`, () => {
    let db: TestEngine;
    let repo: OfferRepository;
    beforeEach(async () => {
      db = await openTestEngine(kind);
      await insertOrganisations(db.engine);
      repo = new OfferRepository(db.engine);
    });
    afterEach(async () => db.close());

    it('creates an offer with its first revision, and makes no revision for unchanged content', async () => {
      const offer = demoOffer('angstskolen');
      const first = await repo.saveRevision({ offer, source: 'file', sourceRef: 'content/offers/angstskolen.md' });
      expect(first).toMatchObject({ created: true, revisionNumber: 1 });
      const again = await repo.saveRevision({ offer: demoOffer('angstskolen'), source: 'file' });
      expect(again).toEqual({ ...first, created: false, changed: false });
      const [stored] = await repo.published();
      expect(stored).toMatchObject({ id: first.offerId, slug: 'angstskolen', state: 'published', revisionNumber: 1 });
      // The stored revision gives back the same file text, byte for byte (PostgreSQL's jsonb reorders keys).
      expect(offerFileText(stored!.offer)).toBe(offerFileText(offer));
      expect(stored!.offer.html).toContain('<');
    });

    it('keeps every revision, each based on the one before, and publishes the newest', async () => {
      const offer = demoOffer('angstskolen');
      const first = await repo.saveRevision({ offer, source: 'file' });
      const second = await repo.saveRevision({ offer: edited(offer, { title: 'Angstskolen – nyt navn' }), source: 'editor' });
      expect(second).toMatchObject({ offerId: first.offerId, revisionNumber: 2, created: true });
      const revisions = await repo.revisions(first.offerId);
      expect(revisions.map((r) => [r.number, r.source, r.basedOnRevisionId])).toEqual([[1, 'file', null], [2, 'editor', first.revisionId]]);
      expect((await repo.published())[0]!.offer.title).toBe('Angstskolen – nyt navn');
      expect((await repo.revision(first.revisionId))!.title).toBe(offer.title);
    });

    it('keeps an unpublished save as a draft, out of the published catalogue', async () => {
      const offer = demoOffer('angstskolen');
      await repo.saveRevision({ offer: edited(offer, { published: false }), source: 'file' });
      expect(await repo.published()).toEqual([]);
      expect((await repo.latest()).map((o) => [o.slug, o.state])).toEqual([['angstskolen', 'draft']]);
    });

    it('keeps the published revision live under an editor\'s draft, and publishes the draft when asked', async () => {
      const offer = demoOffer('angstskolen');
      const first = await repo.saveRevision({ offer, source: 'file' });
      const draft = await repo.saveRevision({ offer: edited(offer, { title: 'Kladde' }), source: 'editor', intent: 'draft', expectedLatestRevisionId: first.revisionId });
      const [live] = await repo.published();
      expect([live!.offer.title, live!.revisionId]).toEqual([offer.title, first.revisionId]);
      expect((await repo.findBySlug('angstskolen'))).toMatchObject({ state: 'published', latestRevisionId: draft.revisionId, publishedRevisionId: first.revisionId, title: offer.title });
      const published = await repo.saveRevision({ offer: edited(offer, { title: 'Kladde' }), source: 'editor', intent: 'publish' });
      expect(published).toMatchObject({ created: false, changed: true, revisionId: draft.revisionId });
      expect((await repo.published())[0]!.offer.title).toBe('Kladde');
    });

    it('refuses a save based on a revision that is no longer the latest, writing nothing', async () => {
      const offer = demoOffer('angstskolen');
      const first = await repo.saveRevision({ offer, source: 'file' });
      await repo.saveRevision({ offer: edited(offer, { title: 'Først' }), source: 'editor', intent: 'publish', expectedLatestRevisionId: first.revisionId });
      await expect(repo.saveRevision({ offer: edited(offer, { title: 'Sidst' }), source: 'editor', intent: 'publish', expectedLatestRevisionId: first.revisionId }))
        .rejects.toBeInstanceOf(RevisionConflict);
      expect((await repo.revisions(first.offerId)).length).toBe(2);
      expect((await repo.published())[0]!.offer.title).toBe('Først');
    });

    it('holds a submitted change until it is approved, and lets it be sent back', async () => {
      const offer = demoOffer('angstskolen');
      const first = await repo.saveRevision({ offer, source: 'file' });
      const submitted = await repo.saveRevision({ offer: edited(offer, { title: 'Til godkendelse' }), source: 'editor', intent: 'submit' });
      expect((await repo.findBySlug('angstskolen'))!.pendingRevisionId).toBe(submitted.revisionId);
      expect((await repo.published())[0]!.offer.title).toBe(offer.title);
      await repo.rejectPending(first.offerId);
      expect((await repo.findBySlug('angstskolen'))!.pendingRevisionId).toBeNull();
      await expect(repo.approve(first.offerId, submitted.revisionId)).rejects.toBeInstanceOf(RevisionConflict);
      const again = await repo.saveRevision({ offer: edited(offer, { title: 'Til godkendelse' }), source: 'editor', intent: 'submit' });
      await repo.approve(first.offerId, again.revisionId);
      expect((await repo.published())[0]!.offer.title).toBe('Til godkendelse');
      expect((await repo.pending())).toEqual([]);
    });

    it('restores an archived offer, and an earlier revision as a new one', async () => {
      const offer = demoOffer('angstskolen');
      const first = await repo.saveRevision({ offer, source: 'file' });
      const second = await repo.saveRevision({ offer: edited(offer, { title: 'Nyere' }), source: 'editor', intent: 'publish' });
      await repo.archive(first.offerId);
      expect(await repo.published()).toEqual([]);
      await repo.restore(first.offerId);
      expect((await repo.published())[0]!.offer.title).toBe('Nyere');
      const reverted = await repo.revert(first.offerId, 1, { authorId: null as unknown as number, intent: 'publish', expectedLatestRevisionId: second.revisionId });
      expect(reverted).toMatchObject({ created: true, revisionNumber: 3 });
      expect((await repo.published())[0]!.offer.title).toBe(offer.title);
      expect((await repo.revisions(first.offerId)).at(-1)).toMatchObject({ sourceRef: 'restore:1', basedOnRevisionId: second.revisionId });
    });

    it('re-reads only the offers a change names, and ends up where a full read would', async () => {
      const [a, b, c] = ['angstskolen', 'rygestop', 'mindfulness-online'].map(demoOffer);
      const saved = await repo.saveRevisions([a!, b!, c!].map((offer) => ({ offer, source: 'file' as const })));
      const live = new LiveOffers(repo, []);
      await live.load();
      const changes: unknown[] = [];
      live.subscribe((change) => changes.push(change));
      await repo.saveRevision({ offer: edited(a!, { title: 'Å som i Angstskolen' }), source: 'editor', intent: 'publish' });
      await repo.archive(saved[1]!.offerId);
      await live.load([saved[0]!.offerId, saved[1]!.offerId]);
      expect(changes).toEqual([{ full: false, removed: ['rygestop'], upserted: [expect.objectContaining({ slug: 'angstskolen', title: 'Å som i Angstskolen' })] }]);
      const full = new LiveOffers(repo, []);
      await full.load();
      expect(live.all().map((o) => o.title)).toEqual(full.all().map((o) => o.title));
      expect(live.version).toBe(full.version);
      expect(live.get('rygestop')).toBeUndefined();
    });

    it('keeps summaries of the live offers, reads an offer whole on demand, and searches what is published now', async () => {
      const [a, b] = ['angstskolen', 'rygestop'].map(demoOffer);
      const [savedA] = await repo.saveRevisions([a!, b!].map((offer) => ({ offer, source: 'file' as const })));
      const live = new LiveOffers(repo, []);
      await live.load();
      // In memory: the fields lists and seat checks read, not the texts.
      const summary = live.get('angstskolen')!;
      expect(summary).toMatchObject({ slug: 'angstskolen', title: a!.title, capacity: a!.capacity, referral: { routes: a!.referral.routes, intake: a!.referral.intake } });
      for (const field of ['body', 'html', 'contact', 'locations', 'internal', 'owner']) expect(summary, field).not.toHaveProperty(field);
      // Whole on demand, at the published revision; a new revision is read again, not served from the cache.
      const whole = await live.full('angstskolen');
      expect(whole?.body).toBe(a!.body);
      expect(whole?.contact).toEqual(a!.contact);
      expect(await live.full('angstskolen')).toBe(whole);
      expect(await live.full('findes-ikke')).toBeUndefined();
      await repo.saveRevision({ offer: edited(a!, { body: `${a!.body}\n\nNyt afsnit om zqxkursus.` }), source: 'editor', intent: 'publish' });
      await live.load([savedA!.offerId]);
      expect((await live.full('angstskolen'))?.body).toContain('zqxkursus');
      // The search engine was kept up to date with the offers.
      const hits = live.engine()!.match('zqxkursus');
      expect(hits.map((h) => h.slug)).toEqual(['angstskolen']);
    });

    it('redirects an old slug to the new one after a rename, through a chain of renames', async () => {
      const { offerId } = await repo.saveRevision({ offer: demoOffer('angstskolen'), source: 'file' });
      await repo.rename(offerId, 'angstskolen-2027');
      await repo.rename(offerId, 'angstskolen-ny');
      expect(await repo.redirectFor('angstskolen')).toBe('angstskolen-ny');
      expect(await repo.redirectFor('angstskolen-2027')).toBe('angstskolen-ny');
      expect(await repo.redirectFor('ukendt')).toBeUndefined();
      expect((await repo.findBySlug('angstskolen-ny'))?.id).toBe(offerId);
      // The rename is a revision: the published offer answers under its new slug, with the old content otherwise.
      const [live] = await repo.published();
      expect([live!.slug, live!.offer.slug, live!.offer.title]).toEqual(['angstskolen-ny', 'angstskolen-ny', demoOffer('angstskolen').title]);
      expect((await repo.revisions(offerId)).map((r) => [r.number, r.sourceRef])).toEqual([[1, null], [2, 'rename:angstskolen'], [3, 'rename:angstskolen-2027']]);
    });

    it('takes an archived offer out of the catalogue and its redirects', async () => {
      const { offerId } = await repo.saveRevision({ offer: demoOffer('angstskolen'), source: 'file' });
      await repo.rename(offerId, 'angstskolen-ny');
      await repo.archive(offerId);
      expect(await repo.published()).toEqual([]);
      expect(await repo.redirectFor('angstskolen')).toBeUndefined();
    });

    it('makes one offer and one revision when the same new file is imported many times at once', async () => {
      const saves = await Promise.all(Array.from({ length: 8 }, () => repo.saveRevision({ offer: demoOffer('angstskolen'), source: 'file' })));
      expect(new Set(saves.map((s) => s.offerId)).size).toBe(1);
      expect(saves.filter((s) => s.created)).toHaveLength(1);
      expect(await repo.revisions(saves[0]!.offerId)).toHaveLength(1);
      expect(await repo.count()).toBe(1);
    });

    it('does not let an unchanged file undo a later save from the browser, but does import a changed file', async () => {
      const offer = demoOffer('angstskolen');
      await repo.saveRevision({ offer, source: 'file' });
      await repo.saveRevision({ offer: edited(offer, { title: 'Rettet i browseren' }), source: 'editor' });
      const reread = await repo.saveRevision({ offer: demoOffer('angstskolen'), source: 'file' });
      expect(reread).toMatchObject({ created: false, revisionNumber: 2 });
      expect((await repo.published())[0]!.offer.title).toBe('Rettet i browseren');
      const changedFile = await repo.saveRevision({ offer: edited(offer, { title: 'Rettet i filen' }), source: 'file' });
      expect(changedFile).toMatchObject({ created: true, revisionNumber: 3 });
    });

    it('reads every offer a page at a time: the same offers, revisions and texts, in the same order, as in one read', async () => {
      const slugs = readdirSync(OFFERS_DIR).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3));
      await repo.saveRevisions(slugs.map((slug) => ({ offer: demoOffer(slug), source: 'file' as const })));
      // A rename, a draft over a published offer, an unpublished offer and an archived one: each read picks its own.
      const [first, second, third, fourth] = await repo.latest();
      await repo.rename(first!.id, 'zz-omdoebt');
      await repo.saveRevision({ offer: edited(second!.offer, { title: 'Kladde' }), source: 'editor', intent: 'draft' });
      await repo.saveRevision({ offer: edited(third!.offer, { published: false }), source: 'file' });
      await repo.archive(fourth!.id);
      const view = (stored: StoredOffer[]) => stored.map((s) => [s.id, s.slug, s.state, s.revisionId, s.revisionNumber, offerFileText(s.offer), s.offer.body, s.freshness]);
      for (const read of [(pageRows: number) => repo.published(undefined, { pageRows }), (pageRows: number) => repo.latest({ pageRows })]) {
        const whole = await read(10_000);
        expect(whole.map((s) => s.slug)).toEqual([...whole.map((s) => s.slug)].sort());
        // Pages of 7, 1 and one that ends exactly on a page boundary.
        for (const pageRows of [7, 1, whole.length]) expect(view(await read(pageRows)), `pages of ${pageRows}`).toEqual(view(whole));
      }
      expect((await repo.published()).map((s) => s.slug)).toHaveLength(slugs.length - 2);
      expect((await repo.published()).at(-1)!.slug).toBe('zz-omdoebt');
      expect((await repo.latest()).find((s) => s.id === second!.id)!.offer.title).toBe('Kladde');
      const some = [first!.id, second!.id, fourth!.id];
      expect(view(await repo.published(some, { pageRows: 1 }))).toEqual(view((await repo.published()).filter((s) => some.includes(s.id))));
    });

    it('gives each offer of one read its own objects, and the texts they were saved with', async () => {
      const [a, b] = ['angstskolen', 'rygestop'].map(demoOffer);
      await repo.saveRevisions([a!, b!].map((offer) => ({ offer, source: 'file' as const })));
      const [x, y] = (await repo.published(undefined, { pageRows: 1 })).map((s) => s.offer);
      // Shared strings are not observable in JS; shared objects would be (an offer may be copied and changed).
      expect(x!.provider).not.toBe(y!.provider);
      expect(x!.legalBasis).not.toBe(y!.legalBasis);
      expect(offerFileText(x!)).toBe(offerFileText(a!));
      expect(offerFileText(y!)).toBe(offerFileText(b!));
    });

    it('knows the last file import of each offer: its text\'s hashes and its file', async () => {
      const offer = demoOffer('angstskolen');
      await repo.saveRevision({ offer, source: 'file', sourceRef: 'offers/angstskolen.md', fileHash: 'hash of the file as written' });
      await repo.saveRevision({ offer: edited(offer, { title: 'Fra browseren' }), source: 'editor' });
      await repo.saveRevision({ offer: demoOffer('rygestop'), source: 'editor' });
      const last = await repo.lastFileImports(['angstskolen', 'rygestop', 'ukendt']);
      expect([...last.keys()]).toEqual(['angstskolen']);
      expect(last.get('angstskolen')).toEqual({ contentHash: createHash('sha256').update(offerFileText(offer)).digest('hex'), fileHash: 'hash of the file as written', sourceRef: 'offers/angstskolen.md' });
      await repo.saveRevision({ offer: edited(offer, { title: 'Ny fil' }), source: 'file', sourceRef: 'offers/angstskolen.md', fileHash: 'the new file' });
      expect((await repo.lastFileImports(['angstskolen'])).get('angstskolen')!.fileHash).toBe('the new file');
      expect(await repo.lastFileImports([])).toEqual(new Map());
    });

    it('writes a batch of new offers, mixed with other saves, as the same rows as one save at a time', async () => {
      const slugs = readdirSync(OFFERS_DIR).filter((n) => n.endsWith('.md')).map((n) => n.slice(0, -3)).slice(0, 12);
      const offers = slugs.map(demoOffer);
      const setUp = async (r: OfferRepository) => {
        // Taken before the batch: one slug as an offer, one as an old address (a redirect the new offer takes over).
        const { offerId } = await r.saveRevision({ offer: offers[0]!, source: 'file', sourceRef: `offers/${slugs[0]}.md` });
        const { offerId: renamed } = await r.saveRevision({ offer: offers[1]!, source: 'editor', authorId: null });
        await r.rename(renamed, `${slugs[1]}-omdoebt`);
        return offerId;
      };
      const batch: SaveRevisionInput[] = [
        ...offers.slice(2, 5).map((offer, i) => ({ offer, source: 'file' as const, sourceRef: `offers/${offer.slug}.md`, fileHash: `hash ${i}` })),
        { offer: edited(offers[0]!, { title: 'Ændret fil' }), source: 'file', sourceRef: `offers/${slugs[0]}.md` }, // an existing offer
        { offer: offers[1]!, source: 'file' }, // a new offer under the renamed one's old slug
        { offer: edited(offers[5]!, { published: false }), source: 'file' }, // a draft
        { offer: offers[6]!, source: 'file' }, { offer: edited(offers[6]!, { title: 'Samme fil to gange' }), source: 'file' }, // one slug twice
        { offer: offers[7]!, source: 'editor', intent: 'submit', basedOnRevisionId: null }, // not a plain save
        ...offers.slice(8).map((offer) => ({ offer, source: 'import' as const })),
      ];
      const other = await openTestEngine(kind);
      try {
        await insertOrganisations(other.engine);
        const oneByOne = new OfferRepository(other.engine);
        await Promise.all([setUp(repo), setUp(oneByOne)]);
        const together = await repo.saveRevisions(batch);
        const single: SaveResult[] = [];
        for (const input of batch) single.push(await oneByOne.saveRevision(input));
        const shape = (results: SaveResult[]) => results.map(({ offerId: _id, revisionId: _rev, ...r }) => r);
        expect(shape(together)).toEqual(shape(single));
        expect(new Set(together.map((r) => r.offerId)).size).toBe(new Set(single.map((r) => r.offerId)).size);
        expect(await rowsOf(db)).toEqual(await rowsOf(other));
      } finally { await other.close(); }
    });

    it('tells its listeners which offers changed, after the commit', async () => {
      const changes: string[][] = [];
      repo.onChange((c) => changes.push(c.offerIds));
      const { offerId } = await repo.saveRevision({ offer: demoOffer('angstskolen'), source: 'file' });
      await repo.saveRevision({ offer: demoOffer('angstskolen'), source: 'file' });
      expect(changes).toEqual([[offerId]]);
    });

    // Several processes share a database only on PostgreSQL (SQLite is the one-process default; two
    // connections in one test process would wait on each other's write lock synchronously).
    if (kind === 'postgres') {
      it('makes one revision when two processes import the same changed file at once', async () => {
        const other = new OfferRepository(await db.another());
        const offer = demoOffer('angstskolen');
        await repo.saveRevision({ offer, source: 'file' });
        const changed = edited(offer, { title: 'Angstskolen (ny udgave)' });
        const saves = await Promise.all([repo, other, repo, other].map((r) => r.saveRevision({ offer: changed, source: 'file' })));
        expect(saves.filter((s) => s.created)).toHaveLength(1);
        expect((await repo.revisions(saves[0]!.offerId)).map((r) => r.number)).toEqual([1, 2]);
      });

      it('tells the listeners of another process about a change within a second (LISTEN/NOTIFY)', async () => {
        const other = new OfferRepository(await db.another());
        const heard: string[][] = [];
        other.onChange((c) => heard.push(c.offerIds));
        const live = new LiveOffers(other, []);
        other.onChange(() => void live.load());
        await live.load();
        await new Promise((r) => setTimeout(r, 200)); // the other process's LISTEN connection is up
        const { offerId } = await repo.saveRevision({ offer: demoOffer('angstskolen'), source: 'editor' });
        const started = Date.now();
        while (!live.get('angstskolen') && Date.now() - started < 1_000) await new Promise((r) => setTimeout(r, 20));
        expect(live.get('angstskolen')?.title).toBe(demoOffer('angstskolen').title);
        expect(heard).toContainEqual([offerId]);
      });
    }
  });
}
