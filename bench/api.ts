/**
 * The API benchmark: the real server (`node server/server.ts`, its own process, demo data) against a bare
 * Fastify hello-world and against raw better-sqlite3 commits, side by side in one run on loopback.
 *
 * - offers_list_ratio: GET /api/v1/offers (every offer, with live availability; as a logged-in
 *   caseworker, since the API is private) req/s ÷ hello-world req/s.
 * - referral_read_ratio: GET /api/v1/referrals/:id as its caseworker, req/s ÷ hello-world req/s.
 * - referral_create_ratio_to_sqlite: POST /api/v1/referrals at 100 connections (direct-intake offers, one
 *   with continuous seats and one with cohorts, so seats fill and the rest waitlist) ÷ single-row
 *   BEGIN IMMEDIATE commits/s of better-sqlite3 with the same pragmas, in a child process.
 * - referral_create_p99_ms: p99 latency of those POSTs.
 * - overbooked_seats: seat holders beyond the seats there are, read from the database after the run.
 * - server_rss_mb_under_load: the server process's peak resident memory over the whole run.
 *
 * Throughput counts 2xx answers only; latency percentiles leave out each connection's first answer (see
 * api-load.ts: connection set-up under a saturated Node server), and the create row shows both. Hello-world runs twice (before the reads and after them) and the mean
 * is the yardstick, which evens out some of the drift of a shared machine.
 */
import path from 'node:path';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { describeLoad, load, type LoadResult } from './api-load.ts';
import { countOverbooking } from './api-overbooking.ts';
import { freePort, runChild, sampleMemory, startChild, startServer, waitUntilReady, type Child } from './process.ts';
import type { BenchOptions, BenchResult, BenchRow, BenchSuite } from './types.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CASEWORKER = 'sagsbehandler.sygedagpengehuset@aadal.example.dk';
const DEMO_PASSWORD = 'demo-adgang-2026'; // server/seed.ts (not imported: keep the server's modules out of this process)
/** Direct intake, reachable from the jobcentre: continuous seats, and cohorts (first cohort with room). */
const CREATE_OFFERS = ['mindfulness-online', 'angstskolen'] as const;
const READ_OFFER = 'mindfulness-online';

const GOALS = { listRatio: 0.5, readRatio: 0.5, createRatio: 0.6, createP99Ms: 50, overbooked: 0, rssMb: 300 };

interface Session { cookie: string; csrfToken: string }

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

