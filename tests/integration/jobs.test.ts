/**
 * Scheduled jobs (server/jobs): a job runs once per turn across processes on one database (the lease),
 * a failed e-mail is retried with back-off and ends in a failed state an administrator sees, expired
 * sessions are purged, and sent e-mails are deleted after their retention.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../../db/schema.ts';
import { SENT_EMAIL_RETENTION_DAYS } from '../../server/jobs/index.ts';
import { backoffMs } from '../../server/services/mailer.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.ts';
import { act, injectTransport, loginCast, OFFERS, refer } from '../api/helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-jobs-'));
const databasePath = path.join(dir, 'shared.db');
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  // Two apps on one database file stand in for two server processes. Nothing listens for SMTP on port 9.
  a = await startTestApp({ env: { DATABASE_PATH: databasePath, SMTP_URL: 'smtp://127.0.0.1:9' } });
  b = await startTestApp({ env: { DATABASE_PATH: databasePath, SMTP_URL: 'smtp://127.0.0.1:9' } });
});
afterAll(async () => {
  await a.close();
  await b.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (iso: string) => new Date(iso);

describe('the lease', () => {
  it('runs a job in exactly one of two processes per turn, and again once the turn has passed', async () => {
    const now = at('2030-01-01T10:00:00Z');
    const ran = await Promise.all([a.app.scheduler.tick('sessions', now), b.app.scheduler.tick('sessions', now)]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    const again = await Promise.all([a.app.scheduler.tick('sessions', now), b.app.scheduler.tick('sessions', now)]);
    // The holder may run its own turn again; the other may not.
    expect(again).toEqual(ran);
    const later = at('2030-01-01T11:00:00Z');
    const next = await Promise.all([b.app.scheduler.tick('sessions', later), a.app.scheduler.tick('sessions', later)]);
    expect(next.filter(Boolean)).toHaveLength(1);
  });
});

describe('e-mail delivery', () => {
  it('retries a failed e-mail with back-off, then marks it failed where an administrator sees it', async () => {
    const cast = await loginCast(injectTransport(a.app));
    const r = await refer(cast.caseworker, OFFERS.assessedSeats);
    await act(cast.provider, r.id, ['receive']);
    const mail = () => a.app.database!.db.select().from(emailOutbox).all().find((m) => m.body.includes(`nr. ${r.id}:`))!;
    await waitFor(async () => { await a.app.mailer.idle(); return mail().attempts > 0; }, 5_000, 'the first try, right after the commit');
    expect(mail().attempts).toBe(1);
    expect(mail().sentAt).toBeNull();
    let now = new Date(mail().nextAttemptAt!);
    expect(now.getTime() - Date.now()).toBeLessThanOrEqual(backoffMs(1) + 5_000);
    // Before the back-off has passed nothing is tried; after it, the next attempt runs (in one process).
    await a.app.scheduler.tick('outbox', new Date(now.getTime() - 1_000));
    expect(mail().attempts).toBe(1);
    for (let attempt = 2; attempt <= 6; attempt++) {
      await Promise.all([a.app.scheduler.tick('outbox', now), b.app.scheduler.tick('outbox', now)]);
      expect(mail().attempts).toBe(attempt);
      if (attempt < 6) {
        expect(new Date(mail().nextAttemptAt!).getTime() - now.getTime()).toBe(backoffMs(attempt));
        now = new Date(mail().nextAttemptAt!);
      }
    }
    expect(mail().failedAt).not.toBeNull();
    await a.app.scheduler.tick('outbox', new Date(now.getTime() + 86_400_000));
    expect(mail().attempts).toBe(6); // failed for good: no more tries
    const status = await cast.admin.get('/api/v1/ops/outbox');
    expect(status.status).toBe(200);
    expect(status.body.failed.map((f: { id: number }) => f.id)).toContain(mail().id);
    expect(status.text).not.toContain('@aadal.example.dk');
    expect((await cast.caseworker.get('/api/v1/ops/outbox')).status).toBe(403);
  });
});

describe('housekeeping', () => {
  it('purges expired sessions', async () => {
    const sqlite = a.app.database!.sqlite;
    sqlite.prepare("insert into sessions (token_hash, user_id, csrf_token, expires_at, created_at) values ('udloebet', 1, 'x', '2000-01-01T00:00:00Z', '2000-01-01T00:00:00Z')").run();
    await a.app.scheduler.tick('sessions', at('2031-01-01T00:00:00Z'));
    expect(sqlite.prepare("select count(*) as n from sessions where token_hash = 'udloebet'").get()).toEqual({ n: 0 });
  });

  it('deletes sent e-mails after their retention, keeping newer ones', async () => {
    const sqlite = a.app.database!.sqlite;
    const notification = (sqlite.prepare('select id from notifications limit 1').get() as { id: number }).id;
    const insert = sqlite.prepare("insert into email_outbox (notification_id, to_address, subject, body, created_at, sent_at) values (?, 'x@example.dk', 's', 'b', ?, ?)");
    const now = at('2031-06-01T03:15:00Z');
    const old = new Date(now.getTime() - (SENT_EMAIL_RETENTION_DAYS + 1) * 86_400_000).toISOString();
    const recent = new Date(now.getTime() - 86_400_000).toISOString();
    const oldId = insert.run(notification, old, old).lastInsertRowid;
    const recentId = insert.run(notification, recent, recent).lastInsertRowid;
    await b.app.scheduler.tick('daily', now);
    const ids = (sqlite.prepare('select id from email_outbox').all() as { id: number }[]).map((r) => r.id);
    expect(ids).not.toContain(Number(oldId));
    expect(ids).toContain(Number(recentId));
  });
});
