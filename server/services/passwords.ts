/**
 * Password hashing with Argon2id (node:crypto), OWASP's first choice, at its recommended minimum:
 * 19 MiB of memory, 2 passes, 1 lane. (scrypt at OWASP's minimum N = 2^17 would need 128 MiB per login,
 * a memory cost an anonymous caller could multiply.) Stored as `argon2id$m$t$p$salt$hash` (base64url),
 * so the cost can be raised later; hashes of an older scheme or cost still verify, and `needsRehash`
 * tells the caller to store a new one after a successful login.
 */
import { argon2 as argon2Cb, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const ARGON2_COST = { memory: 19_456, passes: 2, parallelism: 1 } as const;
const KEY_LENGTH = 32;

const argon2 = (password: string, salt: Buffer, cost: { memory: number; passes: number; parallelism: number }, tagLength: number) =>
  new Promise<Buffer>((resolve, reject) => argon2Cb('argon2id', { message: password, nonce: salt, tagLength, ...cost },
    (err, key) => (err ? reject(err) : resolve(key))));

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await argon2(password, salt, ARGON2_COST, KEY_LENGTH);
  const { memory, passes, parallelism } = ARGON2_COST;
  return ['argon2id', memory, passes, parallelism, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, a, b, c, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const nonce = Buffer.from(salt, 'base64url');
  let key: Buffer;
  if (scheme === 'argon2id') {
    key = await argon2(password, nonce, { memory: Number(a), passes: Number(b), parallelism: Number(c) }, expected.length);
  } else if (scheme === 'scrypt') {
    // Accounts created before Argon2id: verified as stored, then rehashed by the caller.
    const N = Number(a), r = Number(b), p = Number(c);
    key = await scrypt(password, nonce, expected.length, { N, r, p, maxmem: 256 * N * r });
  } else {
    return false;
  }
  return timingSafeEqual(key, expected);
}

/** Whether a verified hash should be replaced by one of the current scheme and cost. */
export function needsRehash(stored: string): boolean {
  const [scheme, memory, passes, parallelism] = stored.split('$');
  return scheme !== 'argon2id' || Number(memory) < ARGON2_COST.memory || Number(passes) < ARGON2_COST.passes
    || Number(parallelism) !== ARGON2_COST.parallelism;
}

/** A hash to verify against when the e-mail is unknown, so a login takes as long either way. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword(randomBytes(12).toString('hex')));
