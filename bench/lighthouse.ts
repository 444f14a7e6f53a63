/**
 * Lighthouse (the npm package, its default mobile preset: a mid-range phone, simulated slow 4G) against
 * Debian's Chromium, one fresh browser per page so no page warms another's cache. Scores are Lighthouse's
 * own, 0–1, for the four categories; the failing audits come back as readable lines for the log.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_PATH } from '../tests/helpers/browser.ts';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LighthouseRun {
  scores: Record<Category, number>;
  /** Largest Contentful Paint, simulated, in ms. */
  lcpMs: number;
  /**
   * Lighthouse's measure of this machine's CPU (~1,000+ on a desktop of today). The mobile preset slows the
   * observed work 4×, calibrated for such a desktop: a slower or busy host scores worse on the same page.
   */
  benchmarkIndex: number;
  /** "id (score): title" for every audit that scored below 1 (performance opportunities included). */
  failing: string[];
}

const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export async function runLighthouse(url: string): Promise<LighthouseRun> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(CATEGORIES.map((c) => {
      const score = lhr.categories[c]?.score;
      if (typeof score !== 'number') throw new Error(`Lighthouse on ${url} gave no ${c} score`);
      return [c, score];
    })) as Record<Category, number>;
    const audited = new Set(CATEGORIES.flatMap((c) => lhr.categories[c]!.auditRefs.filter((r) => r.weight > 0 || c === 'performance').map((r) => r.id)));
    const failing = Object.values(lhr.audits)
      .filter((a) => audited.has(a.id) && typeof a.score === 'number' && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
      .map((a) => `${a.id} (${a.score}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
    return { scores, lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN, benchmarkIndex: lhr.environment.benchmarkIndex, failing };
  } finally {
    chrome.kill();
  }
}
