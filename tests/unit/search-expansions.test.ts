/** The remembered prefix and fuzzy expansions of query terms answer exactly as the term tree does. */
import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { rememberExpansions, type TermTree } from '../../core/catalogue/search/expansions.ts';

function tree(): TermTree {
  const index = new MiniSearch({ fields: ['text'] });
  index.addAll(['kajak kajakker kajakroning', 'kano kajak', 'kage'].map((text, id) => ({ id, text })));
  return (index as unknown as { _index: TermTree })._index;
}

describe('remembered term expansions', () => {
  it('give the same prefix and fuzzy matches as the tree, every time', () => {
    const plain = tree();
    const remembering = tree();
    rememberExpansions(remembering);
    for (let round = 0; round < 2; round++) {
      expect([...remembering.atPrefix('kaj')]).toEqual([...plain.atPrefix('kaj')]);
      expect([...remembering.fuzzyGet('kajak', 2)]).toEqual([...plain.fuzzyGet('kajak', 2)]);
    }
  });

  it('hand out a fresh copy of the fuzzy matches, since MiniSearch deletes from them', () => {
    const remembering = tree();
    rememberExpansions(remembering);
    const first = remembering.fuzzyGet('kajak', 2);
    const size = first.size;
    first.clear();
    expect(remembering.fuzzyGet('kajak', 2).size).toBe(size);
  });
});
