/** A fresh database on either engine for repository tests: a temp SQLite file, or a new PostgreSQL database. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { openDatabase } from '../../db/client.ts';
import { openPostgres, sqliteEngine, type Engine, type EngineKind } from '../../db/engine.ts';
import { createTestDatabase } from './postgres.ts';

export interface TestEngine {
  engine: Engine;
  url?: string;
  /** Another connection to the same database, as a second app process would open (closed with this one). */
  another(): Promise<Engine>;
  close(): Promise<void>;
}

export async function openTestEngine(kind: EngineKind): Promise<TestEngine> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'indsatskatalog-engine-'));
    const file = path.join(dir, 'test.db');
    const engine = sqliteEngine(openDatabase(file));
    const others: Engine[] = [];
    return {
      engine,
      another: async () => { const other = sqliteEngine(openDatabase(file)); others.push(other); return other; },
      close: async () => {
        for (const other of others) await other.close();
        await engine.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase();
  const engine = await openPostgres(database.url);
  const others: Engine[] = [];
  return {
    engine,
    url: database.url,
    another: async () => { const other = await openPostgres(database.url); others.push(other); return other; },
    close: async () => {
      for (const other of others) await other.close();
      await engine.close();
      await database.drop();
    },
  };
}

/** The demo organisations and units (content/organisations.yaml), which offers and users refer to. */
export async function insertOrganisations(engine: Engine, contentDir = path.resolve(import.meta.dirname, '../../content')): Promise<void> {
  const file = parse(readFileSync(path.join(contentDir, 'organisations.yaml'), 'utf8')) as
    { organisations: { id: string; name: string; kind: 'jobcentre' | 'provider'; sector: string; units: { id: string; name: string }[] }[] };
  const t = engine.tables;
  for (const org of file.organisations) {
    await engine.db.insert(t.organisations).values({ id: org.id, name: org.name, kind: org.kind, sector: org.sector });
    for (const unit of org.units) await engine.db.insert(t.units).values({ id: unit.id, organisationId: org.id, name: unit.name });
  }
}

const WRITTEN_AT = '2026-12-01T10:00:00.000Z';

/**
 * For tests that write referrals straight into the tables: a user of the demo organisations (insert them
 * first), the time the rows say they were written, and a referral row by that user (fields overridable).
 */
export async function referralWriter(engine: Engine, role: 'caseworker' | 'provider') {
  const t = engine.tables;
  const organisationId = role === 'caseworker' ? 'jobcenter-aadal' : 'sundhedscenter-aadal';
  const [user] = await engine.db.insert(t.users).values({ email: `${role}@test.example.dk`, name: 'Testbruger', role, organisationId, passwordHash: 'h' }).returning();
  const unit = (await engine.db.select().from(t.units))[0]!;
  type ReferralValues = typeof t.referrals.$inferInsert;
  const referral = (fields: Partial<ReferralValues> & Pick<ReferralValues, 'citizenRef'>): ReferralValues => ({
    offerSlug: 'rygestop', providerOrganisationId: 'sundhedscenter-aadal', unitId: unit.id, caseworkerId: user!.id, purpose: 'x',
    consentScope: 'x', consentRecordedBy: user!.id, consentRecordedAt: WRITTEN_AT, status: 'sent', createdAt: WRITTEN_AT, updatedAt: WRITTEN_AT,
    ...fields,
  });
  return { user: user!, at: WRITTEN_AT, referral };
}
