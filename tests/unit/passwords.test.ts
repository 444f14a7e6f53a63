import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ARGON2_COST, hashPassword, needsRehash, verifyPassword } from '../../server/services/passwords.ts';

describe('password hashes', () => {
  it('are Argon2id in one of OWASP\'s equal-strength configurations (7 MiB, 5 passes, 1 lane), salted', async () => {
    const a = await hashPassword('korrekt hest batteri');
    const b = await hashPassword('korrekt hest batteri');
    expect(a).toMatch(/^argon2id\$7168\$5\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    // OWASP's table (Password Storage Cheat Sheet): m=47104 t=1, 19456 t=2, 12288 t=3, 9216 t=4, 7168 t=5; p=1.
    const owasp: Record<number, number> = { 47_104: 1, 19_456: 2, 12_288: 3, 9_216: 4, 7_168: 5 };
    expect(owasp[ARGON2_COST.memory]).toBeLessThanOrEqual(ARGON2_COST.passes);
    expect(await verifyPassword('korrekt hest batteri', a)).toBe(true);
    expect(await verifyPassword('korrekt hest batterI', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('still verify the scrypt hashes of older databases, and ask for a new hash', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('gammel kode', salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const legacy = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword('gammel kode', legacy)).toBe(true);
    expect(await verifyPassword('ny kode', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
    expect(needsRehash('argon2id$4096$1$1$x$y')).toBe(true);
    expect(needsRehash('argon2id$19456$2$1$x$y')).toBe(true);
  });

  it('refuse what they cannot read', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(await verifyPassword('x', '')).toBe(false);
  });
});
