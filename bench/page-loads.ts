/**
 * Counts a page's full page loads: main-frame navigations that load a new document (the Chrome DevTools
 * Protocol's Page.frameNavigated). Same-document navigations (history.replaceState as instant search
 * updates the address, #fragments) are not page loads; Playwright's `framenavigated` would count them too.
 */
import type { Page } from 'playwright-core';

export interface PageLoadCounter { readonly count: number; stop(): Promise<void> }

export async function countPageLoads(page: Page): Promise<PageLoadCounter> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.enable');
  let count = 0;
  cdp.on('Page.frameNavigated', (event) => {
    if (!event.frame.parentId) count++;
  });
  return {
    get count() { return count; },
    stop: () => cdp.detach(),
  };
}
