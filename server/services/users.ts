/** Users, their sessions, and the directory of names the workspaces show. */
import { createHash, randomBytes } from 'node:crypto';
import { count, eq, lt, sql } from '../../db/orm.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { organisations, sessions, units, users } from '../../db/schema.ts';
import type { SessionUser } from '../access.ts';
import { LruCache } from '../../core/lru-cache.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // one working day
const MAX_CACHED_SESSIONS = 10_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('base64url');

const sessionUserColumns = {
  id: users.id, email: users.email, name: users.name, role: users.role,
  organisationId: users.organisationId, unitId: users.unitId,
};

type NewUser = Omit<typeof users.$inferInsert, 'passwordHash' | 'id'> & ({ password: string } | { passwordHash: string });

export class UserService {
  readonly #db: DatabaseHandle['db'];
  #unitNames?: Map<string, string>;
  #userNames?: Map<number, string>;
  #organisationNames?: Map<string, string>;

  /** Every authenticated request looks its session up: one statement, compiled once. */
  readonly #sessionByTokenHash;
  /** Sessions already read, by token. */
  readonly #sessions = new LruCache<string, { user: SessionUser; csrfToken: string; expiresAt: string }>({ maxEntries: MAX_CACHED_SESSIONS });

  constructor(db: DatabaseHandle['db']) {
    this.#db = db;
    this.#sessionByTokenHash = db.select({ user: sessionUserColumns, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
      .from(sessions).innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, sql.placeholder('tokenHash'))).prepare();
  }

  /** A new account, from a password or (for accounts that share one, like the demo's) its ready hash. */
  async create(input: NewUser): Promise<SessionUser> {
    const passwordHash = 'passwordHash' in input ? input.passwordHash : await hashPassword(input.password);
    const { password: _password, passwordHash: _hash, ...rest } = input as NewUser & { password?: string; passwordHash?: string };
    const user = this.#db.insert(users).values({ ...rest, email: rest.email.toLowerCase(), passwordHash }).returning(sessionUserColumns).get();
    this.#userNames = undefined;
    return user;
  }

  count(): number { return this.#db.select({ n: count() }).from(users).get()?.n ?? 0; }

  get(id: number): SessionUser | undefined {
    return this.#db.select(sessionUserColumns).from(users).where(eq(users.id, id)).get();
  }

  /** The user for an e-mail and password, or null; takes the same time whether or not the e-mail exists. */
  async authenticate(email: string, password: string): Promise<SessionUser | null> {
    const row = this.#db.select({ ...sessionUserColumns, passwordHash: users.passwordHash }).from(users)
      .where(eq(users.email, email.trim().toLowerCase())).get();
    const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash()));
    if (!row || !ok) return null;
    const { passwordHash, ...user } = row;
    if (needsRehash(passwordHash)) {
      const upgraded = await hashPassword(password);
      this.#db.update(users).set({ passwordHash: upgraded }).where(eq(users.id, user.id)).run();
    }
    return user;
  }

  // --------------------------------------------------------------------------------------- sessions

  startSession(userId: number): { token: string; csrfToken: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    this.#db.insert(sessions).values({ tokenHash: sha256(token), userId, csrfToken, expiresAt: expiresAt.toISOString() }).run();
    return { token, csrfToken, expiresAt };
  }

  /** The session's user and CSRF token, or null when the token is unknown or expired. */
  session(token: string): { user: SessionUser; csrfToken: string } | null {
    // Every signed-in request asks: sessions live in memory too (this process is the only writer, and
    // ending one removes it from both), so the database is read once per session.
    let found = this.#sessions.get(token);
    if (!found) {
      const row = this.#sessionByTokenHash.get({ tokenHash: sha256(token) });
      if (!row) return null;
      found = row;
      this.#sessions.set(token, found);
    }
    if (found.expiresAt < new Date().toISOString()) return null;
    return { user: found.user, csrfToken: found.csrfToken };
  }

  endSession(token: string): void {
    this.#sessions.delete(token);
    this.#db.delete(sessions).where(eq(sessions.tokenHash, sha256(token))).run();
  }

  purgeExpiredSessions(): void {
    const now = new Date().toISOString();
    for (const [token, session] of this.#sessions) if (session.expiresAt < now) this.#sessions.delete(token);
    this.#db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  }

  // -------------------------------------------------------------------------------------- directory

  unitName(id: string): string {
    this.#unitNames ??= new Map(this.#db.select({ id: units.id, name: units.name }).from(units).all().map((u) => [u.id, u.name]));
    return this.#unitNames.get(id) ?? id;
  }

  userName(id: number | null): string {
    if (id === null) return 'Systemet';
    this.#userNames ??= new Map(this.#db.select({ id: users.id, name: users.name }).from(users).all().map((u) => [u.id, u.name]));
    return this.#userNames.get(id) ?? `Bruger ${id}`;
  }

  organisationName(id: string): string {
    this.#organisationNames ??= new Map(this.#db.select({ id: organisations.id, name: organisations.name }).from(organisations).all().map((o) => [o.id, o.name]));
    return this.#organisationNames.get(id) ?? id;
  }

  /** Forget cached names after organisations or units change. */
  refreshDirectory(): void {
    this.#unitNames = undefined;
    this.#userNames = undefined;
    this.#organisationNames = undefined;
  }
}
