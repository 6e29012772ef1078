import { describe, expect, it } from 'vitest';
import { type AlignItem, align } from '../../../lambda/briefing/align.ts';
import type { SparseVector } from '../../../lambda/briefing/tfidf.ts';

/** A unit vector whose cosine with `base` (the "p" axis) is exactly `c`. */
function at(c: number, other: string): SparseVector {
  return new Map([
    ['p', c],
    [other, Math.sqrt(1 - c * c)],
  ]);
}
const base: SparseVector = new Map([['p', 1]]);

function item(group: number, vector: SparseVector, anchors: string[] = []): AlignItem {
  return { group, vector, clauses: [], anchors: new Set(anchors) };
}

const grouped = (groups: number[][]) =>
  groups.filter((g) => g.length > 1).map((g) => [...g].sort());

describe('align', () => {
  it.each([
    { cosine: 0.36, anchors: false, paired: true },
    { cosine: 0.35, anchors: false, paired: true },
    { cosine: 0.34, anchors: false, paired: false },
    { cosine: 0.3, anchors: true, paired: true },
    { cosine: 0.2, anchors: true, paired: true },
    { cosine: 0.19, anchors: true, paired: false },
  ])(
    'cosine $cosine, shared name or number: $anchors → paired: $paired',
    ({ cosine, anchors, paired }) => {
      const shared = anchors ? ['antonov'] : [];
      const groups = align([item(0, base, shared), item(1, at(cosine, 'q'), shared)]);
      expect(grouped(groups)).toEqual(paired ? [[0, 1]] : []);
    },
  );

  it('never pairs two sentences of the same article', () => {
    expect(grouped(align([item(0, base), item(0, base)]))).toEqual([]);
  });

  it('pairs one-to-one: the better of two candidates wins, the other stays alone', () => {
    const groups = align([item(0, at(0.9, 'a')), item(0, at(0.6, 'b')), item(1, base)]);
    expect(grouped(groups)).toEqual([[0, 2]]);
  });

  it('prefers the matching that explains both facts over one greedy best pair', () => {
    // x1 fits y1 a little better than x0 does, but x1 also fits y2; x0 fits only y1.
    const y1: SparseVector = new Map([['k', 1]]);
    const y2: SparseVector = new Map([['m', 1]]);
    const x0: SparseVector = new Map([
      ['k', 0.6],
      ['z', 0.8],
    ]);
    const x1: SparseVector = new Map([
      ['k', 0.65],
      ['m', 0.6],
      ['w', Math.sqrt(1 - 0.65 ** 2 - 0.6 ** 2)],
    ]);
    const groups = align([item(0, x0), item(0, x1), item(1, y1), item(1, y2)]);
    expect(grouped(groups)).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('groups three outlets into one fact, never two sentences of one outlet', () => {
    // a0~b0, b0~c0, c0~a1: chaining would put a0 and a1 together.
    const groups = align([
      item(0, base),
      item(0, at(0.5, 'x')),
      item(1, at(0.99, 'y')),
      item(2, at(0.98, 'z')),
    ]);
    for (const group of groups) {
      const articles = group.map((i) => [0, 0, 1, 2][i]);
      expect(new Set(articles).size).toBe(articles.length);
    }
    expect(grouped(groups)).toContainEqual([0, 2, 3]);
  });
});
