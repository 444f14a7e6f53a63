/**
 * The API benchmark: the real server (`node server/server.ts` with `npm start`'s flags, production mode, demo
 * data) against a bare Fastify hello-world and against raw better-sqlite3, side by side in one run on
 * loopback. The server side (both servers, hello-world, the SQLite loops) is pinned to one core and
 * autocannon to another (process.ts), and every figure is the median of several rounds, its spread beside
 * it; a ratio is taken within each round (server and yardstick measured minutes apart drift apart).
 *
 * Two servers run the same code on their own databases: one as deployed (read cache on) and one with
 * READ_CACHE=false, so every read is computed. Idle, they cost the other nothing.
 *
 * - offers_list_ratio_nocache: GET /api/v1/offers?pageSize=100 (every demo offer in one answer, with live
 *   availability; as a logged-in caseworker) req/s ÷ hello-world req/s, cache off. `offers_list_ratio`:
 *   the same with the cache on — every request a cache hit, since nothing is written meanwhile.
 * - referral_read_ratio_nocache / referral_read_ratio: GET /api/v1/referrals/:id as its caseworker, likewise.
 * - offers_list_ceiling_ratio / referral_read_ceiling_ratio: the yardstick process sending those very answers
 *   (saved from the portal) with no work at all, ÷ hello-world: what any server producing them could reach.
 * - signed_in_floor_ratio: the portal's cheapest signed-in answer (GET /api/v1/auth/session: every hook, no
 *   query) ÷ hello-world: what the portal's own request pipeline leaves for any signed-in read.
 * - mixed_p99_ms: a mixed load at 50 connections — every demo user (caseworkers, providers, admin), hundreds of
 *   different URLs (offer lists with searches, facets and pages, offers, referrals, lists, inboxes) and one
 *   request in ten a new referral, so the cache is invalidated all the time; p99 over every answer.
 * - referral_create_ratio_to_batched_sqlite: POST /api/v1/referrals at 100 connections ÷ the same SQL on raw
 *   better-sqlite3 (the statements of a direct-intake creation, on the portal's schema) through the server's
 *   own group commit (the SQLite engine's, db/engine.ts) with 100 concurrent writers, same pragmas. `referral_create_ratio_to_sqlite` is the old figure against one-row commits (not the same
 *   batching). referral_create_p99_ms: p99 of those POSTs, every answer included.
 * - overbooked_seats: seat holders beyond the seats there are, read from the database after the run.
 * - server_rss_mb_under_load: the deployed server's peak resident memory over the whole run.
 *
 * Throughput counts 2xx answers only. Each run's log line shows how busy the server's core and
 * autocannon's were: a server well below 100 % means the load generator, not the server, set the pace.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { describeLoad, load, type LoadRequest, type LoadResult, type LoadSpec } from './api-load.ts';
import { countOverbooking } from './api-overbooking.ts';
import type { SavedAnswer } from './api-hello.ts';
import type { BaselineResult } from './api-sqlite-baseline.ts';
import { PINNING, cpuSeconds, freePort, runChild, sampleMemory, startChild, startServer, waitUntilReady, type Child } from './process.ts';
import { THEMES } from '../core/catalogue/taxonomy.ts';
import { createRandom } from './random.ts';
import { rowCollector } from './rows.ts';
import { describeRounds, rounds } from './stats.ts';
import type { BenchOptions, BenchResult, BenchSuite } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONTENT_DIR = path.join(ROOT, 'content');
const DEMO_PASSWORD = 'demo-adgang-2026'; // server/seed.ts (not imported: keep the server's modules out of this process)
const READ_CASEWORKER = 'sagsbehandler.sygedagpengehuset@aadal.example.dk';
/** Direct intake, reachable from the jobcentre: continuous seats, and cohorts (first cohort with room). */
const CREATE_OFFERS = ['mindfulness-online', 'angstskolen'] as const;
const READ_OFFER = 'mindfulness-online';

