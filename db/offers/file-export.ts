/**
 * The other direction of the file sync: every offer that is not archived, at its latest revision, written
 * back as `<slug>.md` — the text a review in git reads. Exporting and importing again makes no revision,
 * because the file is exactly the text the revision's hash was taken of.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { offerFileText, type OfferRepository } from './repository.ts';

export interface ExportReport { written: string[]; unchanged: string[]; removed: string[]; stale: string[] }

export async function exportOfferFiles(repository: OfferRepository, offersDir: string, options: { prune?: boolean } = {}): Promise<ExportReport> {
  const report: ExportReport = { written: [], unchanged: [], removed: [], stale: [] };
  const names = new Set<string>();
  for (const { slug, offer } of await repository.latest()) {
    const name = `${slug}.md`;
    names.add(name);
    const file = path.join(offersDir, name);
    const text = offerFileText(offer);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) { report.unchanged.push(name); continue; }
    // Write then rename: a server watching the folder never reads half a file.
    const temporary = path.join(offersDir, `.${name}.${process.pid}.tmp`);
    writeFileSync(temporary, text);
    renameSync(temporary, file);
    report.written.push(name);
  }
  // Files of archived, renamed or unknown offers: removed with `prune`, otherwise only reported.
  for (const name of readdirSync(offersDir).filter((n) => n.endsWith('.md') && !names.has(n)).sort()) {
    if (options.prune) { rmSync(path.join(offersDir, name)); report.removed.push(name); } else report.stale.push(name);
  }
  return report;
}
