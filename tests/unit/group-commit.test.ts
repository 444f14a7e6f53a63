/** Group commit on a real SQLite file: writes of one turn share a commit, fail alone, and are answered after it. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPragmas } from '../../db/client.ts';
import { GroupCommit } from '../../db/group-commit.ts';

let dir: string;
let sqlite: Database.Database;
let group: GroupCommit;
const rows = () => sqlite.prepare('select name from t order by id').pluck().all() as string[];
const insert = (name: string) => sqlite.transaction(() => sqlite.prepare('insert into t (name) values (?)').run(name))();

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-group-'));
  sqlite = new Database(path.join(dir, 'db.sqlite'));
  applyPragmas(sqlite);
  sqlite.exec('create table t (id integer primary key, name text not null unique)');
  group = new GroupCommit(sqlite);
});
afterEach(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GroupCommit', () => {
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
});
