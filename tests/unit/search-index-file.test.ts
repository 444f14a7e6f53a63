/** The search index as the server keeps and sends it: written piece by piece, gzipped once per content version. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BrowserIndexDisabledError, createCatalogue } from '../../db/catalogue.ts';
import { SearchEngine } from '../../core/catalogue/search/engine.ts';
import { copyContent, demoCatalogue, waitFor } from './helpers.ts';

const catalogue = demoCatalogue();
afterAll(() => catalogue.close());

describe('the search index JSON', () => {
  it('written in pieces, is exactly JSON.stringify of the payload (MiniSearch\'s own serialisation)', () => {
    const engine = catalogue.search();
    const pieces = [...engine.payloadJsonChunks()];
    expect(pieces.length).toBeGreaterThan(100); // one per term, not one big string
    expect(pieces.join('') === JSON.stringify(engine.toPayload())).toBe(true);
  });
});

describe('the gzipped search index', () => {
  it('unzips to the JSON, for the current content version', async () => {
    const file = await catalogue.searchIndexGzip();
    expect(file.version).toBe(catalogue.version);
    expect(gunzipSync(file.gzip).toString('utf8') === catalogue.searchIndexJson()).toBe(true);
    expect(brotliDecompressSync(file.brotli).toString('utf8') === catalogue.searchIndexJson()).toBe(true);
  });

  it('is built once per content version, shared by concurrent requests, and rebuilt after a change', async () => {
    const content = copyContent();
    const live = createCatalogue({ contentDir: content.dir, watch: true });
    try {
      const [a, b] = await Promise.all([live.searchIndexGzip(), live.searchIndexGzip()]);
      expect(b).toBe(a);
      expect(await live.searchIndexGzip()).toBe(a);
      const file = path.join(content.offersDir, 'rygestop.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Rygestop med nyt navn'));
      await waitFor(() => live.version !== a.version, { what: 'the reloaded content' });
      const rebuilt = await live.searchIndexGzip();
      expect(rebuilt.version).not.toBe(a.version);
      expect(rebuilt.version).toBe(live.version);
      expect(gunzipSync(rebuilt.gzip).toString('utf8')).toContain('Rygestop med nyt navn');
    } finally {
      live.close();
      content.cleanup();
    }
  });
});

describe('a catalogue above BROWSER_SEARCH_INDEX_MAX_OFFERS', () => {
  it('builds no browser index: nothing is written out or compressed, and asking for it is refused', async () => {
    const large = createCatalogue({ contentDir: path.resolve(import.meta.dirname, '../../content'), browserIndexMaxOffers: 5 });
    const written = vi.spyOn(SearchEngine.prototype, 'payloadJsonChunks');
    try {
      expect(large.offers().length).toBeGreaterThan(5);
      expect(large.browserIndexEnabled).toBe(false);
      await expect(large.searchIndexGzip()).rejects.toBeInstanceOf(BrowserIndexDisabledError);
      expect(large.search().documentCount).toBe(large.offers().length); // the server's own search is unaffected
      expect(written).not.toHaveBeenCalled();
    } finally {
      written.mockRestore();
      large.close();
    }
  });

  it('builds it at the limit, and the default limit takes the demo catalogue', async () => {
    const atLimit = createCatalogue({ contentDir: path.resolve(import.meta.dirname, '../../content'), browserIndexMaxOffers: catalogue.offers().length });
    try {
      expect(atLimit.browserIndexEnabled).toBe(true);
      expect((await atLimit.searchIndexGzip()).version).toBe(atLimit.version);
    } finally {
      atLimit.close();
    }
    expect(catalogue.browserIndexEnabled).toBe(true);
  });
});

describe('compressing the search index', () => {
  // Peak memory is what a server is sized by: brotli's quality 9 alone touched a 32 MB hash table here
  // (24 MB or more of growth). Quality 10 with a 1 MB window grows 10–14 MB, more when the run is busy.
  it('raises the peak resident memory of the process by less than 18 MB (the demo catalogue)', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const script = `
      import { readFileSync, writeFileSync } from 'node:fs';
      const { createCatalogue } = await import(${JSON.stringify(path.join(root, 'db/catalogue.ts'))});
      const catalogue = createCatalogue({ contentDir: ${JSON.stringify(path.join(root, 'content'))} });
      catalogue.searchIndexJson(); // the engine and the JSON code paths, before the measurement
      const peakKb = () => Number(/^VmHWM:\\s+(\\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
      writeFileSync('/proc/self/clear_refs', '5'); // the peak starts again from the memory in use now
      const before = peakKb();
      await catalogue.searchIndexGzip();
      console.log((peakKb() - before) / 1024);
    `;
    const grewMb = Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
    expect(grewMb).toBeGreaterThan(0);
    expect(grewMb).toBeLessThan(18);
  });
});
