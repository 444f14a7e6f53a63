/** Users, their sessions, and the directory of names the workspaces show. */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, eq, lt, sql } from '../../db/orm.ts';
import type { Engine, Executor, Tables } from '../../db/engine.ts';
import { preparedQuery } from '../../db/prepared.ts';
import type { SessionUser } from '../access.ts';
import { LruCache } from '../../core/lru-cache.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import type { AccountInput } from '../../core/access/accounts.ts';
import { AppError, NotFoundError } from '../errors.ts';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // one working day
const MAX_CACHED_SESSIONS = 10_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('base64url');

const sessionUserColumns = (users: Tables['users']) => ({
  id: users.id, email: users.email, name: users.name, role: users.role, alsoEditor: users.alsoEditor,
  organisationId: users.organisationId, unitId: users.unitId, mustChangePassword: users.mustChangePassword,
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
    this.#sessionByTokenHash = preparedQuery<{ tokenHash: string }, CachedSession[]>(engine, 'session_by_token_hash',
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
    // A deactivated account is not found: the same answer, and the same time, as a wrong password.
    const [row] = await this.#db.select({ ...sessionUserColumns(users), passwordHash: users.passwordHash }).from(users)
      .where(and(eq(users.email, email.trim().toLowerCase()), eq(users.active, true)));
    const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash()));
    if (!row || !ok) return null;
    const { passwordHash, ...user } = row;
    if (needsRehash(passwordHash)) {
      const upgraded = await hashPassword(password);
      await this.#db.update(users).set({ passwordHash: upgraded }).where(eq(users.id, user.id));
    }
    return user;
  }

  // --------------------------------------------------------------------------------------- accounts

  /** Every account, for the administrator's list. */
  accounts() {
    const users = this.#t.users;
    return this.#db.select({ ...sessionUserColumns(users), active: users.active, createdAt: users.createdAt }).from(users).orderBy(asc(users.name));
  }

  async account(id: number) {
    const users = this.#t.users;
    const [row] = await this.#db.select({ ...sessionUserColumns(users), active: users.active, createdAt: users.createdAt }).from(users).where(eq(users.id, id));
    return row;
  }

  /** A new account that must choose its own password at first sign-in. */
  async createAccount(input: AccountInput, passwordHash: string): Promise<SessionUser> {
    const users = this.#t.users;
    const [taken] = await this.#db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (taken) throw new AppError(409, 'email: e-mailadressen har allerede en konto', { fields: [{ field: 'email', message: 'E-mailadressen har allerede en konto' }] });
    return this.create({ ...input, unitId: input.unitId ?? null, passwordHash, mustChangePassword: true });
  }

  /** Changes who the account is and what it may do; its sessions end, so the change applies at once. */
  async updateAccount(id: number, input: AccountInput): Promise<void> {
    const users = this.#t.users;
    const [other] = await this.#db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (other && other.id !== id) throw new AppError(409, 'email: e-mailadressen har allerede en konto', { fields: [{ field: 'email', message: 'E-mailadressen har allerede en konto' }] });
    const changed = await this.#db.update(users).set({ ...input, unitId: input.unitId ?? null }).where(eq(users.id, id)).returning({ id: users.id });
    if (!changed.length) throw new NotFoundError('Brugeren');
    this.#userNames?.set(id, input.name);
    await this.#endSessionsOf(id);
  }

  /** Deactivates (the account's sessions end, it cannot sign in) or activates an account. */
  async setActive(id: number, active: boolean): Promise<void> {
    const users = this.#t.users;
    const changed = await this.#db.update(users).set({ active }).where(eq(users.id, id)).returning({ id: users.id });
    if (!changed.length) throw new NotFoundError('Brugeren');
    if (!active) await this.#endSessionsOf(id);
  }

  /** A one-time password from an administrator: the next sign-in must choose a new one. */
  async setOneTimePassword(id: number, passwordHash: string): Promise<void> {
    const users = this.#t.users;
    const changed = await this.#db.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, id)).returning({ id: users.id });
    if (!changed.length) throw new NotFoundError('Brugeren');
    await this.#endSessionsOf(id);
  }

  /**
   * The user's own new password (its hash; the current one was checked first, checkPassword). The user's
   * other sessions end; the one in use carries on without the demand to change it.
   */
  async changePassword(userId: number, currentToken: string | null, passwordHash: string): Promise<void> {
    const users = this.#t.users;
    await this.#db.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId));
    await this.#endSessionsOf(userId, currentToken ? sha256(currentToken) : undefined);
    if (currentToken) {
      // The session in use is read again (here and in every process) without the demand.
      const tokenHash = sha256(currentToken);
      this.#sessions.delete(tokenHash);
      await this.#engine.notify('sessions_revoked', tokenHash);
    }
  }

  /** Refuses (400 naming the field) a current password that is not the user's. */
  async checkPassword(userId: number, password: string): Promise<void> {
    const users = this.#t.users;
    const [row] = await this.#db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
    if (!row || !(await verifyPassword(password, row.passwordHash))) {
      throw new AppError(400, 'currentPassword: adgangskoden er forkert', { fields: [{ field: 'currentPassword', message: 'Adgangskoden er forkert' }] });
    }
  }

  /** A new account's name, for the directory the pages read. */
  named(id: number, name: string): void { this.#userNames?.set(id, name); }

  /** Ends the user's sessions (but `keep`), in every process. */
  async #endSessionsOf(userId: number, keep?: string): Promise<void> {
    const sessions = this.#t.sessions;
    const rows = await this.#db.select({ tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.userId, userId));
    for (const { tokenHash } of rows) {
      if (tokenHash === keep) continue;
      await this.#db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
      this.#sessions.delete(tokenHash);
      await this.#engine.notify('sessions_revoked', tokenHash);
    }
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
