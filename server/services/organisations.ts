/**
 * Organisations and their units as records an administrator keeps in the browser. `organisations.yaml`
 * seeds an empty database and keeps working as a file: a changed file is imported (the file wins for what
 * it names), an unchanged one never undoes a browser edit, and `npm run content:export` writes the records
 * back. Every change is announced, so each process serves the new names and providers without a restart.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { asc, eq } from '../../db/orm.ts';
import type { Engine, Executor } from '../../db/engine.ts';
import { slugFromTitle } from '../../core/catalogue/editing/schemas.ts';
import { describeIssues, organisationsFileSchema, type Organisation } from '../../core/catalogue/offer-schema.ts';
import type { z } from 'zod';
import type { newOrganisationSchema, organisationUpdateSchema } from '../../core/access/accounts.ts';
import { NotFoundError } from '../errors.ts';

export const ORGANISATIONS_FILE = 'organisations.yaml';
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
const collator = new Intl.Collator('da');

export class OrganisationService {
  readonly #engine: Engine;
  readonly #listeners = new Set<() => void>();
  #stopListening?: () => void;

  constructor(engine: Engine) { this.#engine = engine; }

  /** Called after a change here or in another process (within moments). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    this.#stopListening ??= this.#engine.listen('organisations_changed', () => { for (const l of this.#listeners) l(); });
    return () => this.#listeners.delete(listener);
  }

  /** Every organisation with its units: jobcentres first, then providers, each by name. */
  async list(executor: Executor = this.#engine.executor()): Promise<Organisation[]> {
    const { organisations, units } = this.#engine.tables;
    // One after the other: inside a command this is the transaction's one connection, which runs one query at a time.
    const orgRows = await executor.select().from(organisations);
    const unitRows = await executor.select().from(units).orderBy(asc(units.name));
    return orgRows
      .map((o) => ({ id: o.id, name: o.name, kind: o.kind, sector: o.sector as Organisation['sector'],
        units: unitRows.filter((u) => u.organisationId === o.id).map((u) => ({ id: u.id, name: u.name })) }))
      .sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === 'jobcentre' ? -1 : 1));
  }

  async get(id: string): Promise<Organisation | undefined> {
    return (await this.list()).find((o) => o.id === id);
  }

  /**
   * Imports the file when it changed since its last import (or was never imported): the organisations whose
   * entry in the file changed since then (all, the first time) are created or updated with their units;
   * the others keep what an administrator may have changed in the browser. An invalid file throws.
   */
  async importFile(file: string): Promise<'imported' | 'unchanged'> {
    const text = readFileSync(file, 'utf8');
    const hash = hashOf(text);
    const { catalogueFiles } = this.#engine.tables;
    const [last] = await this.#engine.db.select().from(catalogueFiles).where(eq(catalogueFiles.name, ORGANISATIONS_FILE));
    if (last?.contentHash === hash) return 'unchanged';
    const parsed = organisationsFileSchema.safeParse(parse(text));
    if (!parsed.success) throw new Error(`${file}:\n  - ${describeIssues(parsed.error).join('\n  - ')}`);
    const before = new Map(organisationsIn(last?.content).map((o) => [o.id, JSON.stringify(o)]));
    const changed = parsed.data.organisations.filter((o) => before.get(o.id) !== JSON.stringify(o));
    await this.#engine.transaction(async (tx) => {
      await upsertOrganisations(this.#engine, tx, changed);
      await this.#remember(tx, text);
    });
    if (changed.length) this.#announce();
    return 'imported';
  }

  /** The records as the file holds them (what an export writes). */
  async fileText(): Promise<string> {
    const organisations = (await this.list()).map(({ id, name, kind, sector, units }) => ({ id, name, kind, sector, units }));
    return stringify({ organisations }, { lineWidth: 0 });
  }

  /** After an export: the file on disk is the records, so importing it again changes nothing. */
  async exported(text: string): Promise<void> {
    await this.#engine.transaction((tx) => this.#remember(tx, text));
  }

  async create(input: z.output<typeof newOrganisationSchema>): Promise<Organisation> {
    const { organisations, units } = this.#engine.tables;
    const id = await this.#freeId(organisations, slugFromTitle(input.name) || 'organisation');
    const unitId = await this.#freeId(units, slugFromTitle(input.unitName) || `${id}-enhed`);
    await this.#engine.transaction(async (tx) => {
      await tx.insert(organisations).values({ id, name: input.name, kind: input.kind, sector: input.sector });
      await tx.insert(units).values({ id: unitId, organisationId: id, name: input.unitName });
    });
    this.#announce();
    return (await this.get(id))!;
  }

  async update(id: string, input: z.output<typeof organisationUpdateSchema>): Promise<Organisation> {
    const { organisations } = this.#engine.tables;
    const changed = await this.#engine.transaction((tx) => tx.update(organisations).set({ name: input.name, sector: input.sector })
      .where(eq(organisations.id, id)).returning({ id: organisations.id }));
    if (!changed.length) throw new NotFoundError('Organisationen');
    this.#announce();
    return (await this.get(id))!;
  }

  async addUnit(organisationId: string, name: string): Promise<Organisation> {
    const { units } = this.#engine.tables;
    if (!(await this.get(organisationId))) throw new NotFoundError('Organisationen');
    const unitId = await this.#freeId(units, slugFromTitle(name) || `${organisationId}-enhed`);
    await this.#engine.transaction((tx) => tx.insert(units).values({ id: unitId, organisationId, name }));
    this.#announce();
    return (await this.get(organisationId))!;
  }

  async renameUnit(organisationId: string, unitId: string, name: string): Promise<Organisation> {
    const { units } = this.#engine.tables;
    const organisation = await this.get(organisationId);
    if (!organisation?.units.some((u) => u.id === unitId)) throw new NotFoundError('Enheden');
    await this.#engine.transaction((tx) => tx.update(units).set({ name }).where(eq(units.id, unitId)));
    this.#announce();
    return (await this.get(organisationId))!;
  }

  async #remember(tx: Executor, content: string): Promise<void> {
    const { catalogueFiles } = this.#engine.tables;
    const importedAt = new Date().toISOString();
    const contentHash = hashOf(content);
    await tx.insert(catalogueFiles).values({ name: ORGANISATIONS_FILE, contentHash, content, importedAt })
      .onConflictDoUpdate({ target: catalogueFiles.name, set: { contentHash, content, importedAt } });
  }

  /** `base`, or `base-2`, `base-3` … whichever no row of the table has as id yet. */
  async #freeId(table: Engine['tables']['organisations'] | Engine['tables']['units'], base: string): Promise<string> {
    const taken = new Set((await this.#engine.db.select({ id: table.id }).from(table)).map((r) => r.id));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  #announce(): void {
    this.#engine.notify('organisations_changed', '').catch(() => { for (const l of this.#listeners) l(); });
  }
}

/** The organisations of a file's text as last imported; none when there was none (or it no longer parses). */
function organisationsIn(text: string | undefined): Organisation[] {
  if (!text) return [];
  const parsed = organisationsFileSchema.safeParse(parse(text));
  return parsed.success ? parsed.data.organisations : [];
}

/** Creates or updates organisations and their units (the file's import; tests seed with it too). */
export async function upsertOrganisations(engine: Engine, tx: Executor, list: readonly Organisation[]): Promise<void> {
  const { organisations, units } = engine.tables;
  for (const org of list) {
    await tx.insert(organisations).values({ id: org.id, name: org.name, kind: org.kind, sector: org.sector })
      .onConflictDoUpdate({ target: organisations.id, set: { name: org.name, kind: org.kind, sector: org.sector } });
    for (const unit of org.units) {
      await tx.insert(units).values({ id: unit.id, organisationId: org.id, name: unit.name })
        .onConflictDoUpdate({ target: units.id, set: { organisationId: org.id, name: unit.name } });
    }
  }
}