const GOALS = {
  listRatio: { op: '>=', value: 0.5 },
  readRatio: { op: '>=', value: 0.5 },
  mixedP99Ms: { op: '<=', value: 25 },
  createRatio: { op: '>=', value: 0.6 },
  createP99Ms: { op: '<=', value: 50 },
  overbooked: { op: '=', value: 0 },
  rssMb: { op: '<=', value: 300 },
} as const;

export interface Session { email: string; role: string; unit?: string; organisation: string; cookie: string; csrfToken: string }
interface Referral { id: number; offerSlug: string; caseworker: Session; providerOrganisation: string }
interface OfferItem { slug: string; provider: { organisation: string }; referrable: boolean; taskType: number }

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The demo accounts as server/seed.ts makes them, from content/organisations.yaml. */
export function demoAccounts(): { email: string; role: string; unit?: string; organisation: string }[] {
  const file = parse(readFileSync(path.join(CONTENT_DIR, 'organisations.yaml'), 'utf8')) as
    { organisations: { id: string; kind: string; units: { id: string }[] }[] };
  const accounts = file.organisations.flatMap((org) => org.kind === 'jobcentre'
    ? org.units.map((u) => ({ email: `sagsbehandler.${u.id}@aadal.example.dk`, role: 'caseworker', unit: u.id, organisation: org.id }))
    : [{ email: `udbyder.${org.id}@aadal.example.dk`, role: 'provider', organisation: org.id }]);
  return [...accounts, { email: 'admin@aadal.example.dk', role: 'admin', organisation: file.organisations[0]!.id }];
}

