/**
 * The PostgreSQL benchmark: the same portal on the two engines, side by side in one run, on this machine.
 *
 * - pg3_referral_create_rps / _p99_ms: POST /api/v1/referrals at `connections` connections spread over
 *   THREE app processes on one PostgreSQL (a throwaway cluster of Debian's package, fsync on), against
 *   sqlite1_referral_create_rps / _p99_ms: the same requests to ONE process on the SQLite file
 *   (synchronous=FULL). Same content, same demo users, same request list; percentiles over every answer.
 *   pg3_referral_create_ratio_to_sqlite1: the first ÷ the second.
 * - pg3_mixed_p99_ms / sqlite1_mixed_p99_ms: a mixed load (offers list, referral lists, the inbox, one in
 *   ten a new referral), each engine the same way.
 * - overbooked_seats_pg3 / overbooked_seats_sqlite1: seat holders beyond the seats after the loads, read
 *   from each database with plain SQL (bench/api-overbooking.ts), not through the code under test.
 * - pg_inbox_p95_ms_1m_referrals: a national year on PostgreSQL — 1,000,000 referrals with two history
 *   rows each (2,000 in smoke mode), inserted with SQL — then every provider's inbox and every caseworker's
 *   referral list (GET /api/v1/inbox, GET /api/v1/referrals) timed one request at a time, every answer in
 *   the percentile. The app's own list queries are EXPLAINed on that data: a sequential scan of referrals
 *   fails the run (`pg_list_plans_seq_scans` = 0 is the check).
 *
 * Pinning: the app processes run on the server side (process.ts), the PostgreSQL server where the kernel
 * puts it, the load generator on the load side; with two cores the three processes and PostgreSQL share
 * one core's worth of pinning, which is said in the table.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { ensureBuild } from '../scripts/ensure-build.ts';
import { createDatabase, findPostgresBin, startThrowawayCluster } from '../scripts/postgres-cluster.ts';
import { numberedPlaceholders, openPostgres } from '../db/engine.ts';
import { referralListQueries } from '../server/services/referrals.ts';
import { INBOX_STATUSES } from '../core/referrals/status.ts';
import { demoAccounts, getHeaders, login, postHeaders, referralBody, type Session } from './api.ts';
import { describeLoad, load, type LoadRequest, type LoadResult } from './api-load.ts';
import { countOverbookingWith, type RawQuery } from './api-overbooking.ts';
import { PINNING, freePort, startServer, waitUntilReady, type Child } from './process.ts';
import { createRandom } from './random.ts';
import { rowCollector } from './rows.ts';
import { percentile, rounds } from './stats.ts';
import { DEMO_CONTENT_DIR } from './synthetic-offers.ts';
import type { BenchOptions, BenchResult, BenchSuite } from './types.ts';

const GOALS = {
  inboxP95Ms: { op: '<=', value: 20 },
  overbooked: { op: '=', value: 0 },
  seqScans: { op: '=', value: 0 },
} as const;

interface Service { name: string; urls: string[]; children: Child[]; close(): Promise<void> }

/** Plain SQL on a PostgreSQL database, read beside the code under test. */
function pgQuery(url: string): RawQuery & { end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const query = (async <T>(text: string, params: unknown[] = []) => (await pool.query(numberedPlaceholders(text), params)).rows as T[]) as RawQuery & { end(): Promise<void> };
  query.end = () => pool.end();
  return query;
}

async function startProcesses(name: string, count: number, env: NodeJS.ProcessEnv): Promise<{ urls: string[]; children: Child[] }> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const children = ports.map((port, i) => startServer({ ...env, PORT: String(port) }, { side: 'server', name: `${name} #${i + 1}` }));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  await Promise.all(children.map((child, i) => waitUntilReady(child, `${urls[i]}/readyz`, 180_000)));
  return { urls, children };
}

/** The mixed load's requests, the same for both engines (their sessions differ). */
function mixedRequests(sessions: Session[], offers: string[], count: number): LoadRequest[] {
  const rnd = createRandom(2027);
  const caseworkers = sessions.filter((s) => s.role === 'caseworker');
  const providers = sessions.filter((s) => s.role === 'provider');
  const out: LoadRequest[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rnd.next();
    if (kind < 0.3) out.push({ path: `/api/v1/offers?pageSize=20&q=${encodeURIComponent(rnd.pick(['stress', 'job', 'angst', 'rygestop', 'smerter']))}`, headers: getHeaders(rnd.pick(caseworkers)) });
    else if (kind < 0.6) out.push({ path: '/api/v1/referrals?pageSize=20', headers: getHeaders(rnd.pick(caseworkers)) });
    else if (kind < 0.9) out.push({ path: '/api/v1/inbox', headers: getHeaders(rnd.pick(providers)) });
    else out.push({ method: 'POST', path: '/api/v1/referrals', headers: postHeaders(rnd.pick(caseworkers)), body: referralBody(rnd.pick(offers)) });
  }
  return out;
}

