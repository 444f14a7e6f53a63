/**
 * The editing benchmark: edit-to-live, from an editor's save to the change being visible to a citizen, on
 * the synthetic 1,000-offer corpus (30 offers in smoke mode), with no rebuild and no restart.
 *
 * - edit_to_live_p50_s / edit_to_live_p95_s: one server on SQLite (`npm start`'s Node flags, production
 *   mode). Each of 50 edits (5 in smoke mode) gives one offer's title a new unique word through the editor's
 *   API (PUT /api/v1/offer-records/:slug, publish) and then polls, every 10 ms, the public offer page and
 *   the search page for that word; the time runs from just before the save is sent until both show it.
 *   Goal p95 ≤ 1 s.
 * - pg_edit_to_live_p95_s: the same with two server processes on one PostgreSQL database: the save goes to
 *   one process, the polling to the other (the change reaches it through LISTEN/NOTIFY). Goal ≤ 1.5 s.
 *
 * Every edit is in the percentiles; an edit that does not show within 30 s fails the benchmark.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { createDatabase, findPostgresBin, startThrowawayCluster } from '../scripts/postgres-cluster.ts';
import { getHeaders, login, postHeaders, type Session } from './api.ts';
import { PINNING, freePort, startServer, waitUntilReady, type Child } from './process.ts';
import { rowCollector } from './rows.ts';
import { percentile } from './stats.ts';
import { writeSyntheticContent } from './synthetic-offers.ts';
import type { BenchOptions, BenchResult, BenchSuite } from './types.ts';

const GOALS = {
  sqliteP95S: { op: '<=', value: 1 },
  pgP95S: { op: '<=', value: 1.5 },
} as const;
const ADMIN = { email: 'admin@aadal.example.dk', role: 'admin', organisation: 'jobcenter-aadal' };
const GIVE_UP_MS = 30_000;

async function startServers(name: string, count: number, env: NodeJS.ProcessEnv): Promise<{ urls: string[]; children: Child[] }> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const children = ports.map((port, i) => startServer({ ...env, PORT: String(port) }, { side: 'server', name: `${name} #${i + 1}` }));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  try {
    await Promise.all(children.map((child, i) => waitUntilReady(child, `${urls[i]}/readyz`, 300_000)));
  } catch (error) {
    for (const child of children) await child.stop();
    throw error;
  }
  return { urls, children };
}

/** A word no offer has, that the search finds as it is (letters only: no stemming surprises). */
function uniqueWord(i: number): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  const bytes = randomBytes(8);
  return `zq${[...bytes].map((b) => letters[b % letters.length]).join('')}${letters[i % letters.length]}`;
}

/** Seconds from each save (through `save`) until `view` shows the change on the offer page and in search. */
async function editToLive(save: string, view: string, editor: Session, slugs: string[], edits: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const slug = slugs[(i * 37) % slugs.length]!;
    const opened = await fetch(`${save}/api/v1/offer-records/${slug}`, { headers: getHeaders(editor) });
    if (!opened.ok) throw new Error(`Opening ${slug} answered ${opened.status}: ${await opened.text()}`);
    const { record, offer, body } = await opened.json() as { record: { latestRevisionId: number }; offer: { title: string }; body: string };
    const word = uniqueWord(i);
    const title = `${offer.title.slice(0, 100)} ${word}`;
    const started = performance.now();
    const saved = await fetch(`${save}/api/v1/offer-records/${slug}`, {
      method: 'PUT', headers: postHeaders(editor),
      body: JSON.stringify({ offer: { ...offer, title }, body, intent: 'publish', basedOnRevisionId: record.latestRevisionId }),
    });
    if (!saved.ok) throw new Error(`Saving ${slug} answered ${saved.status}: ${await saved.text()}`);
    await saved.arrayBuffer();
    let pageShows = false;
    let searchShows = false;
    for (;;) {
      if (!pageShows) pageShows = (await (await fetch(`${view}/tilbud/${slug}`)).text()).includes(word);
      if (pageShows && !searchShows) searchShows = (await (await fetch(`${view}/soeg?q=${word}`)).text()).includes(`/tilbud/${slug}"`);
      if (pageShows && searchShows) break;
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`The edit of ${slug} did not show within ${GIVE_UP_MS / 1000} s (page ${pageShows}, search ${searchShows})`);
      await new Promise((r) => setTimeout(r, 10));
    }
    times.push((performance.now() - started) / 1000);
  }
  return times;
}

const editing: BenchSuite = async ({ smoke, workDir, log }: BenchOptions): Promise<BenchResult> => {
  ensureBuild(log);
  log(PINNING.note);
  const offers = smoke ? 30 : 1_000;
  const edits = smoke ? 5 : 50;
  const { add, result } = rowCollector();
  const contentDir = path.join(workDir, 'content');
  const slugs = writeSyntheticContent(contentDir, offers);
  const common = {
    NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), SEED_DEMO: 'true', LOG_LEVEL: 'warn',
    HOST: '127.0.0.1', CONTENT_DIR: contentDir,
  };

  const sqlite = await startServers('sqlite', 1, { ...common, DATABASE_PATH: path.join(workDir, 'editing.db') });
  try {
    const editor = await login(sqlite.urls[0]!, ADMIN);
    const times = await editToLive(sqlite.urls[0]!, sqlite.urls[0]!, editor, slugs, edits);
    log(`SQLite, 1 process: ${edits} edits of ${offers} offers, edit-to-live p50 ${percentile(times, 0.5).toFixed(3)} s, p95 ${percentile(times, 0.95).toFixed(3)} s, max ${Math.max(...times).toFixed(3)} s`);
    add('edit_to_live_p50_s', percentile(times, 0.5), 's', `save → public offer page and search show the change, ${edits} edits, ${offers} offers, SQLite, one process`);
    add('edit_to_live_p95_s', percentile(times, 0.95), 's', 'the same, p95 (every edit)', { goal: GOALS.sqliteP95S });
  } finally {
    for (const child of sqlite.children) await child.stop();
  }

  if (!findPostgresBin()) throw new Error('PostgreSQL not found: install Debian\'s postgresql package (the editing suite times PostgreSQL too)');
  const cluster = await startThrowawayCluster();
  try {
    const { url } = await createDatabase(cluster.url, 'bench_editing');
    const pg = await startServers('pg', 2, { ...common, DATABASE_URL: url });
    try {
      const editor = await login(pg.urls[0]!, ADMIN);
      const times = await editToLive(pg.urls[0]!, pg.urls[1]!, editor, slugs, edits);
      log(`PostgreSQL, saved through process 1, seen through process 2: p50 ${percentile(times, 0.5).toFixed(3)} s, p95 ${percentile(times, 0.95).toFixed(3)} s, max ${Math.max(...times).toFixed(3)} s`);
      add('pg_edit_to_live_p50_s', percentile(times, 0.5), 's', `the same on PostgreSQL: saved through one process, seen through another (LISTEN/NOTIFY), ${offers} offers`);
      add('pg_edit_to_live_p95_s', percentile(times, 0.95), 's', 'the same, p95 (every edit)', { goal: GOALS.pgP95S });
    } finally {
      for (const child of pg.children) await child.stop();
    }
  } finally {
    await cluster.stop();
  }
  return result();
};

export default editing;
