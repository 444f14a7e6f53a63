/**
 * Upgrading an SQLite file made by an earlier release: the migrations that came after it run on a
 * database with data in it. A table rebuild (SQLite's way to change a column) must keep every row and
 * every reference to it — the notifications rebuild of 0007 once copied a column the old table did not
 * have, and dropping a table that e-mails point at needs foreign keys off while migrating.
 */
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase } from '../../db/client.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the migrations folder that stops after migration `last` (its journal cut there). */
function migrationsUpTo(last: string): string {
  const folder = path.join(dir, `upto-${last}`);
  cpSync(MIGRATIONS_DIR, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((e) => e.tag === last);
  expect(end, `migration ${last}`).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, end + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe('SQLite migrations on a database with data', () => {
  it('keeps notifications and the e-mails that point at them through the 0007 rebuild', () => {
    const file = path.join(dir, 'before-0007.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo('0006_offer_editing') });
    old.exec(`
      insert into organisations (id, name, kind, sector) values ('jc', 'Jobcenter', 'jobcentre', 'beskaeftigelse'), ('pv', 'Udbyder', 'provider', 'sundhed');
      insert into units (id, organisation_id, name) values ('u1', 'jc', 'Enhed');
      insert into users (email, name, role, organisation_id, unit_id, password_hash) values ('s@x.dk', 'S', 'caseworker', 'jc', 'u1', 'h');
      insert into referrals (offer_slug, provider_organisation_id, unit_id, caseworker_id, citizen_ref, purpose, consent_scope, consent_recorded_by, consent_recorded_at, status, updated_at)
        values ('tilbud', 'pv', 'u1', 1, 'SAG-1', 'Formål', 'Samtykke', 1, '2026-01-01T00:00:00Z', 'sent', '2026-01-01T00:00:00Z');
      insert into notifications (user_id, referral_id, kind, message) values (1, 1, 'status', 'Sendt');
      insert into email_outbox (notification_id, to_address, subject, body) values (1, 's@x.dk', 'Emne', 'Tekst');
    `);
    old.close();

    const upgraded = openDatabase(file);
    try {
      expect(upgraded.sqlite.prepare('select id, referral_id, offer_id, kind, message from notifications').all())
        .toEqual([{ id: 1, referral_id: 1, offer_id: null, kind: 'status', message: 'Sendt' }]);
      expect(upgraded.sqlite.prepare('select notification_id from email_outbox').all()).toEqual([{ notification_id: 1 }]);
      expect(upgraded.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(upgraded.sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      upgraded.sqlite.close();
    }
  });
});
