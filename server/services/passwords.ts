/**
 * Password hashing with Argon2id (node:crypto), OWASP's first choice, in the least memory-hungry of the
 * configurations OWASP lists as equally strong: 7 MiB, 5 passes, 1 lane (m=7168, t=5, p=1; its other rows
 * are 9 MiB×4, 12 MiB×3, 19 MiB×2, 46 MiB×1). Memory is what a login storm multiplies: the C library keeps
 * what each hashing thread used, and measured 12 parallel logins at 19 MiB each added ~100 MB to the
 * server's resident memory for good. At most two hashes run at once (the rest queue), so logins cost at
 * most 14 MiB. (scrypt at OWASP's N = 2^17 would need 128 MiB per login.) Stored as
 * `argon2id$m$t$p$salt$hash` (base64url), so the cost can change later; hashes of an older scheme or cost
 * still verify, and `needsRehash` tells the caller to store a new one after a successful login.
 */
import pLimit from 'p-limit';
import { argon2 as argon2Cb, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const ARGON2_COST = { memory: 7_168, passes: 5, parallelism: 1 } as const;
/** Hashes at once; the others wait their turn. */
const hashing = pLimit(2);
const KEY_LENGTH = 32;

const argon2 = (password: string, salt: Buffer, cost: { memory: number; passes: number; parallelism: number }, tagLength: number) =>
  hashing(() => new Promise<Buffer>((resolve, reject) => argon2Cb('argon2id', { message: password, nonce: salt, tagLength, ...cost },
    (err, key) => (err ? reject(err) : resolve(key)))));

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
    key = await hashing(() => scrypt(password, nonce, expected.length, { N, r, p, maxmem: 256 * N * r }));
  } else {
    return false;
  }
  return timingSafeEqual(key, expected);
}

/** Whether a verified hash should be replaced by one of the current scheme and cost. */
export function needsRehash(stored: string): boolean {
  const [scheme, memory, passes, parallelism] = stored.split('$');
  return scheme !== 'argon2id' || Number(memory) !== ARGON2_COST.memory || Number(passes) !== ARGON2_COST.passes
    || Number(parallelism) !== ARGON2_COST.parallelism;
}

/** A hash to verify against when the e-mail is unknown, so a login takes as long either way. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword(randomBytes(12).toString('hex')));
