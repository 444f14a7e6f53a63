/** WHO-5: five items scored 0–5, the raw sum × 4 gives 0–100. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WHO5_ANSWERS, WHO5_ITEMS, who5Interpretation, who5Score } from '../../core/progress/who5.ts';

describe('WHO-5', () => {
  it('has five statements and six answers from 5 down to 0', () => {
    expect(WHO5_ITEMS).toHaveLength(5);
    expect(WHO5_ANSWERS.map((a) => a.value)).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it.each([
    [[0, 0, 0, 0, 0], 0],
    [[5, 5, 5, 5, 5], 100],
    [[3, 3, 3, 3, 3], 60],
    [[1, 2, 3, 4, 5], 60],
    [[0, 1, 0, 1, 0], 8],
  ])('scores %j as %i', (items, score) => {
    expect(who5Score(items)).toBe(score);
  });

  it('scores every valid answer set as raw sum × 4, between 0 and 100', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 5, maxLength: 5 }), (items) => {
      const score = who5Score(items);
      expect(score).toBe(items.reduce((a, b) => a + b, 0) * 4);
      expect(score % 4).toBe(0);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
    }));
  });

  it.each([
    ['four items', [1, 2, 3, 4]],
    ['six items', [1, 2, 3, 4, 5, 0]],
    ['no items', []],
    ['an item above 5', [5, 5, 5, 5, 6]],
    ['a negative item', [0, 0, -1, 0, 0]],
    ['a fraction', [2.5, 2, 2, 2, 2]],
    ['NaN', [Number.NaN, 1, 1, 1, 1]],
    ['Infinity', [Number.POSITIVE_INFINITY, 1, 1, 1, 1]],
  ])('rejects %s', (_what, items) => {
    expect(() => who5Score(items)).toThrow(RangeError);
    expect(() => who5Score(items)).toThrow('WHO-5 has five items scored 0–5');
  });

  it('interprets 28 or below as very low and 50 or below as reduced well-being', () => {
    expect(who5Interpretation(0)).toMatch(/^Meget lav trivsel/);
    expect(who5Interpretation(28)).toMatch(/^Meget lav trivsel/);
    expect(who5Interpretation(32)).toBe('Nedsat trivsel');
    expect(who5Interpretation(50)).toBe('Nedsat trivsel');
    expect(who5Interpretation(52)).toBe('God trivsel');
    expect(who5Interpretation(100)).toBe('God trivsel');
  });
});
