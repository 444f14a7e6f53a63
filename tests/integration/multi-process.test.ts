/**
 * Several app processes on one PostgreSQL database, as a shared service runs them: three real server
 * processes (`server/server.ts`), each on its own port, one database. Seats stay exact when 200 referrals
 * arrive at once spread over all three, the waitlist keeps arrival order, and a change made through one
 * process — a logout, a capacity change, an offer file changed on disk — is visible through the others
 * within a second.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyContent, waitFor } from '../helpers/app.ts';
import { listeningUrl, startServerProcess } from '../helpers/server-process.ts';
import { createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { Api, caseworkerEmail, httpTransport, login, OFFERS, providerEmail, ORG, referralBody, type Json } from '../api/helpers.ts';

const PROCESSES = 3;
const N = 200;
const SEATS = 10;
/** Direct intake, continuous seats, of ORG (set to SEATS below). */
const DIRECT = 'mindfulness-online';

interface Running { child: ChildProcess; url: string; output(): string }

async function startProcess(env: Record<string, string>): Promise<Running> {
  const server = startServerProcess({ NODE_ENV: 'test', ...env });
  const url = await listeningUrl(server, 120_000);
  return { child: server.child, url: url.origin.replace('localhost', '127.0.0.1'), output: server.output };
}

describeOnPostgres('three app processes on one PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let content: string;
  let processes: Running[] = [];
  /** Runs SQL against the shared database directly, as an operator would. */
  const sql = async (text: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try { return (await client.query(text, params)).rows; } finally { await client.end(); }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    content = copyContent();
    const env = { DATABASE_URL: database.url, CONTENT_DIR: content, SESSION_SECRET: 'multi-process-secret-0123456789abcdef' };
    // Started together: the migration, the import of the offer files and the demo seed each happen once.
    processes = await Promise.all(Array.from({ length: PROCESSES }, () => startProcess(env)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => new Promise<void>((resolve) => {
      if (p.child.exitCode !== null) return resolve();
      p.child.once('exit', () => resolve());
      p.child.kill('SIGINT');
    })));
    await database?.drop();
    if (content) rmSync(content, { recursive: true, force: true });
  });

  it('started three processes on one database, which imported each offer and seeded the demo once', async () => {
    const [counts] = await sql(`select (select count(*) from offers)::int as offers, (select count(*) from offer_revisions)::int as revisions,
      (select count(*) from users)::int as users, (select count(distinct email) from users)::int as emails`);
    expect(counts.offers).toBeGreaterThanOrEqual(60);
    expect(counts.revisions).toBe(counts.offers);
    expect(counts.users).toBe(counts.emails);
    for (const p of processes) expect(await (await fetch(`${p.url}/readyz`)).json()).toMatchObject({ status: 'ready' });
  });

  it(`gives exactly ${SEATS} of ${N} simultaneous referrals, spread over the three, a seat and waitlists the rest in arrival order`, async () => {
    const transports = processes.map((p) => httpTransport(p.url));
    const provider = await login(transports[0]!, providerEmail(ORG));
    const caseworkers = await Promise.all(['ressourcecenter', 'job-og-aktivhuset', 'sygedagpengehuset']
      .map((unit, i) => login(transports[i]!, caseworkerEmail(unit))));
    expect((await provider.put(`/api/v1/offers/${DIRECT}/seats`, { seats: SEATS })).status).toBe(200);

    // Each request goes to another process than the one before, with another caseworker's session.
    const responses = await Promise.all(Array.from({ length: N }, (_, i) => {
      const caseworker = caseworkers[i % caseworkers.length]!;
      const via = new Api(transports[(i + Math.floor(i / PROCESSES)) % PROCESSES]!, caseworker.session);
      return via.post('/api/v1/referrals', referralBody(DIRECT, { citizenRef: `MP-${i}` }));
    }));
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(201));
    const created: Json[] = responses.map((r) => r.body).sort((a, b) => a.id - b.id);
    expect(created.filter((r) => r.status === 'accepted').map((r) => r.id)).toEqual(created.slice(0, SEATS).map((r) => r.id));
    const waitlisted = created.filter((r) => r.status === 'waitlisted');
    expect(waitlisted).toHaveLength(N - SEATS);
    const byJoining = [...waitlisted].sort((a, b) => a.waitlistedAt.localeCompare(b.waitlistedAt) || a.id - b.id);
    expect(byJoining.map((r) => r.id)).toEqual(waitlisted.map((r) => r.id));

    // The database agrees, whichever process answered.
    const [held] = await sql(`select count(*)::int as n from referrals where offer_slug = $1 and status in ('accepted', 'started')`, [DIRECT]);
    expect(held.n).toBe(SEATS);
    for (const transport of transports) {
      const seen = await new Api(transport, provider.session).get(`/api/v1/offers/${DIRECT}`);
      expect(seen.body.availability).toMatchObject({ seats: SEATS, taken: SEATS, free: 0, waitlist: N - SEATS });
    }
  });

  it('ends a session everywhere within a second when the user logs out through one process', async () => {
    const transports = processes.map((p) => httpTransport(p.url));
    const user = await login(transports[0]!, caseworkerEmail('uddannelseshuset'));
    const through = transports.map((t) => new Api(t, user.session));
    // Every process has read (and keeps) the session …
    for (const api of through) expect((await api.get('/api/v1/auth/session')).status).toBe(200);
    expect((await through[2]!.post('/api/v1/auth/logout')).status).toBe(204);
    // … and forgets it once the logout is announced.
    for (const api of through) {
      await waitFor(async () => (await api.get('/api/v1/auth/session')).status === 401, 1_000, 'the logout to reach every process');
    }
  });

  it('shows a capacity change made through one process through the others at once', async () => {
    const transports = processes.map((p) => httpTransport(p.url));
    const provider = await login(transports[1]!, providerEmail(ORG));
    expect((await provider.put(`/api/v1/offers/${OFFERS.assessedSeats}/seats`, { seats: 17 })).status).toBe(200);
    for (const transport of transports) {
      const seen = await new Api(transport, provider.session).get(`/api/v1/offers/${OFFERS.assessedSeats}`);
      expect(seen.body.availability.seats).toBe(17);
    }
  });

  it('imports an offer file changed on disk once, and every process shows it within two seconds', async () => {
    const slug = 'angstskolen';
    const file = path.join(content, 'offers', `${slug}.md`);
    const [{ id }] = await sql('select id from offers where slug = $1', [slug]);
    const [before] = await sql('select count(*)::int as n from offer_revisions where offer_id = $1', [id]);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Angstskolen – fælles for hele landet'));
    for (const p of processes) {
      await waitFor(async () => (await (await fetch(`${p.url}/tilbud/${slug}`)).text()).includes('Angstskolen – fælles for hele landet'),
        2_000, `process ${processes.indexOf(p) + 1} to show the changed offer`);
    }
    // All three watch the same folder and import the change; the database keeps one revision of it.
    await new Promise((r) => setTimeout(r, 500));
    const [after] = await sql('select count(*)::int as n from offer_revisions where offer_id = $1', [id]);
    expect(after.n).toBe(before.n + 1);
  });
});
