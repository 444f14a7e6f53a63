/** Job leases on both engines: of several processes on one database, exactly one holds a job's turn. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineLeaseRepository } from '../../db/leases.ts';
import { openTestEngine, type TestEngine } from '../helpers/engines.ts';
import { engines } from '../helpers/postgres.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds));

for (const kind of engines()) {
  describe(`job leases on ${kind}`, () => {
    let db: TestEngine;
    beforeEach(async () => { db = await openTestEngine(kind); });
    afterEach(async () => db.close());

    it('gives a turn to one holder, renews it for that holder, and hands it on once it has expired', async () => {
      const a = new EngineLeaseRepository(db.engine);
      // On PostgreSQL the second holder is another connection pool, as another process would be.
      const b = new EngineLeaseRepository(kind === 'postgres' ? await db.another() : db.engine);
      const [first, second] = await Promise.all([a.acquire('outbox', 'A', at(8), at(0)), b.acquire('outbox', 'B', at(8), at(0))]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      const [winner, loser, winnerName, loserName] = first ? [a, b, 'A', 'B'] : [b, a, 'B', 'A'];
      expect(await loser.acquire('outbox', loserName, at(12), at(5))).toBe(false);
      expect(await winner.acquire('outbox', winnerName, at(16), at(5))).toBe(true);
      await winner.ran('outbox', winnerName, at(6));
      expect(await loser.lastRun('outbox')).toEqual(at(6));
      expect(await loser.acquire('outbox', loserName, at(30), at(20))).toBe(true);
    });
  });
}
