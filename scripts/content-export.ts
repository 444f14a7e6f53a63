/**
 * `npm run content:export [-- --prune] [-- --out <folder>]`: writes the database's offers back to Markdown
 * (CONTENT_DIR/offers by default) and its organisations to `organisations.yaml` beside that folder, so that
 * edits made in the browser can be reviewed and committed in git. Importing the files again changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { openPostgres, sqliteEngine } from '../db/engine.ts';
import { exportOfferFiles } from '../db/offers/file-export.ts';
import { OfferRepository } from '../db/offers/repository.ts';
import { loadConfig } from '../server/config.ts';
import { ORGANISATIONS_FILE, OrganisationService } from '../server/services/organisations.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, prune: { type: 'boolean', default: false } } });
const config = loadConfig();
const out = path.resolve(values.out ?? path.join(config.contentDir, 'offers'));
mkdirSync(out, { recursive: true });
const engine = config.databaseUrl ? await openPostgres(config.databaseUrl) : sqliteEngine(openDatabase(config.databasePath));
try {
  const report = await exportOfferFiles(new OfferRepository(engine), out, { prune: values.prune });
  const organisations = new OrganisationService(engine);
  const organisationsFile = path.join(path.dirname(out), ORGANISATIONS_FILE);
  const text = await organisations.fileText();
  if (existsSync(organisationsFile) && readFileSync(organisationsFile, 'utf8') === text) {
    console.log(`${ORGANISATIONS_FILE} unchanged`);
  } else {
    writeFileSync(`${organisationsFile}.tmp`, text);
    renameSync(`${organisationsFile}.tmp`, organisationsFile);
    console.log(`${ORGANISATIONS_FILE} written → ${path.relative(process.cwd(), organisationsFile)}`);
  }
  await organisations.exported(text);
  console.log(`${report.written.length} offer file(s) written, ${report.unchanged.length} unchanged, ${report.removed.length} removed → ${path.relative(process.cwd(), out) || '.'}`);
  if (report.stale.length) console.log(`Not in the database (archived or renamed; --prune removes them): ${report.stale.join(', ')}`);
} finally {
  await engine.close();
}
