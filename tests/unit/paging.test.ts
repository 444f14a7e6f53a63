import { describe, expect, it } from 'vitest';
import { countPhrase, countedTotal, pageOf } from '../../core/paging.ts';

const items = Array.from({ length: 120 }, (_, i) => i);

describe('pageOf', () => {
  it('cuts the requested page and counts the pages', () => {
    expect(pageOf(items, '2', 50)).toEqual({ items: items.slice(50, 100), page: 2, pages: 3 });
    expect(pageOf(items, '3', 50).items).toEqual(items.slice(100));
  });

  it('reads anything but a whole number from 1 as the first page', () => {
    for (const requested of [null, undefined, '', '0', '-2', '1.5', 'to', '2e3', ' ', '99999999']) {
      expect(pageOf(items, requested, 50).page, String(requested)).toBe(1);
    }
  });

  it('shows the last page for a number past the end, and one empty page for an empty list', () => {
    expect(pageOf(items, '40', 50)).toMatchObject({ page: 3, pages: 3, items: items.slice(100) });
    expect(pageOf([], '4', 50)).toEqual({ items: [], page: 1, pages: 1 });
  });
});

describe('countPhrase', () => {
  it('writes Danish thousands and the lower bound', () => {
    expect(countPhrase(countedTotal(5012, 10_000), 'tilbud', 'tilbud')).toBe('5.012 tilbud');
    expect(countPhrase(countedTotal(1), 'henvisning', 'henvisninger')).toBe('1 henvisning');
    expect(countPhrase(countedTotal(1001), 'henvisning', 'henvisninger')).toBe('1.000+ henvisninger');
  });
});
