/** Users, their sessions, and the directory of names the workspaces show. */
import { createHash, randomBytes } from 'node:crypto';
import { count, eq, lt, sql } from '../../db/orm.ts';
import type { Engine, Executor, Tables } from '../../db/engine.ts';
import { preparedRead } from '../../db/prepared.ts';
import type { SessionUser } from '../access.ts';
import { LruCache } from '../../core/lru-cache.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // one working day
const MAX_CACHED_SESSIONS = 10_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('base64url');

const sessionUserColumns = (users: Tables['users']) => ({
  id: users.id, email: users.email, name: users.name, role: users.role, alsoEditor: users.alsoEditor,
  organisationId: users.organisationId, unitId: users.unitId,
});

type NewUser = Omit<Tables['users']['$inferInsert'], 'passwordHash' | 'id'> & ({ password: string } | { passwordHash: string });

interface CachedSession { user: SessionUser; csrfToken: string; expiresAt: string }

export class UserService {
  readonly #engine: Engine;
  readonly #t: Tables;
  #unitNames?: Map<string, string>;
  #userNames?: Map<number, string>;
  #organisationNames?: Map<string, string>;
  /**
   * Sessions already read, by the hash of their token. Every process keeps its own: a logout anywhere is
   * announced to all (engine notices), and a process that lost the notices forgets them all.
   */
  readonly #sessions = new LruCache<string, CachedSession>({ maxEntries: MAX_CACHED_SESSIONS });
  /** A session not in memory yet: compiled once. */
  readonly #sessionByTokenHash;

  constructor(engine: Engine) {
    this.#engine = engine;
    this.#t = engine.tables;
    const { sessions, users } = this.#t;
    this.#sessionByTokenHash = preparedRead<{ tokenHash: string }, CachedSession[]>(engine, 'session_by_token_hash',
      (db) => db.select({ user: sessionUserColumns(users), csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
        .from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.tokenHash, sql.placeholder('tokenHash'))));
    engine.listen('sessions_revoked', (tokenHash) => {
      if (tokenHash) this.#sessions.delete(tokenHash);
      else this.#sessions.clear();
    });
  }

  get #db(): Executor { return this.#engine.executor(); }

  /** A new account, from a password or (for accounts that share one, like the demo's) its ready hash. */
  async create(input: NewUser): Promise<SessionUser> {
    const passwordHash = 'passwordHash' in input ? input.passwordHash : await hashPassword(input.password);
    const { password: _password, passwordHash: _hash, ...rest } = input as NewUser & { password?: string; passwordHash?: string };
    const users = this.#t.users;
    const [user] = await this.#db.insert(users).values({ ...rest, email: rest.email.toLowerCase(), passwordHash }).returning(sessionUserColumns(users));
    this.#userNames?.set(user!.id, user!.name);
    return user!;
  }

  async count(): Promise<number> {
    const [row] = await this.#db.select({ n: count() }).from(this.#t.users);
    return row?.n ?? 0;
  }

  async get(id: number): Promise<SessionUser | undefined> {
    const users = this.#t.users;
    const [user] = await this.#db.select(sessionUserColumns(users)).from(users).where(eq(users.id, id));
    return user;
  }

  /** The user for an e-mail and password, or null; takes the same time whether or not the e-mail exists. */
  async authenticate(email: string, password: string): Promise<SessionUser | null> {
    const users = this.#t.users;
    const [row] = await this.#db.select({ ...sessionUserColumns(users), passwordHash: users.passwordHash }).from(users)
      .where(eq(users.email, email.trim().toLowerCase()));
    const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash()));
    if (!row || !ok) return null;
    const { passwordHash, ...user } = row;
    if (needsRehash(passwordHash)) {
      const upgraded = await hashPassword(password);
      await this.#db.update(users).set({ passwordHash: upgraded }).where(eq(users.id, user.id));
    }
    return user;
  }

  // --------------------------------------------------------------------------------------- sessions

  async startSession(userId: number): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.#db.insert(this.#t.sessions).values({ tokenHash: sha256(token), userId, csrfToken, expiresAt: expiresAt.toISOString() });
    return { token, csrfToken, expiresAt };
  }

  /** The session's user and CSRF token, or null when the token is unknown or expired. */
  async session(token: string): Promise<{ user: SessionUser; csrfToken: string } | null> {
    // Every signed-in request asks: sessions are kept in memory too, so the database is read once per session.
    const tokenHash = sha256(token);
    let found = this.#sessions.get(tokenHash);
    if (!found) {
      const [row] = await this.#sessionByTokenHash({ tokenHash });
      if (!row) return null;
      found = row;
      this.#sessions.set(tokenHash, found);
    }
    if (found.expiresAt < new Date().toISOString()) return null;
    return { user: found.user, csrfToken: found.csrfToken };
  }

  async endSession(token: string): Promise<void> {
    const tokenHash = sha256(token);
    this.#sessions.delete(tokenHash);
    const sessions = this.#t.sessions;
    await this.#db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    // Every other process forgets it too (within moments, through the database's notices).
    await this.#engine.notify('sessions_revoked', tokenHash);
  }

  async purgeExpiredSessions(): Promise<void> {
    const now = new Date().toISOString();
    for (const [tokenHash, session] of this.#sessions) if (session.expiresAt < now) this.#sessions.delete(tokenHash);
    const sessions = this.#t.sessions;
    await this.#db.delete(sessions).where(lt(sessions.expiresAt, now));
  }

  // -------------------------------------------------------------------------------------- directory

  /** Reads the names the workspaces show (units, users, organisations); call after they may have changed. */
  async loadDirectory(): Promise<void> {
    const { units, users, organisations } = this.#t;
    const db = this.#db;
    const [unitRows, userRows, organisationRows] = await Promise.all([
      db.select({ id: units.id, name: units.name }).from(units),
      db.select({ id: users.id, name: users.name }).from(users),
      db.select({ id: organisations.id, name: organisations.name }).from(organisations),
    ]);
    this.#unitNames = new Map(unitRows.map((u) => [u.id, u.name]));
    this.#userNames = new Map(userRows.map((u) => [u.id, u.name]));
    this.#organisationNames = new Map(organisationRows.map((o) => [o.id, o.name]));
  }

  unitName(id: string): string {
    return this.#unitNames?.get(id) ?? this.#missing(id);
  }

  userName(id: number | null): string {
    if (id === null) return 'Systemet';
    return this.#userNames?.get(id) ?? this.#missing(`Bruger ${id}`);
  }

  organisationName(id: string): string {
    return this.#organisationNames?.get(id) ?? this.#missing(id);
  }

  #reloadAfter = 0;

  /** A name not known yet (created by another process since): read the directory again, at most every few seconds. */
  #missing(fallback: string): string {
    if (Date.now() >= this.#reloadAfter) {
      this.#reloadAfter = Date.now() + 5_000;
      this.loadDirectory().catch(() => {});
    }
    return fallback;
  }
}