const postgresBench: BenchSuite = async ({ smoke, workDir, log }: BenchOptions): Promise<BenchResult> => {
  if (!findPostgresBin()) throw new Error('PostgreSQL not found: install Debian\'s postgresql package (the postgres suite needs initdb and pg_ctl)');
  ensureBuild(log);
  log(PINNING.note);
  const roundCount = smoke ? 1 : 3;
  const seconds = smoke ? 1 : 5;
  const connections = smoke ? 6 : 60;
  const nationalReferrals = smoke ? 2_000 : 1_000_000;
  const timedLists = smoke ? 20 : 300;
  const collector = rowCollector();
  const { add } = collector;

  const cluster = await startThrowawayCluster();
  // A real server's durability: the throwaway cluster's test settings (fsync off) would flatter PostgreSQL.
  const admin = pgQuery(cluster.url);
  await admin('alter system set fsync = on');
  await admin('alter system set synchronous_commit = on');
  await admin('alter system set full_page_writes = on');
  await admin('select pg_reload_conf()');
  await admin.end();
  const services: Service[] = [];
  try {
    const common = {
      NODE_ENV: 'production', SESSION_SECRET: randomBytes(32).toString('hex'), SEED_DEMO: 'true', LOG_LEVEL: 'warn',
      HOST: '127.0.0.1', CONTENT_DIR: DEMO_CONTENT_DIR,
    };
    const sqlitePath = path.join(workDir, 'sqlite1.db');
    const sqlite = await startProcesses('sqlite1', 1, { ...common, DATABASE_PATH: sqlitePath });
    services.push({ name: 'sqlite1', ...sqlite, close: async () => {} });
    const { url: pgUrl } = await createDatabase(cluster.url, 'bench_pg3');
    const pg3 = await startProcesses('pg3', 3, { ...common, DATABASE_URL: pgUrl });
    const pg3Query = pgQuery(pgUrl);
    services.push({ name: 'pg3', ...pg3, close: () => pg3Query.end() });

    const sessionsOf = async (service: Service) => {
      const sessions: Session[] = [];
      for (const account of demoAccounts()) sessions.push(await login(service.urls[0]!, account));
      return sessions;
    };
    const sessions = new Map(await Promise.all(services.map(async (s) => [s.name, await sessionsOf(s)] as const)));
    const offersRes = await fetch(`${services[0]!.urls[0]}/api/v1/offers?pageSize=100`, { headers: getHeaders(sessions.get('sqlite1')![0]!) });
    const offers = (await offersRes.json() as { items: { slug: string; referrable: boolean }[] }).items.filter((o) => o.referrable).map((o) => o.slug);

    // ------------------------------------------------------------ referral creation and mixed load, alternating
    const results: Record<string, { create: LoadResult[]; mixed: LoadResult[] }> = { sqlite1: { create: [], mixed: [] }, pg3: { create: [], mixed: [] } };
    for (let r = 1; r <= roundCount; r++) {
      for (const service of services) {
        const own = sessions.get(service.name)!;
        const caseworkers = own.filter((s) => s.role === 'caseworker');
        const creates: LoadRequest[] = offers.flatMap((slug) => caseworkers.map((cw) => ({
          method: 'POST', path: '/api/v1/referrals', headers: postHeaders(cw), body: referralBody(slug),
        })));
        const spec = { url: service.urls[0]!, urls: service.urls.length > 1 ? service.urls : undefined, connections, duration: seconds };
        const create = await load({ ...spec, requests: creates, runId: `c${r}${service.name}` }, { workDir });
        log(describeLoad(`round ${r}/${roundCount} ${service.name} referral creation`, create));
        const mixed = await load({ ...spec, requests: mixedRequests(own, offers, 2_000), runId: `m${r}${service.name}` }, { workDir });
        log(describeLoad(`round ${r}/${roundCount} ${service.name} mixed load`, mixed));
        if (create.ok === 0 || mixed.ok === 0) throw new Error(`${service.name}: no successful answers in round ${r}`);
        results[service.name]!.create.push(create);
        results[service.name]!.mixed.push(mixed);
      }
    }
    const over = (name: string, which: 'create' | 'mixed', f: (r: LoadResult) => number) => rounds(results[name]![which].map(f));
    const shared = `${connections} connections, ${seconds} s × ${roundCount} rounds, every answer in the percentile`;
    add('pg3_referral_create_rps', over('pg3', 'create', (r) => r.rps), 'req/s', `POST /api/v1/referrals over 3 app processes on one PostgreSQL (fsync on), ${shared}`, { digits: 0 });
    add('pg3_referral_create_p99_ms', over('pg3', 'create', (r) => r.p99), 'ms', 'the same, p99');
    add('sqlite1_referral_create_rps', over('sqlite1', 'create', (r) => r.rps), 'req/s', `the same requests to 1 process on SQLite (synchronous=FULL, group commit), ${shared}`, { digits: 0 });
    add('sqlite1_referral_create_p99_ms', over('sqlite1', 'create', (r) => r.p99), 'ms', 'the same, p99');
    const ratio = rounds(results.pg3!.create.map((p, i) => p.rps / results.sqlite1!.create[i]!.rps));
    add('pg3_referral_create_ratio_to_sqlite1', ratio, '×', 'PostgreSQL with 3 processes ÷ SQLite with 1, referral creation, round by round', { digits: 2 });
    add('pg3_mixed_p99_ms', over('pg3', 'mixed', (r) => r.p99), 'ms', `mixed load (offers, lists, inbox, 1 in 10 a new referral) over 3 processes on PostgreSQL, ${shared}`);
    add('pg3_mixed_rps', over('pg3', 'mixed', (r) => r.rps), 'req/s', 'the same, throughput (2xx)', { digits: 0 });
    add('sqlite1_mixed_p99_ms', over('sqlite1', 'mixed', (r) => r.p99), 'ms', 'the same mixed load, 1 process on SQLite');
    add('sqlite1_mixed_rps', over('sqlite1', 'mixed', (r) => r.rps), 'req/s', 'the same, throughput (2xx)', { digits: 0 });
    const failed = Object.values(results).flatMap((r) => [...r.create, ...r.mixed]).reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    add('engines_failed_requests', failed, 'requests', 'non-2xx answers, errors and timeouts over every run on both engines', { goal: { op: '=', value: 0 } });

    // ------------------------------------------------------------ seats, read from the databases themselves
    for (const child of sqlite.children) await child.stop();
    const Database = (await import('better-sqlite3')).default;
    const file = new Database(sqlitePath, { readonly: true });
    const sqliteRead: RawQuery = async <T>(text: string, params: unknown[] = []) => file.prepare(text).all(...params) as T[];
    const sqliteOverbooking = await countOverbookingWith(sqliteRead, DEMO_CONTENT_DIR);
    file.close();
    const pgOverbooking = await countOverbookingWith(pg3Query, DEMO_CONTENT_DIR);
    for (const [name, o] of [['sqlite1', sqliteOverbooking], ['pg3', pgOverbooking]] as const) {
      const holders = (o.byStatus.accepted ?? 0) + (o.byStatus.started ?? 0);
      add(`overbooked_seats_${name}`, o.excess, 'seats', `seat holders beyond the seats after the loads (${holders} holders, ${Object.values(o.byStatus).reduce((a, b) => a + b, 0)} referrals)${o.places.length ? `: ${o.places.slice(0, 3).join('; ')}` : ''}`, { goal: GOALS.overbooked });
    }
    for (const child of pg3.children) await child.stop();

    // ------------------------------------------------------------ a national year on PostgreSQL
    const { url: nationalUrl } = await createDatabase(cluster.url, 'bench_national');
    const national = await startProcesses('national', 1, { ...common, DATABASE_URL: nationalUrl });
    const sql = pgQuery(nationalUrl);
    services.push({ name: 'national', ...national, close: () => sql.end() });
    try {
      const started = performance.now();
      await insertNationalYear(sql, nationalReferrals);
      const loadSeconds = (performance.now() - started) / 1000;
      log(`inserted ${nationalReferrals.toLocaleString('en')} referrals with ${(2 * nationalReferrals).toLocaleString('en')} history rows in ${loadSeconds.toFixed(1)} s`);
      const own = await sessionsOf(services.at(-1)!);
      const base = national.urls[0]!;
      const time = async (pathAndQuery: string, who: Session[]) => {
        const samples: number[] = [];
        for (let i = 0; i < timedLists; i++) {
          const session = who[i % who.length]!;
          const t = performance.now();
          const res = await fetch(`${base}${pathAndQuery}`, { headers: getHeaders(session) });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${pathAndQuery} answered ${res.status}`);
          samples.push(performance.now() - t);
        }
        return samples;
      };
      const providers = own.filter((s) => s.role === 'provider');
      const caseworkers = own.filter((s) => s.role === 'caseworker');
      const inbox = await time('/api/v1/inbox', providers);
      const lists = await time('/api/v1/referrals?pageSize=20', caseworkers);
      const p95 = (s: number[]) => Math.round(percentile(s, 0.95) * 100) / 100;
      add('pg_inbox_p95_ms_1m_referrals', p95(inbox), 'ms', `GET /api/v1/inbox as each provider in turn, one at a time, ${timedLists} answers, on ${nationalReferrals.toLocaleString('en')} referrals (PostgreSQL)`, smoke ? {} : { goal: GOALS.inboxP95Ms });
      add('pg_list_p95_ms_1m_referrals', p95(lists), 'ms', `GET /api/v1/referrals?pageSize=20 as each caseworker in turn, ${timedLists} answers, same data`);

      // The app's own list queries, EXPLAINed on that data.
      const engine = await openPostgres(nationalUrl, { poolSize: 1 });
      try {
        const r = engine.tables.referrals;
        const provider = providers[0]!;
        const caseworker = caseworkers[0]!;
        const plans = [
          referralListQueries(engine.db, r, { kind: 'organisation', organisationId: provider.organisation }, { status: [...INBOX_STATUSES], page: 1, pageSize: 20, order: 'newest' }),
          referralListQueries(engine.db, r, { kind: 'unit', unitId: caseworker.unit! }, { page: 1, pageSize: 20, order: 'newest' }),
        ].flatMap((q) => [q.count, q.page]);
        let seqScans = 0;
        const described: string[] = [];
        for (const query of plans) {
          const { sql: text, params } = query.toSQL();
          const [row] = await sql<{ 'QUERY PLAN': unknown }>(`explain (format json) ${text.replace(/\$\d+/g, '?')}`, params);
          for (const node of planNodes(row!['QUERY PLAN'])) {
            if (node['Relation Name'] !== 'referrals') continue;
            if (node['Node Type'] === 'Seq Scan') seqScans += 1;
            described.push(`${String(node['Node Type'])}${node['Index Name'] ? ` ${String(node['Index Name'])}` : ''}`);
          }
        }
        log(`plans of the inbox and list queries on referrals: ${described.join('; ')}`);
        // On the few thousand rows of smoke mode a sequential scan is the planner's right choice: no goal there.
        add('pg_list_plans_seq_scans', seqScans, 'scans', `sequential scans of referrals in the EXPLAINed plans of the inbox and a caseworker's list (count and page) on ${nationalReferrals.toLocaleString('en')} referrals: ${described.join('; ')}`, smoke ? {} : { goal: GOALS.seqScans });
      } finally {
        await engine.close();
      }
    } finally {
      for (const child of national.children) await child.stop();
    }
    return collector.result();
  } finally {
    for (const service of services) {
      for (const child of service.children) await child.stop().catch(() => {});
      await service.close().catch(() => {});
    }
    await cluster.stop();
  }
};

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function planNodes(plan: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ('Node Type' in record) out.push(record);
    walk(record.Plan);
    walk(record.Plans);
  };
  walk(plan);
  return out;
}

