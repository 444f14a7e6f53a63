/**
 * Start-up data. Organisations and units always follow content/organisations.yaml (the catalogue's
 * source of truth); demo users and cohorts are created once, in an empty database.
 */
import type { Engine } from '../db/engine.ts';
import { inArray, sql } from '../db/orm.ts';
import type { Catalogue } from '../db/catalogue.ts';
import type { Role } from './access.ts';
import { addDays, nowIso, todayIso } from './services/clock.ts';
import { hashPassword } from './services/passwords.ts';
import type { UserService } from './services/users.ts';

export const DEMO_PASSWORD = 'demo-adgang-2026';

export interface DemoLogin { email: string; name: string; role: Role; alsoEditor?: boolean; where: string }

/**
 * The demo accounts: a caseworker per jobcentre unit; per provider organisation a provider who also edits
 * the organisation's offers, and an editor who only edits them; an admin.
 */
export function demoLogins(catalogue: Catalogue): (DemoLogin & { organisationId: string; unitId: string | null })[] {
  const logins: (DemoLogin & { organisationId: string; unitId: string | null })[] = [];
  for (const org of catalogue.organisations()) {
    if (org.kind === 'jobcentre') {
      for (const unit of org.units) {
        logins.push({ email: `sagsbehandler.${unit.id}@aadal.example.dk`, name: `Sagsbehandler i ${unit.name} (demo)`, role: 'caseworker', where: unit.name, organisationId: org.id, unitId: unit.id });
      }
    } else {
      logins.push({ email: `udbyder.${org.id}@aadal.example.dk`, name: `Medarbejder, ${org.name} (demo)`, role: 'provider', alsoEditor: true, where: org.name, organisationId: org.id, unitId: null });
      logins.push({ email: `redaktoer.${org.id}@aadal.example.dk`, name: `Redaktør, ${org.name} (demo)`, role: 'editor', where: org.name, organisationId: org.id, unitId: null });
    }
  }
  const first = catalogue.organisations()[0]!;
  logins.push({ email: 'admin@aadal.example.dk', name: 'Administrator (demo)', role: 'admin', where: 'Hele kommunen', organisationId: first.id, unitId: null });
  return logins;
}

/** Creates the demo users and cohorts (one running, two upcoming) when the database has no users yet. Returns whether it did. */
export async function seedDemo(engine: Engine, catalogue: Catalogue, userService: UserService): Promise<boolean> {
  if ((await userService.count()) > 0) return false;
  // One hash for the shared demo password (printed at start anyway): hashing it per account would cost a
  // 19 MiB Argon2id each, for nothing. Hashed before the transaction, which awaits only the database.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return engine.transaction(async (tx) => {
    // Several processes starting at once on one PostgreSQL: one seeds, the others find its users.
    if (engine.kind === 'postgres') await tx.execute(sql`select pg_advisory_xact_lock(7262)`);
    if ((await userService.count()) > 0) return false;
    for (const { where: _where, ...user } of demoLogins(catalogue)) await userService.create({ ...user, passwordHash });
    const today = todayIso();
    const at = nowIso();
    // The demo's seat figures are confirmed today, but for every eighth offer, so the portal shows both.
    const slugs = catalogue.offers().map((o) => o.slug).sort();
    const confirmed = slugs.filter((_, i) => i % 8 !== 7);
    if (confirmed.length) {
      await tx.update(engine.tables.offers).set({ capacityConfirmedAt: at }).where(inArray(engine.tables.offers.slug, confirmed));
      await engine.notify('offers_changed', '');
    }
    for (const offer of catalogue.offers()) {
      if (offer.capacity.model !== 'cohorts') continue;
      // One cohort that began a week ago (still taking citizens in, as most courses do in their first
      // weeks), then two upcoming ones, spaced as the offer's cohorts per year suggest.
      const spacing = Math.round(365 / (offer.capacity.cohortsPerYear ?? 4));
      for (let i = 0; i < 3; i++) {
        const startsOn = addDays(today, i === 0 ? -7 : 14 + (i - 1) * spacing);
        await tx.insert(engine.tables.cohorts).values({
          offerSlug: offer.slug, offerId: catalogue.offerId(offer.slug) ?? null, startsOn, endsOn: addDays(startsOn, Math.min(spacing - 7, 84)),
          seats: offer.capacity.seatsPerCohort, updatedAt: at,
        });
      }
    }
    return true;
  });
}
