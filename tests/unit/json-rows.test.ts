/**
 * A referral's progress lists read as JSON inside one statement (db/json-rows.ts) must be the very rows
 * drizzle's own selects give — keys, key order, numbers, nulls, JSON arrays, order — on both engines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonRows } from '../../db/json-rows.ts';
import { asc, desc, eq } from '../../db/orm.ts';
import { insertOrganisations, openTestEngine, referralWriter, type TestEngine } from '../helpers/engines.ts';
import { engines } from '../helpers/postgres.ts';

for (const kind of engines()) {
  describe(`jsonRows on ${kind}`, () => {
    let db: TestEngine;
    beforeEach(async () => { db = await openTestEngine(kind); await insertOrganisations(db.engine); });
    afterEach(async () => { await db.close(); });

    it('gives the rows drizzle gives, for lists with rows and without', async () => {
      const { engine } = db;
      const t = engine.tables;
      const { user, at, referral } = await referralWriter(engine, 'provider');
      await engine.db.insert(t.referrals).values([1, 2].map((id) => referral({ id, citizenRef: `SAG-${id}`, status: 'started' })));
      await engine.db.insert(t.subGoals).values([
        { referralId: 1, text: 'Røgfri i en uge – “helt”', outcome: null, createdBy: user.id, createdAt: at, updatedAt: at },
        { referralId: 1, text: 'Gå en tur', outcome: 'achieved', createdBy: user.id, createdAt: at, updatedAt: at },
      ]);
      await engine.db.insert(t.who5Scores).values([
        { referralId: 1, phase: 'start', items: [1, 2, 3, 4, 5], score: 60, recordedBy: user.id, recordedAt: at },
        { referralId: 1, phase: 'end', items: [5, 5, 4, 4, 3], score: 84, recordedBy: user.id, recordedAt: at },
      ]);
      await engine.db.insert(t.closingReports).values({ referralId: 1, summary: 'Gennemført', recommendation: null, recordedBy: user.id, recordedAt: at });
      await engine.db.insert(t.proposals).values({ referralId: 1, offerSlug: 'angstskolen', reason: 'Angst fylder', proposedBy: user.id, proposedAt: at });

      const r = t.referrals;
      const lists = {
        subGoals: [t.subGoals, asc(t.subGoals.id)],
        who5: [t.who5Scores, desc(t.who5Scores.phase)],
        closingReports: [t.closingReports, asc(t.closingReports.referralId)],
        proposals: [t.proposals, asc(t.proposals.id)],
      } as const;
      for (const id of [1, 2]) {
        const [row] = await engine.db.select({
          subGoals: jsonRows(kind, t.subGoals, eq(t.subGoals.referralId, r.id), asc(t.subGoals.id)),
          who5: jsonRows(kind, t.who5Scores, eq(t.who5Scores.referralId, r.id), desc(t.who5Scores.phase)),
          closingReports: jsonRows(kind, t.closingReports, eq(t.closingReports.referralId, r.id), asc(t.closingReports.referralId)),
          proposals: jsonRows(kind, t.proposals, eq(t.proposals.referralId, r.id), asc(t.proposals.id)),
        }).from(r).where(eq(r.id, id));
        for (const [name, [table, order]] of Object.entries(lists)) {
          const plain = await engine.db.select().from(table).where(eq(table.referralId, id)).orderBy(order);
          const got = (row as Record<string, Record<string, unknown>[]>)[name]!;
          expect(got, `${name} of ${id}`).toEqual(plain);
          expect(got.map((o) => Object.keys(o)), `${name} keys`).toEqual(plain.map((o) => Object.keys(o)));
          if (id === 1) expect(got.length, name).toBeGreaterThan(0);
        }
      }
    });
  });
}