/**
 * A year of referrals for the whole country, written with SQL: every demo caseworker and offer, statuses
 * as a year's mix (most closed, a fifth still open), spread over the year, two history rows each.
 */
async function insertNationalYear(sql: RawQuery, count: number): Promise<void> {
  const statuses = ['completed', 'completed', 'completed', 'dropped_out', 'declined', 'withdrawn', 'started', 'accepted', 'sent', 'received'];
  const batch = 250_000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    await sql(`
      with o as (select array_agg(id order by slug) as ids, array_agg(slug order by slug) as slugs, array_agg(organisation_id order by slug) as orgs, count(*)::int as n from offers),
           c as (select array_agg(id order by id) as ids, array_agg(unit_id order by id) as units, count(*)::int as n from users where role = 'caseworker'),
           s as (select ?::text[] as st)
      insert into referrals (offer_slug, offer_id, provider_organisation_id, unit_id, caseworker_id, citizen_ref, purpose, consent_scope,
        consent_recorded_by, consent_recorded_at, status, created_at, updated_at)
      select o.slugs[1 + g % o.n], o.ids[1 + g % o.n], o.orgs[1 + g % o.n], c.units[1 + (g / 7) % c.n], c.ids[1 + (g / 7) % c.n],
        'NAT-' || g, 'Simuleret forløb', 'Samtykke til udveksling af oplysninger', c.ids[1 + (g / 7) % c.n], t.at,
        s.st[1 + (g * 7) % 10], t.at, t.at
      from generate_series(?::int, ?::int) as g, o, c, s,
        lateral (select to_char(timestamp '2026-01-01' + (g * 31) % 31536000 * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at) as t`,
    [statuses, from, to]);
  }
  await sql(`insert into referral_events (referral_id, actor_id, from_status, to_status, reason, at)
    select id, caseworker_id, null, 'sent', null, created_at from referrals where citizen_ref like 'NAT-%'`);
  await sql(`insert into referral_events (referral_id, actor_id, from_status, to_status, reason, at)
    select id, null, 'sent', status, null, updated_at from referrals where citizen_ref like 'NAT-%' and status <> 'sent'`);
  // What autovacuum does after a bulk load: statistics, and the visibility map that lets counts read only indexes.
  await sql('vacuum analyze');
}

export default postgresBench;
