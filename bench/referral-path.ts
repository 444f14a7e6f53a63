/**
 * The caseworker's path, from the front page to a referral's receipt, scripted in Chromium against the
 * production server (`npm start`'s flags, SQLite, the demo catalogue in content/):
 *
 * - time_to_referral_page_loads: full page loads (main-frame documents, bench/page-loads.ts) from opening
 *   the front page to the receipt. Signing in comes first and is not counted. The path: open the front page,
 *   type "mindfulness" in its search box, click "Henvis" on the first result, fill in the case number,
 *   consent and purpose, send, see the receipt. Goal ≤ 3 (front page, referral form, receipt).
 * - time_to_referral_ms: the time the same path takes, the browser's typing included (median over rounds;
 *   5 rounds, 1 in smoke mode). No goal: it is read against the page loads, not a speed promise.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { DEMO_PASSWORD } from '../server/seed.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { countPageLoads } from './page-loads.ts';
import { PINNING, freePort, startServer, waitUntilReady } from './process.ts';
import { rowCollector } from './rows.ts';
import { rounds } from './stats.ts';
import type { BenchOptions, BenchResult, BenchSuite } from './types.ts';

const CASEWORKER = 'sagsbehandler.sygedagpengehuset@aadal.example.dk';
const QUERY = 'mindfulness';
const GOAL_PAGE_LOADS = { op: '<=', value: 3 } as const;

const referralPath: BenchSuite = async ({ smoke, workDir, log }: BenchOptions): Promise<BenchResult> => {
  ensureBuild(log);
  log(PINNING.note);
  const roundsWanted = smoke ? 1 : 5;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = startServer({
    NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), SEED_DEMO: 'true', LOG_LEVEL: 'warn',
    HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: path.join(workDir, 'referral-path.db'),
  }, { side: 'server', name: 'referral path' });
  const browser = await launchChromium();
  try {
    await waitUntilReady(server, `${url}/readyz`, 300_000);
    const loads: number[] = [];
    const times: number[] = [];
    for (let round = 0; round < roundsWanted; round++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
      try {
        const page = await context.newPage();
        // Signing in is not part of the path.
        await page.goto(`${url}/logind`);
        await page.getByLabel('E-mail').fill(CASEWORKER);
        await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: 'Log ind' }).click();
        await page.waitForURL(/\/arbejde\//);

        const counter = await countPageLoads(page);
        const started = performance.now();
        await page.goto(`${url}/`);
        await page.getByLabel('Søg efter tilbud').pressSequentially(QUERY);
        const refer = page.locator('[data-results] [data-refer]').first();
        await refer.click(); // waits until the instant results show it
        await page.waitForURL(/\/tilbud\/[^/]+\/henvis$/);
        await page.getByLabel('Borgerens sagsnummer').fill(`SAG-2026-${String(9000 + round)}`);
        await page.getByLabel('Borgeren har givet samtykke som beskrevet').check();
        await page.getByLabel('Formål med henvisningen').fill('Borgeren skal lære at håndtere stress før en praktik.');
        await page.getByRole('button', { name: 'Send henvisning' }).click();
        await page.waitForURL(/\/arbejde\/henvisninger\/\d+\?kvittering=1/);
        const receipt = await page.getByRole('status').first().textContent();
        if (!receipt?.includes('Henvisningen er sendt')) throw new Error(`No receipt after the referral: ${receipt}`);
        times.push(performance.now() - started);
        loads.push(counter.count);
        await counter.stop();
      } finally {
        await context.close();
      }
    }
    log(`${roundsWanted} round(s): page loads ${loads.join(', ')}; ms ${times.map((t) => t.toFixed(0)).join(', ')}`);
    const { add, result } = rowCollector();
    add('time_to_referral_page_loads', Math.max(...loads), 'loads', 'front page → "Henvis" on an instant result → form → receipt, signed-in caseworker (most over rounds)', { goal: GOAL_PAGE_LOADS, digits: 0 });
    add('time_to_referral_ms', rounds(times), 'ms', `the same path's time in Chromium, typing included`, { digits: 0 });
    return result();
  } finally {
    await browser.close();
    await server.stop();
  }
};

export default referralPath;
