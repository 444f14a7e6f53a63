/**
 * The seat counts the database keeps (seat_counts, triggers in the migrations) stay equal to a recount of
 * the referrals when one statement writes many rows at once — an import, a bulk status change, a renamed
 * offer's slug, a delete — on both engines. (The app's own writes, one referral at a time, are checked
 * through the API in tests/api/capacity.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, inArray } from '../../db/orm.ts';
import { insertOrganisations, openTestEngine, referralWriter, type TestEngine } from '../helpers/engines.ts';
import { engines } from '../helpers/postgres.ts';

const STATUSES = ['sent', 'accepted', 'started', 'waitlisted', 'completed', 'declined'] as const;

for (const kind of engines()) {
  describe(`seat counts on ${kind}`, () => {
    let db: TestEngine;
    beforeEach(async () => { db = await openTestEngine(kind); await insertOrganisations(db.engine); });
    afterEach(async () => { await db.close(); });

    const kept = async () => (await db.engine.query<{ offer_slug: string; cohort_key: number; taken: number; waiting: number }>(
      'select offer_slug, cohort_key, taken, waiting from seat_counts where taken <> 0 or waiting <> 0 order by offer_slug, cohort_key'))
      .map((r) => `${r.offer_slug}/${Number(r.cohort_key)}: ${Number(r.taken)} taken, ${Number(r.waiting)} waiting`);
    const recount = async () => (await db.engine.query<{ offer_slug: string; cohort_key: number; taken: number; waiting: number }>(
      `select offer_slug, coalesce(cohort_id, 0) as cohort_key,
              sum(case when status in ('accepted', 'started') then 1 else 0 end) as taken,
              sum(case when status = 'waitlisted' then 1 else 0 end) as waiting
         from referrals group by offer_slug, coalesce(cohort_id, 0)
       having sum(case when status in ('accepted', 'started', 'waitlisted') then 1 else 0 end) > 0
       order by offer_slug, coalesce(cohort_id, 0)`))
      .map((r) => `${r.offer_slug}/${Number(r.cohort_key)}: ${Number(r.taken)} taken, ${Number(r.waiting)} waiting`);

    it('follow inserts, updates and deletes of many rows in one statement', async () => {
      const { engine } = db;
      const t = engine.tables;
      const { at, referral } = await referralWriter(engine, 'caseworker');
      const [cohort] = await engine.db.insert(t.cohorts).values({ offerSlug: 'angstskolen', startsOn: '2027-01-01', endsOn: '2027-03-01', seats: 10, updatedAt: at }).returning();
      const rows = Array.from({ length: 300 }, (_, i) => referral({
        offerSlug: ['angstskolen', 'rygestop', 'mindfulness-online'][i % 3]!, cohortId: i % 3 === 0 && Math.floor(i / 3) % 4 < 2 ? cohort!.id : null,
        citizenRef: `SAG-${i}`, status: STATUSES[Math.floor(i / 3) % STATUSES.length]!,
      }));
      await engine.db.insert(t.referrals).values(rows);
      expect((await kept()).length).toBeGreaterThan(3);
      expect(await kept()).toEqual(await recount());

      const r = t.referrals;
      await engine.db.update(r).set({ status: 'accepted' }).where(eq(r.status, 'waitlisted'));
      expect(await kept()).toEqual(await recount());
      await engine.db.update(r).set({ offerSlug: 'rygestop-nyt-navn' }).where(eq(r.offerSlug, 'rygestop'));
      expect(await kept()).toEqual(await recount());
      await engine.db.update(r).set({ cohortId: null }).where(eq(r.offerSlug, 'angstskolen'));
      await engine.db.update(r).set({ note: 'ændrer intet talt' }).where(eq(r.offerSlug, 'mindfulness-online'));
      expect(await kept()).toEqual(await recount());
      await engine.db.delete(r).where(inArray(r.status, ['started', 'sent']));
      expect(await kept()).toEqual(await recount());
      await engine.transaction(async (tx) => {
        await tx.update(r).set({ status: 'completed' }).where(eq(r.offerSlug, 'mindfulness-online'));
        await tx.update(r).set({ status: 'waitlisted' }).where(eq(r.offerSlug, 'rygestop-nyt-navn'));
      });
      expect(await kept()).toEqual(await recount());
    });
  });
}
