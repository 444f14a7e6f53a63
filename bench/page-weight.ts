/**
 * What a page costs a first-time visitor over the wire: Chromium (a fresh context, cache disabled) loads the
 * page from a running server, and every request's bytes as Chromium received them are summed — the
 * Chrome DevTools Protocol's `Network.loadingFinished.encodedDataLength`: headers plus the body exactly as
 * sent (compressed where the server compressed it, uncompressed where it did not). Waits for the network to
 * go quiet and the fonts to be ready, so fonts, scripts and what the scripts fetch are counted too. `use`
 * acts as the visitor before the count closes (the search page fetches its index when its form is first used).
 */
import type { Browser, Page } from 'playwright-core';

export interface WireFile { url: string; bytes: number; encoding: string; status: number }
export interface WireWeight { bytes: number; files: WireFile[] }

interface ResponseReceived { requestId: string; response: { url: string; status: number; headers: Record<string, string> } }
interface LoadingFinished { requestId: string; encodedDataLength: number }

export async function wireWeight(browser: Browser, url: string, options: { use?: (page: Page) => Promise<void>; readySelector?: string } = {}): Promise<WireWeight> {
  const context = await browser.newContext({ locale: 'da-DK' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const responses = new Map<string, ResponseReceived['response']>();
    const finished = new Map<string, number>();
    cdp.on('Network.responseReceived', (e: ResponseReceived) => { responses.set(e.requestId, e.response); });
    cdp.on('Network.loadingFinished', (e: LoadingFinished) => { finished.set(e.requestId, e.encodedDataLength); });
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    if (response?.status() !== 200) throw new Error(`GET ${url} answered ${response?.status()}`);
    await options.use?.(page);
    if (options.readySelector) await page.waitForSelector(options.readySelector, { state: 'attached', timeout: 15_000 });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForLoadState('networkidle');
    const files: WireFile[] = [];
    for (const [id, bytes] of finished) {
      const r = responses.get(id);
      if (!r || r.url.startsWith('data:')) continue;
      const header = Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'content-encoding');
      files.push({ url: new URL(r.url).pathname + new URL(r.url).search, bytes, encoding: header?.[1] ?? 'none', status: r.status });
    }
    return { bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
  } finally {
    await context.close();
  }
}

/** The search page's form used once: focusing the search field fetches the index for instant search. */
export const useSearchForm = (page: Page) => page.focus('[data-search-input]');
export const SEARCH_READY = 'form[data-instant-ready]';

/** "/tilbud/x 12.3 KB (none), /_astro/a.css 4.5 KB (br), …" for the log. */
export function describeWire(w: WireWeight): string {
  return w.files.map((f) => `${f.url} ${(f.bytes / 1024).toFixed(1)} KB (${f.encoding})`).join(', ');
}
