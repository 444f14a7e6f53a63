import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ARGON2_COST, hashPassword, needsRehash, verifyPassword } from '../../server/services/passwords.ts';

describe('password hashes', () => {
  it('are Argon2id at OWASP\'s minimum cost (19 MiB, 2 passes, 1 lane), salted', async () => {
    const a = await hashPassword('korrekt hest batteri');
    const b = await hashPassword('korrekt hest batteri');
    expect(a).toMatch(/^argon2id\$19456\$2\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(ARGON2_COST.memory).toBeGreaterThanOrEqual(19_456);
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
  });

  it('refuse what they cannot read', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(await verifyPassword('x', '')).toBe(false);
  });
});
