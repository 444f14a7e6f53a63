/**
 * Reads started together inside one transaction (a command's `Promise.all` of counts) run on the
 * transaction's one connection. On PostgreSQL they used to reach `client.query()` while another query was
 * still running there, which pg 8 warns is deprecated and pg 9 removes; the engine now queues them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from '../../db/orm.ts';
import { insertOrganisations, openTestEngine, type TestEngine } from '../helpers/engines.ts';
import { engines } from '../helpers/postgres.ts';

for (const kind of engines()) {
  describe(`reads started together in a transaction on ${kind}`, () => {
    let db: TestEngine;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => { warnings.push(warning.message); };
    beforeEach(async () => {
      db = await openTestEngine(kind);
      await insertOrganisations(db.engine);
      warnings.length = 0;
      process.on('warning', onWarning);
    });
    afterEach(async () => { process.off('warning', onWarning); await db.close(); });

    it('all answer, in order, with no warning about overlapping queries', async () => {
      const { engine } = db;
      const t = engine.tables;
      const names = await engine.transaction(async (tx) => {
        await tx.update(t.organisations).set({ name: 'Omdøbt i transaktionen' }).where(eq(t.organisations.id, 'sundhedscenter-aadal'));
        const ids = ['sundhedscenter-aadal', 'jobcenter-aadal', 'sundhedscenter-aadal', 'jobcenter-aadal'];
        const rows = await Promise.all(ids.map((id) => tx.select({ name: t.organisations.name }).from(t.organisations).where(eq(t.organisations.id, id))));
        return rows.map(([row]) => row!.name);
      });
      expect(names[0]).toBe('Omdøbt i transaktionen');
      expect(names[2]).toBe('Omdøbt i transaktionen');
      expect(names[1]).not.toBe('Omdøbt i transaktionen');
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.filter((m) => m.includes('already executing a query'))).toEqual([]);
    });
  });
}
