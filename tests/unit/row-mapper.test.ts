/**
 * Prepared queries map flat rows with a mapper made once per query (db/row-mapper.ts) instead of drizzle's
 * generic per-value mapping. The objects must be the very ones drizzle makes — keys, key order, nulls,
 * booleans, JSON and counts — on both engines, in and out of a transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, count, eq, sql } from '../../db/orm.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { flatRowMapper } from '../../db/row-mapper.ts';
import { insertOrganisations, openTestEngine, type TestEngine } from '../helpers/engines.ts';
import { engines } from '../helpers/postgres.ts';

describe('flatRowMapper', () => {
  it('leaves nested selections and selections without fields to drizzle', () => {
    expect(flatRowMapper(undefined)).toBeUndefined();
    expect(flatRowMapper([])).toBeUndefined();
    expect(flatRowMapper([{ path: ['user', 'id'], field: sql`1` }])).toBeUndefined();
  });
});

for (const kind of engines()) {
  describe(`prepared reads map their rows as drizzle does, on ${kind}`, () => {
    let db: TestEngine;
    beforeEach(async () => {
      db = await openTestEngine(kind);
      await insertOrganisations(db.engine);
      const t = db.engine.tables;
      await db.engine.db.insert(t.users).values([
        { email: 'a@x.dk', name: 'Åse Ærø', role: 'provider', alsoEditor: true, active: false, organisationId: 'sundhedscenter-aadal', passwordHash: 'h' },
        { email: 'b@x.dk', name: 'Bo', role: 'caseworker', organisationId: 'jobcenter-aadal', unitId: null, passwordHash: 'h' },
      ]);
      await db.engine.db.insert(t.offers).values({
        id: 'o-1', slug: 'rygestop', organisationId: 'sundhedscenter-aadal', state: 'published', title: 'Rygestop – på 6 uger',
        taskType: 4, intake: 'direct', capacityModel: 'seats', riskGroups: ['rygning', 'kol'], benefitGroups: [], themes: ['rygning'],
        reviewBy: '2027-01-01', updatedAt: '2026-12-01T10:00:00.000Z', reviewedAt: null,
      });
    });
    afterEach(async () => { await db.close(); });

    it('whole rows (booleans, nulls, JSON), chosen columns with a count, and an empty answer', async () => {
      const { engine } = db;
      const t = engine.tables;
      const queries = {
        users: (x: typeof engine.db) => x.select().from(t.users).orderBy(asc(t.users.id)),
        offers: (x: typeof engine.db) => x.select().from(t.offers).where(eq(t.offers.slug, sql.placeholder('slug'))),
        perOrganisation: (x: typeof engine.db) => x.select({ organisation: t.users.organisationId, n: count(), editors: sql<number>`sum(case when ${t.users.alsoEditor} then 1 else 0 end)`.mapWith(Number) })
          .from(t.users).groupBy(t.users.organisationId).orderBy(asc(t.users.organisationId)),
      };
      const params = { slug: 'rygestop' };
      for (const [name, build] of Object.entries(queries)) {
        // The fast path is taken: a flat selection gets its own mapper.
        expect(flatRowMapper((build(engine.db) as unknown as { prepare(n: string): { fields: never } }).prepare(`row_mapper_fields_${name}`).fields), name).toBeDefined();
        const fast = preparedQuery<typeof params, unknown[]>(engine, `row_mapper_${name}`, build as never);
        const drizzles = await (build(engine.db) as unknown as { prepare(n: string): { execute(p: unknown): Promise<unknown[]> } }).prepare(`row_mapper_plain_${name}`).execute(params);
        const mapped = await fast(params);
        expect(mapped, name).toEqual(drizzles);
        expect(mapped.map((row) => Object.keys(row as object)), name).toEqual(drizzles.map((row) => Object.keys(row as object)));
        // Inside a transaction (PostgreSQL builds the query on the transaction's connection).
        expect(await engine.transaction(async () => fast(params)), `${name} in a transaction`).toEqual(drizzles);
      }
      const [user] = await preparedQuery<typeof params, { alsoEditor: boolean; active: boolean; unitId: string | null }[]>(engine, 'row_mapper_check', queries.users as never)(params);
      expect(user).toMatchObject({ alsoEditor: true, active: false, unitId: null });
      const [offer] = await preparedQuery<typeof params, { riskGroups: string[] }[]>(engine, 'row_mapper_offer', queries.offers as never)(params);
      expect(offer!.riskGroups).toEqual(['rygning', 'kol']);
      const none = await preparedQuery<{ slug: string }, unknown[]>(engine, 'row_mapper_none', queries.offers as never)({ slug: 'findes-ikke' });
      expect(none).toEqual([]);
    });
  });
}
