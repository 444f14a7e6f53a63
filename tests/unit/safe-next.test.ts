import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/lib/workspace/page.ts';

describe('the address to return to after login', () => {
  it.each([
    '/\\evil.example', '//evil.example', '/\\/evil.example', 'https://evil.example', 'javascript:alert(1)',
    '/\t/evil.example', '/\n/evil.example', '\\\\evil.example', '', null, undefined,
  ])('is the workspace for %j', (next) => {
    expect(safeNext(next as string | null | undefined)).toBe('/arbejde');
  });

  it.each([
    ['/arbejde/henvisninger/12', '/arbejde/henvisninger/12'],
    ['/tilbud/rygestop/henvis?sag=A-1', '/tilbud/rygestop/henvis?sag=A-1'],
    ['/arbejde/../soeg', '/soeg'],
  ])('keeps a path of the site: %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it('never leaves the site, whatever it is given', () => {
    // Random text after the prefixes browsers read as another host.
    const next = fc.tuple(fc.constantFrom('', '/', '//', '/\\', '\\', '/\t/', '/\n'), fc.string({ unit: 'binary' })).map(([a, b]) => a + b);
    fc.assert(fc.property(next, (next) => {
      const target = new URL(safeNext(next), 'https://portal.example');
      return target.origin === 'https://portal.example';
    }), { numRuns: 2_000 });
  });
});