async function login(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: CASEWORKER, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`Login as ${CASEWORKER} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('indsats_session='));
  const { csrfToken } = await res.json() as { csrfToken?: string };
  if (!cookie || !csrfToken) throw new Error('Login answered without a session cookie or CSRF token');
  return { cookie, csrfToken };
}

function referralBody(n: number, offerSlug: string): string {
  return JSON.stringify({
    offerSlug,
    citizenRef: `BENCH-${n}`,
    purpose: 'Afklaring af helbred og arbejdsevne (benchmark)',
    consent: { given: true },
  });
}

const apiBench: BenchSuite = async ({ smoke, workDir, log }: BenchOptions): Promise<BenchResult> => {
  ensureBuild(log);
  const seconds = smoke ? 1 : 8;
  const warmup = smoke ? 0.5 : 2;
  const connections = smoke ? 4 : 50;
  const createConnections = smoke ? 10 : 100;
  const baselineSeconds = smoke ? 0.5 : 4;

  const databasePath = path.join(workDir, 'server.db');
  const [serverPort, helloPort] = [await freePort(), await freePort()];
  const server = `http://127.0.0.1:${serverPort}`;
  const hello = `http://127.0.0.1:${helloPort}`;
  const children: Child[] = [];
  let memory: ReturnType<typeof sampleMemory> | undefined;

  try {
    const serverChild = startServer({
      NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(serverPort), LOG_LEVEL: 'warn',
      DATABASE_PATH: databasePath, CONTENT_DIR: path.join(ROOT, 'content'), DIST_DIR: path.join(ROOT, 'dist'),
      SEED_DEMO: 'true', SMTP_URL: '', SITE_URL: '',
    });
    children.push(serverChild);
    memory = sampleMemory(serverChild.proc.pid!);
    const helloChild = startChild('hello-world', ['bench/api-hello.ts'], {
      cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(helloPort) },
    });
    children.push(helloChild);
    await waitUntilReady(serverChild, `${server}/readyz`);
    await waitUntilReady(helloChild, `${hello}/`);
    memory.markReady();
    log(`server on ${server} (pid ${serverChild.proc.pid}), hello-world on ${hello}`);

    const session = await login(server);
    const authGet = { cookie: session.cookie };
    const authPost = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };

    // What the reads read: the whole offers list, and one referral of this caseworker.
    const list = await fetch(`${server}/api/v1/offers`, { headers: authGet });
    const listed = (await list.json() as { total?: number }).total ?? 0;
    if (list.status !== 200 || listed === 0) throw new Error(`GET /api/v1/offers answered ${list.status} with ${listed} offers`);
    const created = await fetch(`${server}/api/v1/referrals`, { method: 'POST', headers: authPost, body: referralBody(0, READ_OFFER) });
    if (created.status !== 201) throw new Error(`POST /api/v1/referrals answered ${created.status}: ${await created.text()}`);
    const referralId = (await created.json() as { id: number }).id;

    const run = async (name: string, options: Parameters<typeof load>[0]): Promise<LoadResult> => {
      if (warmup > 0) await load({ ...options, duration: warmup });
      const result = await load(options);
      log(describeLoad(name, result));
      if (result.ok === 0) throw new Error(`${name}: no successful answers (${JSON.stringify(result.statusCodes)})`);
      return result;
    };

    const hello1 = await run('hello-world', { url: `${hello}/`, connections, duration: seconds });
    const offersList = await run(`GET /api/v1/offers (${listed} offers)`, { url: `${server}/api/v1/offers`, connections, duration: seconds, headers: authGet });
    const referralRead = await run(`GET /api/v1/referrals/${referralId}`, { url: `${server}/api/v1/referrals/${referralId}`, connections, duration: seconds, headers: authGet });
    const hello2 = await run('hello-world (again)', { url: `${hello}/`, connections, duration: seconds });
    const helloRps = (hello1.rps + hello2.rps) / 2;
    const helloP99 = (hello1.p99 + hello2.p99) / 2;

    // The floor for durable writes, while the server is idle.
    const baselineOut = await runChild('sqlite baseline', ['bench/api-sqlite-baseline.ts', path.join(workDir, 'sqlite-baseline.db'), String(baselineSeconds)], { cwd: ROOT, env: process.env });
    const baseline = JSON.parse(baselineOut.trim().split('\n').at(-1)!) as { commits: number; seconds: number; commitsPerSecond: number };
    log(`raw better-sqlite3 (WAL, synchronous=FULL): ${fmt(baseline.commitsPerSecond)} commits/s (${baseline.commits} in ${baseline.seconds.toFixed(2)} s)`);

    let n = 1;
    const create = await run(`POST /api/v1/referrals (${createConnections} connections)`, {
      url: server,
      connections: createConnections,
      duration: seconds,
      requests: [{
        method: 'POST', path: '/api/v1/referrals', headers: authPost,
        setupRequest: (request) => ({ ...request, body: referralBody(n, CREATE_OFFERS[n++ % CREATE_OFFERS.length]!) }),
      }],
    });

    const rssMb = memory.peakMb();
    const rssAfterStartMb = memory.peakSinceReadyMb();
    memory.stop();
    await serverChild.stop(); // graceful: finishes requests, closes (and checkpoints) the database
    const overbooking = countOverbooking(databasePath, path.join(ROOT, 'content'));
    log(`referrals by status after the run: ${JSON.stringify(overbooking.byStatus)}`);
    if (overbooking.excess > 0) log(`OVERBOOKED: ${overbooking.places.join('; ')}`);
    log(`server peak RSS ${fmt(rssMb, 1)} MB (${fmt(rssAfterStartMb, 1)} MB after start-up)`);

    const listRatio = offersList.rps / helloRps;
    const readRatio = referralRead.rps / helloRps;
    const createRatio = create.rps / baseline.commitsPerSecond;
    const helloAgainst = `hello-world ${fmt(helloRps)} req/s`;
    const held = (overbooking.byStatus.accepted ?? 0) + (overbooking.byStatus.started ?? 0);

    const rows: BenchRow[] = [
      { metric: 'hello_world_rps', value: Math.round(helloRps), unit: 'req/s', against: `bare Fastify, ${connections} connections, mean of 2 runs` },
      { metric: 'hello_world_p99_ms', value: round(helloP99), unit: 'ms' },
      { metric: 'offers_list_rps', value: Math.round(offersList.rps), unit: 'req/s', against: `${listed} offers with availability per answer` },
      { metric: 'offers_list_p99_ms', value: round(offersList.p99), unit: 'ms', against: `hello-world p99 ${round(helloP99)} ms` },
      { metric: 'offers_list_ratio', value: round(listRatio), unit: '×', against: `${helloAgainst}; goal ≥ ${GOALS.listRatio}`, ok: listRatio >= GOALS.listRatio },
      { metric: 'referral_read_rps', value: Math.round(referralRead.rps), unit: 'req/s', against: 'one referral, as its caseworker' },
      { metric: 'referral_read_p99_ms', value: round(referralRead.p99), unit: 'ms', against: `hello-world p99 ${round(helloP99)} ms` },
      { metric: 'referral_read_ratio', value: round(readRatio), unit: '×', against: `${helloAgainst}; goal ≥ ${GOALS.readRatio}`, ok: readRatio >= GOALS.readRatio },
      { metric: 'sqlite_commits_per_s', value: Math.round(baseline.commitsPerSecond), unit: 'commits/s', against: 'raw better-sqlite3, WAL + synchronous=FULL, 1 row per commit' },
      { metric: 'referral_create_rps', value: Math.round(create.rps), unit: 'req/s', against: `${createConnections} connections, ${fmt(create.ok)} created` },
      { metric: 'referral_create_ratio_to_sqlite', value: round(createRatio), unit: '×', against: `SQLite ${fmt(baseline.commitsPerSecond)} commits/s; goal ≥ ${GOALS.createRatio}`, ok: createRatio >= GOALS.createRatio },
      { metric: 'referral_create_p99_ms', value: round(create.p99), unit: 'ms', against: `goal ≤ ${GOALS.createP99Ms} ms (p50 ${round(create.p50)} ms)`, ok: create.p99 <= GOALS.createP99Ms },
      { metric: 'referral_create_p99_with_first_ms', value: round(create.p99WithFirst), unit: 'ms', against: 'incl. each connection\'s first answer (connection set-up)' },
      { metric: 'overbooked_seats', value: overbooking.excess, unit: 'seats', against: `goal 0 (${fmt(held)} seat holders)`, ok: overbooking.excess === GOALS.overbooked },
      { metric: 'server_rss_mb_under_load', value: round(rssMb, 1), unit: 'MB', against: `goal ≤ ${GOALS.rssMb} MB (peak VmRSS/VmHWM)`, ok: rssMb <= GOALS.rssMb },
      { metric: 'server_rss_mb_after_start', value: round(rssAfterStartMb, 1), unit: 'MB', against: 'peak VmRSS once ready (leaves out start-up and demo seeding)' },
    ];
    return { metrics: Object.fromEntries(rows.map((r) => [r.metric, r.value])), rows };
  } finally {
    memory?.stop();
    await Promise.all(children.map((c) => c.stop()));
  }
};

export default apiBench;
