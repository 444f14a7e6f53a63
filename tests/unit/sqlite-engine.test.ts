/**
 * The SQLite engine's transactions on a real file: the transactions of one turn share a commit (group
 * commit), fail alone, are answered after it, and a transaction inside another joins it.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { sqliteEngine, type Engine } from '../../db/engine.ts';

let dir: string;
let handle: DatabaseHandle;
let sqlite: Database.Database;
let engine: Engine;
/** A write, run as the services run theirs: inside an engine transaction. */
const group = { run: <T>(write: () => T) => engine.transaction(async () => write()) };
const rows = () => sqlite.prepare('select name from t order by id').pluck().all() as string[];
const insert = (name: string) => sqlite.transaction(() => sqlite.prepare('insert into t (name) values (?)').run(name))();

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-group-'));
  handle = openDatabase(path.join(dir, 'db.sqlite'));
  sqlite = handle.sqlite;
  sqlite.exec('create table t (id integer primary key, name text not null unique)');
  engine = sqliteEngine(handle);
});
afterEach(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite engine\'s group commit', () => {
  it('runs the writes of one turn in arrival order, in one transaction', async () => {
    const seen: boolean[] = [];
    const results = await Promise.all(['a', 'b', 'c'].map((name) => group.run(() => {
      seen.push(sqlite.inTransaction);
      insert(name);
      return name.toUpperCase();
    })));
    expect(results).toEqual(['A', 'B', 'C']);
    expect(rows()).toEqual(['a', 'b', 'c']);
    expect(seen).toEqual([true, true, true]); // each write ran inside the shared transaction
  });

  it('rolls back a failing write alone, rejects only its caller, and commits the rest', async () => {
    const outcomes = await Promise.allSettled([
      group.run(() => insert('a')),
      group.run(() => { insert('b'); insert('a'); }), // the second insert breaks the unique name: all of this write goes
      group.run(() => { insert('c'); throw new Error('nej tak'); }),
      group.run(() => insert('d')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(new Error('nej tak'));
    expect(rows()).toEqual(['a', 'd']);
  });

  it('answers a caller only once the shared commit is durable', async () => {
    const reader = new Database(path.join(dir, 'db.sqlite'), { readonly: true });
    try {
      const visibleToOthers = await group.run(() => { insert('a'); return 'queued'; })
        .then(() => reader.prepare('select count(*) from t').pluck().get());
      expect(visibleToOthers).toBe(1);
    } finally {
      reader.close();
    }
  });

  it('rejects every caller of a batch whose commit fails, and writes none of it', async () => {
    // A deferred foreign key violation only shows at COMMIT: the whole shared transaction fails there.
    sqlite.exec('create table parent (id integer primary key); create table child (parent_id integer references parent(id) deferrable initially deferred)');
    const outcomes = await Promise.allSettled([
      group.run(() => insert('a')),
      group.run(() => sqlite.prepare('insert into child (parent_id) values (42)').run()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(rows()).toEqual([]);
    expect(sqlite.inTransaction).toBe(false);
  });

  it('joins a transaction begun inside another: one commit, and a failure undoes both', async () => {
    const joined = await engine.transaction(async () => {
      insert('outer');
      return engine.transaction(async () => { insert('inner'); return sqlite.inTransaction; });
    });
    expect(joined).toBe(true);
    expect(rows()).toEqual(['outer', 'inner']);
    await expect(engine.transaction(async () => {
      insert('x');
      await engine.transaction(async () => { insert('y'); });
      throw new Error('fortryd');
    })).rejects.toThrow('fortryd');
    expect(rows()).toEqual(['outer', 'inner']);
  });

  it('refuses (outside production) a transaction that awaited something besides the database', async () => {
    await expect(engine.transaction(async () => {
      insert('a');
      await new Promise((resolve) => setTimeout(resolve, 5)); // other requests could have read its rows meanwhile
    })).rejects.toThrow(/awaited something besides the database/);
  });

  it('keeps compiled statements by their text, handing them back in the default object mode', () => {
    insert('a');
    const first = sqlite.prepare('select name from t');
    expect(first.raw().all()).toEqual([['a']]);
    const again = sqlite.prepare('select name from t');
    expect(again).toBe(first); // compiled once
    expect(again.all()).toEqual([{ name: 'a' }]); // not left in raw mode by the caller before
    expect(sqlite.prepare('select name from t').pluck().get()).toBe('a');
    expect(sqlite.prepare('select name from t').get()).toEqual({ name: 'a' });
  });
});
