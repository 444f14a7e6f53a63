/**
 * Change notices and transactions, on both engines: a notice sent inside a transaction is heard only once
 * the transaction has committed (a listener that reads at once sees the new rows), and never if it rolls
 * back. A notice sent before the commit once let the other processes, and this one, reload old rows and
 * keep them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from '../../db/orm.ts';
import { insertOrganisations, openTestEngine, type TestEngine } from '../helpers/engines.ts';
import { engines } from '../helpers/postgres.ts';
import { waitFor } from '../helpers/app.ts';

for (const kind of engines()) {
  describe(`change notices on ${kind}`, () => {
    let db: TestEngine;
    beforeEach(async () => { db = await openTestEngine(kind); await insertOrganisations(db.engine); });
    afterEach(async () => db.close());

    it('are heard after the commit, by a listener that then reads the committed row', async () => {
      const { engine } = db;
      const t = engine.tables;
      const heard: string[] = [];
      engine.listen('offers_changed', () => {
        void engine.db.select({ name: t.organisations.name }).from(t.organisations).where(eq(t.organisations.id, 'sundhedscenter-aadal'))
          .then(([row]) => heard.push(row!.name));
      });
      await engine.transaction(async (tx) => {
        await tx.update(t.organisations).set({ name: 'Omdøbt' }).where(eq(t.organisations.id, 'sundhedscenter-aadal'));
        await engine.notify('offers_changed', '');
        // Still inside: nobody has been told yet.
        expect(heard).toEqual([]);
      });
      await waitFor(() => heard.length > 0, 2_000, 'the notice');
      expect(heard).toEqual(['Omdøbt']);
    });

    it('are dropped when the transaction rolls back', async () => {
      const { engine } = db;
      let told = 0;
      engine.listen('offers_changed', () => { told += 1; });
      await expect(engine.transaction(async () => {
        await engine.notify('offers_changed', '');
        throw new Error('changed my mind');
      })).rejects.toThrow('changed my mind');
      await new Promise((r) => setTimeout(r, 200));
      expect(told).toBe(0);
      await engine.notify('offers_changed', '');
      await waitFor(() => told === 1, 2_000, 'a notice outside any transaction');
    });
  });
}