export async function login(base: string, account: ReturnType<typeof demoAccounts>[number]): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`Login as ${account.email} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('indsats_session='));
  const { csrfToken } = await res.json() as { csrfToken?: string };
  if (!cookie || !csrfToken) throw new Error(`Login as ${account.email} answered without a session cookie or CSRF token`);
  return { ...account, cookie, csrfToken };
}

export const getHeaders = (s: Session) => ({ cookie: s.cookie });
export const postHeaders = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' });

/** A referral body; `{run}` and `{n}` are filled in by the load generator (api-load.ts), unique per request. */
export const referralBody = (offerSlug: string, citizenRef = 'B{run}-{n}') => JSON.stringify({
  offerSlug, citizenRef, purpose: 'Afklaring af helbred og arbejdsevne (benchmark)', consent: { given: true },
});

/** A GET's answer as the yardstick replays it: the body and the headers that describe it, not the connection's. */
async function saveAnswer(url: string, headers: Record<string, string>): Promise<SavedAnswer> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  const kept = Object.fromEntries([...res.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name)));
  return { headers: kept, body: await res.text() };
}

async function createReferral(base: string, caseworker: Session, offerSlug: string, citizenRef: string): Promise<number | undefined> {
  const res = await fetch(`${base}/api/v1/referrals`, { method: 'POST', headers: postHeaders(caseworker), body: referralBody(offerSlug, citizenRef) });
  if (res.status === 201) return (await res.json() as { id: number }).id;
  await res.arrayBuffer();
  return undefined;
}

/** One server under test with its logged-in users and some referrals to read. */
interface Target {
  name: string;
  base: string;
  child: Child;
  sessions: Session[];
  offers: OfferItem[];
  referrals: Referral[];
  /** The single referral the read benchmark reads, and its caseworker. */
  readReferral: Referral;
}

async function prepareTarget(name: string, base: string, child: Child, smoke: boolean): Promise<Target> {
  const sessions: Session[] = [];
  for (const account of demoAccounts()) sessions.push(await login(base, account));
  const caseworkers = sessions.filter((s) => s.role === 'caseworker');
  const reader = sessions.find((s) => s.email === READ_CASEWORKER)!;
  const list = await fetch(`${base}/api/v1/offers?pageSize=100`, { headers: getHeaders(reader) });
  const body = await list.json() as { total: number; items: OfferItem[] };
  if (list.status !== 200 || !body.total || body.items.length !== body.total) {
    throw new Error(`GET /api/v1/offers?pageSize=100 answered ${list.status} with ${body.items?.length} of ${body.total} offers`);
  }
  const referrable = body.items.filter((o) => o.referrable);
  const referrals: Referral[] = [];
  const perCaseworker = smoke ? 3 : 12;
  let n = 0;
  for (const caseworker of caseworkers) {
    for (let i = 0; i < perCaseworker; i++) {
      const offer = referrable[n++ % referrable.length]!;
      const id = await createReferral(base, caseworker, offer.slug, `SETUP-${n}`);
      if (id !== undefined) referrals.push({ id, offerSlug: offer.slug, caseworker, providerOrganisation: offer.provider.organisation });
    }
  }
  const readId = await createReferral(base, reader, READ_OFFER, 'READ-0001');
  if (readId === undefined) throw new Error(`Could not create the referral to read on ${name}`);
  const readReferral = { id: readId, offerSlug: READ_OFFER, caseworker: reader, providerOrganisation: '' };
  if (referrals.length < caseworkers.length) throw new Error(`Only ${referrals.length} set-up referrals were created on ${name}`);
  return { name, base, child, sessions, offers: body.items, referrals, readReferral };
}

const SEARCH_WORDS = ['stress', 'angst', 'rygestop', 'job', 'mentor', 'smerter', 'unge', 'alkohol', 'søvn', 'træning',
  'familie', 'diabetes', 'hash', 'motion', 'praktik', 'depression', 'kvinder', 'sundhed', 'bostøtte', 'ensomhed'];

/**
 * The mixed load's requests, deterministic: who asks for what, in what order. Every URL is one the user may
 * read, so every answer should be a 2xx; about one request in ten creates a referral.
 */
function mixedRequests(target: Target, count: number): LoadRequest[] {
  const rnd = createRandom(2026);
  const caseworkers = target.sessions.filter((s) => s.role === 'caseworker');
  const providers = target.sessions.filter((s) => s.role === 'provider');
  const admin = target.sessions.find((s) => s.role === 'admin')!;
  const referrable = target.offers.filter((o) => o.referrable).map((o) => o.slug);
  const out: LoadRequest[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rnd.next();
    if (kind < 0.3) {
      const params = new URLSearchParams();
      if (rnd.chance(0.6)) params.set('q', rnd.pick(SEARCH_WORDS));
      if (rnd.chance(0.3)) params.set('taskType', String(rnd.int(1, 10)));
      if (rnd.chance(0.2)) params.set('theme', rnd.pick(THEMES.keys));
      if (rnd.chance(0.2)) params.set('hasFreeSeats', 'true');
      params.set('pageSize', rnd.pick(['20', '50', '100']));
      if (rnd.chance(0.2)) params.set('page', '2');
      out.push({ path: `/api/v1/offers?${params}`, headers: getHeaders(rnd.pick([...caseworkers, admin])) });
    } else if (kind < 0.45) {
      out.push({ path: `/api/v1/offers/${rnd.pick(target.offers).slug}`, headers: getHeaders(rnd.pick(target.sessions)) });
    } else if (kind < 0.65) {
      const referral = rnd.pick(target.referrals);
      const reader = rnd.chance(0.7) ? referral.caseworker : target.sessions.find((s) => s.organisation === referral.providerOrganisation) ?? admin;
      out.push({ path: `/api/v1/referrals/${referral.id}`, headers: getHeaders(reader) });
    } else if (kind < 0.8) {
      const user = rnd.pick([...caseworkers, ...providers]);
      out.push({ path: `/api/v1/referrals?page=${rnd.int(1, 2)}`, headers: getHeaders(user) });
    } else if (kind < 0.9) {
      out.push({ path: '/api/v1/inbox', headers: getHeaders(rnd.pick(providers)) });
    } else {
      const caseworker = rnd.pick(caseworkers);
      out.push({ method: 'POST', path: '/api/v1/referrals', headers: postHeaders(caseworker), body: referralBody(rnd.pick(referrable)) });
    }
  }
  return out;
}

const apiBench: BenchSuite = async ({ smoke, workDir, log }: BenchOptions): Promise<BenchResult> => {
  ensureBuild(log);
  const roundCount = smoke ? 2 : 5;
  const seconds = smoke ? 1 : 4;
  const mixedSeconds = smoke ? 1 : 5;
  const warmup = smoke ? 0 : 2;
  const connections = smoke ? 4 : 50;
  const createConnections = smoke ? 10 : 100;
  const baselineSeconds = smoke ? 0.3 : 3;
  log(PINNING.note);

  const [cachedPort, uncachedPort, helloPort] = [await freePort(), await freePort(), await freePort()];
  const children: Child[] = [];
  let memory: ReturnType<typeof sampleMemory> | undefined;
  const serverEnv = (port: number, db: string, readCache: boolean) => ({
    NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), HOST: '127.0.0.1', PORT: String(port),
    LOG_LEVEL: 'warn', DATABASE_PATH: path.join(workDir, db), CONTENT_DIR, DIST_DIR: path.join(ROOT, 'dist'),
    SEED_DEMO: 'true', SMTP_URL: '', SITE_URL: '', SHUTDOWN_DRAIN_SECONDS: '0', READ_CACHE: String(readCache),
  });

  try {
    const cachedChild = startServer(serverEnv(cachedPort, 'cached.db', true), { side: 'server', name: 'server (read cache on)' });
    children.push(cachedChild);
    memory = sampleMemory(cachedChild.proc.pid!);
    const uncachedChild = startServer(serverEnv(uncachedPort, 'uncached.db', false), { side: 'server', name: 'server (READ_CACHE=false)' });
    children.push(uncachedChild);
    const cachedBase = `http://127.0.0.1:${cachedPort}`;
    const uncachedBase = `http://127.0.0.1:${uncachedPort}`;
    const hello = `http://127.0.0.1:${helloPort}`;
    await waitUntilReady(cachedChild, `${cachedBase}/readyz`);
    await waitUntilReady(uncachedChild, `${uncachedBase}/readyz`);
    memory.markReady();
    const cached = await prepareTarget('cache on', cachedBase, cachedChild, smoke);
    const uncached = await prepareTarget('cache off', uncachedBase, uncachedChild, smoke);
    // The yardstick serves, beside its hello-world, the very answers the read benchmarks ask the portal for.
    const sameAnswers = path.join(workDir, 'same-answers.json');
    const listAnswer = await saveAnswer(`${uncachedBase}/api/v1/offers?pageSize=100`, getHeaders(uncached.readReferral.caseworker));
    const readAnswer = await saveAnswer(`${uncachedBase}/api/v1/referrals/${uncached.readReferral.id}`, getHeaders(uncached.readReferral.caseworker));
    writeFileSync(sameAnswers, JSON.stringify({ list: listAnswer, read: readAnswer }));
    const helloChild = startChild('hello-world', ['bench/api-hello.ts'], {
      cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(helloPort), SAME_ANSWERS: sameAnswers }, side: 'server',
    });
    children.push(helloChild);
    await waitUntilReady(helloChild, `${hello}/`);
    log(`servers: cache on ${cachedBase} (pid ${cachedChild.proc.pid}), cache off ${uncachedBase} (pid ${uncachedChild.proc.pid}); hello-world ${hello}; ` +
      `${cached.sessions.length} users, ${cached.offers.length} offers, ${cached.referrals.length} referrals set up on each`);

    let runs = 0;
    // One request before each run, answered in its own time: a process that idled while the others were
    // measured may have had its pages reclaimed, and waking it is not what the run measures.
    const wake = async (spec: LoadSpec) => {
      const url = spec.requests ? new URL('/readyz', spec.url) : spec.url;
      const res = await fetch(url, { headers: spec.requests ? {} : spec.headers, signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
    };
    const run = async (name: string, spec: LoadSpec, child: Child, quiet = false): Promise<LoadResult> => {
      await wake(spec);
      let result = await load({ ...spec, runId: `${++runs}` }, { workDir, serverPid: child.proc.pid });
      if (result.ok === 0 && cpuSeconds(child.proc.pid!) >= 0) {
        // Not one answer in the whole run: on a shared machine the server can stall (a blocked fsync, a
        // starved core) for longer than a short run lasts. Said in the log, and tried once more.
        log(`${describeLoad(name, result)} — NO ANSWER in the whole run; running it once more`);
        result = await load({ ...spec, runId: `${++runs}` }, { workDir, serverPid: child.proc.pid });
      }
      if (!quiet) log(describeLoad(name, result));
      if (result.ok === 0) {
        await new Promise((resolve) => setTimeout(resolve, 200)); // let an exit be noticed, for the message
        throw new Error(`${name}: no successful answers — ${describeLoad(name, result)}${child.exited() ? `\n${child.name} exited:\n${child.output()}` : ''}`);
      }
      return result;
    };

    // ------------------------------------------------------------ reads: hello-world, then the cache off and on
    const reads: Record<'hello' | 'listSame' | 'readSame' | 'signedInFloor' | 'listNoCache' | 'listCache' | 'readNoCache' | 'readCache', { url: string; child: Child; headers?: Record<string, string> }> = {
      hello: { url: `${hello}/`, child: helloChild },
      listSame: { url: `${hello}/same/list`, child: helloChild },
      readSame: { url: `${hello}/same/read`, child: helloChild },
      // The portal's own cheapest signed-in answer: every hook a signed-in read passes, no query (the session is kept in memory).
      signedInFloor: { url: `${uncachedBase}/api/v1/auth/session`, child: uncachedChild, headers: getHeaders(uncached.readReferral.caseworker) },
      listNoCache: { url: `${uncachedBase}/api/v1/offers?pageSize=100`, child: uncachedChild, headers: getHeaders(uncached.readReferral.caseworker) },
      listCache: { url: `${cachedBase}/api/v1/offers?pageSize=100`, child: cachedChild, headers: getHeaders(cached.readReferral.caseworker) },
      readNoCache: { url: `${uncachedBase}/api/v1/referrals/${uncached.readReferral.id}`, child: uncachedChild, headers: getHeaders(uncached.readReferral.caseworker) },
      readCache: { url: `${cachedBase}/api/v1/referrals/${cached.readReferral.id}`, child: cachedChild, headers: getHeaders(cached.readReferral.caseworker) },
    };
    type ReadKey = keyof typeof reads;
    const readKeys = Object.keys(reads) as ReadKey[];
    if (warmup > 0) {
      for (const key of readKeys) await run(`warm-up ${key}`, { url: reads[key].url, headers: reads[key].headers, connections, duration: warmup }, reads[key].child, true);
    }
    const readResults: Record<ReadKey, LoadResult[]> = { hello: [], listSame: [], readSame: [], signedInFloor: [], listNoCache: [], listCache: [], readNoCache: [], readCache: [] };
    for (let r = 1; r <= roundCount; r++) {
      for (const key of readKeys) {
        const { url, headers, child } = reads[key];
        readResults[key].push(await run(`round ${r}/${roundCount} ${key} ${new URL(url).pathname}${new URL(url).search}`, { url, headers, connections, duration: seconds }, child));
      }
    }
    const over = (key: ReadKey, f: (r: LoadResult) => number) => rounds(readResults[key].map(f));
    const ratio = (key: ReadKey) => rounds(readResults[key].map((res, i) => res.rps / readResults.hello[i]!.rps));

    // ------------------------------------------------------------ mixed load, cache on and off
    const mixedSpecs = { cached: mixedRequests(cached, smoke ? 500 : 4_000), uncached: mixedRequests(uncached, smoke ? 500 : 4_000) };
    const mixed: { cached: LoadResult[]; uncached: LoadResult[] } = { cached: [], uncached: [] };
    for (let r = 1; r <= roundCount; r++) {
      for (const which of ['cached', 'uncached'] as const) {
        const target = which === 'cached' ? cached : uncached;
        mixed[which].push(await run(`round ${r}/${roundCount} mixed load, cache ${which === 'cached' ? 'on' : 'off'}`,
          { url: target.base, connections, duration: mixedSeconds, requests: mixedSpecs[which] }, target.child));
      }
    }

    // ------------------------------------------------------------ referral creation beside raw SQLite
    const baseline = async (mode: 'single' | 'batched', r: number): Promise<BaselineResult> => {
      const out = await runChild(`sqlite baseline (${mode})`, ['bench/api-sqlite-baseline.ts', path.join(workDir, `sqlite-${mode}.db`), String(baselineSeconds), mode, String(createConnections)],
        { cwd: ROOT, env: process.env, side: 'server' });
      const result = JSON.parse(out.trim().split('\n').at(-1)!) as BaselineResult;
      log(`round ${r}/${roundCount} raw better-sqlite3 ${mode === 'single' ? 'one-row commits' : `group commit, ${createConnections} writers`}: ` +
        `${fmt(result.writesPerSecond)} writes/s (${fmt(result.writes / result.commits, 1)} per commit, ${result.commits} commits in ${result.seconds.toFixed(2)} s)`);
      return result;
    };
    const creates: LoadResult[] = [];
    const singles: BaselineResult[] = [];
    const batches: BaselineResult[] = [];
    const createRequests: LoadRequest[] = CREATE_OFFERS.map((slug) => ({
      method: 'POST', path: '/api/v1/referrals', headers: postHeaders(cached.readReferral.caseworker), body: referralBody(slug),
    }));
    for (let r = 1; r <= roundCount; r++) {
      creates.push(await run(`round ${r}/${roundCount} POST /api/v1/referrals (${createConnections} connections)`,
        { url: cachedBase, connections: createConnections, duration: seconds, requests: createRequests }, cachedChild));
      singles.push(await baseline('single', r));
      batches.push(await baseline('batched', r));
    }

    const rssMb = memory.peakMb();
    const rssAfterStartMb = memory.peakSinceReadyMb();
    memory.stop();
    await cachedChild.stop(); // graceful: finishes requests, closes (and checkpoints) the database
    const overbooking = await countOverbooking(path.join(workDir, 'cached.db'), CONTENT_DIR);
    log(`referrals by status after the run: ${JSON.stringify(overbooking.byStatus)}`);
    if (overbooking.excess > 0) log(`OVERBOOKED: ${overbooking.places.join('; ')}`);
    log(`server peak RSS ${fmt(rssMb, 1)} MB (${fmt(rssAfterStartMb, 1)} MB after start-up)`);

    // ------------------------------------------------------------ rows
    const { add, result } = rowCollector();
    const helloRps = over('hello', (r) => r.rps);
    const helloAgainst = `hello-world ${fmt(helloRps.median)} req/s in the same rounds`;
    const listed = cached.offers.length;
    const cpuShare = (key: ReadKey, side: 'server' | 'load') => rounds(readResults[key].map((r) => (side === 'load' ? r.loadCpuSeconds : r.serverCpuSeconds ?? NaN) / r.seconds)).median;
    add('hello_world_rps', helloRps, 'req/s', `bare Fastify hello-world, ${connections} connections (the yardstick)`,
      { digits: 0, against: `its core ${Math.round(100 * cpuShare('hello', 'server'))} % busy, autocannon's ${Math.round(100 * cpuShare('hello', 'load'))} % (near 100 %: the generator is close to its limit too)` });
    add('hello_world_p99_ms', over('hello', (r) => r.p99), 'ms', 'hello-world p99, every answer');

    add('offers_list_ratio_nocache', ratio('listNoCache'), '×', `GET /api/v1/offers?pageSize=100 (all ${listed} offers, availability), cache off, ÷ hello-world`,
      { against: helloAgainst, goal: GOALS.listRatio });
    add('offers_list_rps_nocache', over('listNoCache', (r) => r.rps), 'req/s', 'offers list, cache off', { digits: 0 });
    add('offers_list_p99_ms_nocache', over('listNoCache', (r) => r.p99), 'ms', 'offers list p99, cache off, every answer');
    add('offers_list_ceiling_ratio', ratio('listSame'), '×',
      `CEILING, not a goal: bare Fastify sending the very same offers list (${fmt(listAnswer.body.length / 1024, 1)} KB and the same headers) with no work at all ÷ hello-world; no server producing this answer scores higher here`);
    add('referral_read_ceiling_ratio', ratio('readSame'), '×',
      `CEILING, not a goal: bare Fastify sending the very same referral (${fmt(readAnswer.body.length / 1024, 1)} KB and the same headers) with no work at all ÷ hello-world`);
    add('signed_in_floor_ratio', ratio('signedInFloor'), '×',
      'FLOOR of the portal, not a goal: GET /api/v1/auth/session (every hook of a signed-in read — session, access, security headers, cookies — and no query) ÷ hello-world; no signed-in read of the portal scores higher here');
    add('referral_read_ratio_nocache', ratio('readNoCache'), '×', 'GET /api/v1/referrals/:id as its caseworker, cache off, ÷ hello-world',
      { against: helloAgainst, goal: GOALS.readRatio });
    add('referral_read_rps_nocache', over('readNoCache', (r) => r.rps), 'req/s', 'one referral, cache off', { digits: 0 });
    add('referral_read_p99_ms_nocache', over('readNoCache', (r) => r.p99), 'ms', 'one referral p99, cache off, every answer');

    add('offers_list_ratio', ratio('listCache'), '×', 'CACHE-HIT figure: offers list with the read cache on and nothing written (every request a hit) ÷ hello-world', { against: helloAgainst });
    add('offers_list_rps', over('listCache', (r) => r.rps), 'req/s', 'CACHE-HIT figure: offers list, cache on', { digits: 0 });
    add('offers_list_p99_ms', over('listCache', (r) => r.p99), 'ms', 'CACHE-HIT figure: offers list p99, cache on');
    add('referral_read_ratio', ratio('readCache'), '×', 'CACHE-HIT figure: one referral with the read cache on ÷ hello-world', { against: helloAgainst });
    add('referral_read_rps', over('readCache', (r) => r.rps), 'req/s', 'CACHE-HIT figure: one referral, cache on', { digits: 0 });
    add('referral_read_p99_ms', over('readCache', (r) => r.p99), 'ms', 'CACHE-HIT figure: one referral p99, cache on');

    const mixedOver = (which: 'cached' | 'uncached', f: (r: LoadResult) => number) => rounds(mixed[which].map(f));
    const mixedUsers = cached.sessions.length;
    const mixedUrls = new Set(mixedSpecs.cached.map((q) => `${q.method ?? 'GET'} ${q.path}`)).size;
    add('mixed_p99_ms', mixedOver('cached', (r) => r.p99), 'ms', `mixed API load at ${connections} connections as deployed (cache on): ${mixedUsers} users, ${fmt(mixedUrls)} URLs, 1 in 10 a new referral; p99 of every answer`,
      { goal: GOALS.mixedP99Ms, against: `p50 ${describeRounds(mixedOver('cached', (r) => r.p50), 2)} ms` });
    add('mixed_rps', mixedOver('cached', (r) => r.rps), 'req/s', 'mixed load throughput (2xx), cache on', { digits: 0 });
    add('mixed_p99_ms_nocache', mixedOver('uncached', (r) => r.p99), 'ms', 'mixed load p99, cache off');
    add('mixed_rps_nocache', mixedOver('uncached', (r) => r.rps), 'req/s', 'mixed load throughput (2xx), cache off', { digits: 0 });
    const mixedFailures = [...mixed.cached, ...mixed.uncached].reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
    add('mixed_failed_requests', mixedFailures, 'requests', 'non-2xx answers, errors and timeouts over every mixed round', { goal: { op: '=', value: 0 } });

    const createRps = rounds(creates.map((c) => c.rps));
    const singleRate = rounds(singles.map((s) => s.writesPerSecond));
    const batchedRate = rounds(batches.map((s) => s.writesPerSecond));
    const perCommit = rounds(batches.map((s) => s.writes / s.commits));
    add('referral_create_ratio_to_batched_sqlite', rounds(creates.map((c, i) => c.rps / batches[i]!.writesPerSecond)), '×',
      `POST /api/v1/referrals at ${createConnections} connections ÷ the same SQL per referral on raw better-sqlite3, through the same group commit with ${createConnections} writers, same pragmas`,
      { goal: GOALS.createRatio, against: `SQLite ${fmt(batchedRate.median)} referrals/s, ${fmt(perCommit.median, 1)} per commit; the bare hello-world would score ${(helloRps.median / batchedRate.median).toFixed(2)}` });
    add('referral_create_rps', createRps, 'req/s', `referrals created per second, ${createConnections} connections`, { digits: 0 });
    add('referral_create_p99_ms', rounds(creates.map((c) => c.p99)), 'ms', `p99 of the POSTs at ${createConnections} connections, every answer (first ones on each connection too)`,
      { goal: GOALS.createP99Ms, against: `p50 ${describeRounds(rounds(creates.map((c) => c.p50)), 2)} ms` });
    add('referral_create_p99_trimmed_ms', rounds(creates.map((c) => c.trimmed.p99)), 'ms', 'TRIMMED figure: the same p99 without each connection\'s first answer');
    add('sqlite_batched_writes_per_s', batchedRate, 'writes/s', `raw better-sqlite3, a referral creation's SQL per write (8–10 statements), group commit (db/engine.ts), ${createConnections} writers, WAL + synchronous=FULL`, { digits: 0 });
    add('sqlite_commits_per_s', singleRate, 'commits/s', 'raw better-sqlite3, one row per BEGIN IMMEDIATE … COMMIT, WAL + synchronous=FULL', { digits: 0 });
    add('referral_create_ratio_to_sqlite', rounds(creates.map((c, i) => c.rps / singles[i]!.writesPerSecond)), '×',
      'NOT THE SAME BATCHING: POSTs ÷ one-row commits (the server batches, this baseline does not)');

    // A saturating load keeps the server's core near 100 % busy with the server alone; lower means other
    // processes took the core (a shared machine), and every figure of the run then understates the server.
    const saturating = [...readKeys.filter((k) => k !== 'hello').flatMap((k) => readResults[k]), ...mixed.cached, ...mixed.uncached];
    add('server_core_busy_share', rounds(saturating.map((r) => (r.serverCpuSeconds ?? NaN) / r.seconds)), '',
      'CHECK, not a goal: the server\'s CPU time ÷ wall time over the saturating read and mixed runs; near 1 when it had its core to itself, lower when other processes took it');
    const held = (overbooking.byStatus.accepted ?? 0) + (overbooking.byStatus.started ?? 0);
    add('overbooked_seats', overbooking.excess, 'seats', `seat holders beyond the seats there are, after the run (${fmt(held)} seat holders)`, { goal: GOALS.overbooked });
    add('server_rss_mb_under_load', rssMb, 'MB', 'server peak RSS (VmHWM) over the whole API run, cache on', { goal: GOALS.rssMb, digits: 1 });
    add('server_rss_mb_after_start', rssAfterStartMb, 'MB', 'peak VmRSS once ready (leaves out start-up and demo seeding)', { digits: 1 });
    return result();
  } finally {
    memory?.stop();
    await Promise.all(children.map((c) => c.stop()));
  }
};

export default apiBench;
