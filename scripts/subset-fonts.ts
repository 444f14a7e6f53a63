/**
 * `node scripts/subset-fonts.ts`: writes src/fonts/*.woff2 — IBM Plex Sans (from dkfds, OFL) cut down to the
 * characters Danish text needs, in the two weights the design uses. The full faces cost ~57 KB each; these
 * ~10 KB, without TrueType hinting (instructions for rasterisers that today's browsers mostly ignore). The output is committed (it changes only when this list does); run again after changing it.
 * Subsetting is harfbuzz's (subset-font, hb-subset compiled to wasm).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import subsetFont from 'subset-font';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'node_modules', 'dkfds', 'dist', 'fonts', 'IBMPlexSans', 'complete', 'woff2');
const OUT = path.join(ROOT, 'src', 'fonts');

/** Basic Latin, Latin-1 (æøå, é, à, ü, «», ·, ×, non-breaking space …) and the punctuation Danish typesetting uses. */
export const DANISH_CHARACTERS = [
  range(0x20, 0x7e),
  range(0xa0, 0xff),
  '–—‘’‚“”„•…‹›€−→',
].join('');

/**
 * The OpenType features a browser applies to running text by default (harfbuzz's own default list). subset-font
 * otherwise keeps every feature, and with them every alternate glyph they reach (stylistic sets, small figures,
 * fractions …): a third of the file for glyphs no page asks for.
 */
const KEEP_FEATURES = ['ccmp', 'locl', 'mark', 'mkmk', 'kern', 'liga', 'calt', 'clig', 'rlig', 'rclt'];

/** Regular for text, SemiBold for headings and strong text (also served for bold, see src/styles/fonts.scss). */
const FACES = { 'IBMPlexSans-Regular': 'ibm-plex-sans-regular', 'IBMPlexSans-SemiBold': 'ibm-plex-sans-semibold' };

function range(from: number, to: number): string {
  return Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join('');
}

// @types/subset-font predates keepFeatures and noHinting (subset-font 2.4), hence the widened type.
const OPTIONS: Parameters<typeof subsetFont>[2] & { keepFeatures: string[]; noHinting: boolean } = { targetFormat: 'woff2', keepFeatures: KEEP_FEATURES, noHinting: true };

for (const [source, target] of Object.entries(FACES)) {
  const full = readFileSync(path.join(SOURCE, `${source}.woff2`));
  const subset = await subsetFont(full, DANISH_CHARACTERS, OPTIONS);
  writeFileSync(path.join(OUT, `${target}.woff2`), subset);
  console.log(`${source}: ${(full.length / 1024).toFixed(1)} KB → src/fonts/${target}.woff2 ${(subset.length / 1024).toFixed(1)} KB`);
}
