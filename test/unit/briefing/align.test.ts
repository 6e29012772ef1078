import { describe, expect, it } from 'vitest';
import {
  type AlignItem,
  align,
  defaultAlignOptions,
  pairScore,
} from '../../../lambda/briefing/align.ts';
import type { SparseVector } from '../../../lambda/briefing/tfidf.ts';

/** A unit vector from raw weights. */
function unit(weights: Record<string, number>): SparseVector {
  const norm = Math.sqrt(Object.values(weights).reduce((s, w) => s + w * w, 0));
  return new Map(Object.entries(weights).map(([k, w]) => [k, w / norm]));
}

/** A unit vector whose cosine with `base` (the "p" axis) is exactly `c`. */
function at(c: number, other: string): SparseVector {
  return new Map([
    ['p', c],
    [other, Math.sqrt(1 - c * c)],
  ]);
}
const base: SparseVector = new Map([['p', 1]]);

function item(
  group: number,
  vector: SparseVector,
  evidence: { anchors?: string[]; anchorTerms?: string[]; soleSpeaker?: string } = {},
): AlignItem {
  const it: AlignItem = {
    group,
    vector,
    clauses: [],
    anchors: new Set(evidence.anchors ?? []),
    anchorTerms: new Set(evidence.anchorTerms ?? []),
  };
  if (evidence.soleSpeaker) it.soleSpeaker = evidence.soleSpeaker;
  return it;
}

const grouped = (groups: number[][]) =>
  groups.filter((g) => g.length > 1).map((g) => [...g].sort());

describe('align: when two sentences report one fact', () => {
  it.each([
    { cosine: 0.36, paired: true },
    { cosine: 0.35, paired: true },
    { cosine: 0.34, paired: false },
    { cosine: 0.25, paired: false },
  ])('cosine $cosine with no evidence → paired: $paired', ({ cosine, paired }) => {
    const groups = align([item(0, base), item(1, at(cosine, 'q'))]);
    expect(grouped(groups)).toEqual(paired ? [[0, 1]] : []);
  });

  // Both sentences name Antonov and share "recall" beyond him: cosine 0.24, 0.2 without him.
  const antonov = { anchors: ['Anatoly Antonov'], anchorTerms: ['antonov'] };
  const recallA = unit({ antonov: Math.sqrt(0.05), recall: Math.sqrt(0.2), blind: Math.sqrt(0.8) });
  const recallB = unit({
    antonov: Math.sqrt(0.05),
    recall: Math.sqrt(0.2),
    strain: Math.sqrt(0.8),
  });
  // Both name Navalny, and that is all they share.
  const navalny = { anchors: ['Alexei Navalny'], anchorTerms: ['navalny'] };
  const killA = unit({ navalny: 0.55, kill: 0.6, reject: 0.6 });
  const sanctionB = unit({ navalny: 0.55, sanction: 0.6, union: 0.6 });

  it('weak band: a shared person and shared words beyond the name → one fact', () => {
    const a = item(0, recallA, antonov);
    const b = item(1, recallB, antonov);
    const score = pairScore(a, b, defaultAlignOptions);
    expect(score).toBeGreaterThanOrEqual(defaultAlignOptions.weak);
    expect(score).toBeLessThan(defaultAlignOptions.accept);
    expect(grouped(align([a, b]))).toEqual([[0, 1]]);
  });

  it('weak band: sharing only a name is not reporting the same thing', () => {
    const a = item(0, killA, navalny);
    const b = item(1, sanctionB, navalny);
    const raw = pairScore(a, b, { ...defaultAlignOptions, residual: 0 });
    expect(raw).toBeGreaterThanOrEqual(defaultAlignOptions.weak);
    expect(pairScore(a, b, defaultAlignOptions)).toBe(0);
    expect(grouped(align([a, b]))).toEqual([]);
  });

  it('weak band: the same words without a shared person or number are not enough', () => {
    const a = item(0, recallA);
    const b = item(1, recallB);
    expect(grouped(align([a, b]))).toEqual([]);
  });

  it('weak band: two outlets that each quote one speaker once quote the same reaction', () => {
    const peskovA = unit({ peskov: 0.5, evidence: 0.85 });
    const peskovB = unit({ peskov: 0.5, grim: 0.85 });
    const sole = { anchors: ['Dmitry Peskov'], anchorTerms: ['peskov'] };
    const a = item(0, peskovA, { ...sole, soleSpeaker: 'Dmitry Peskov' });
    const b = item(1, peskovB, { ...sole, soleSpeaker: 'Dmitry Peskov' });
    expect(grouped(align([a, b]))).toEqual([[0, 1]]);
    // …but a speaker quoted twice by one outlet could be saying something else each time.
    const twice = item(1, peskovB, sole);
    expect(grouped(align([a, twice]))).toEqual([]);
  });

  it('below the weak band nothing rescues a pair', () => {
    const a = item(0, base, { ...antonov, soleSpeaker: 'X' });
    const b = item(1, at(0.19, 'q'), { ...antonov, soleSpeaker: 'X' });
    expect(grouped(align([a, b]))).toEqual([]);
  });

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

  it('prefers one confident pair to two loose ones', () => {
    // x0~y0 = 0.88; x0~y1 = 0.45 and x1~y0 = 0.6 are loose. The two loose pairs sum to more
    // (1.05), but squared similarities keep the pair that surely reports one fact (0.77 > 0.56).
    const y0: SparseVector = new Map([['a', 1]]);
    const y1: SparseVector = new Map([['b', 1]]);
    const x0: SparseVector = new Map([
      ['a', 0.88],
      ['b', 0.45],
      ['z', Math.sqrt(1 - 0.88 ** 2 - 0.45 ** 2)],
    ]);
    const x1: SparseVector = new Map([
      ['a', 0.6],
      ['e', 0.8],
    ]);
    const groups = align([item(0, x0), item(0, x1), item(1, y0), item(1, y1)]);
    expect(grouped(groups)).toEqual([[0, 2]]);
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
