import type { SparseVector } from './tfidf.ts';

/** Cosine similarity of two L2-normalized sparse vectors (a dot product over the smaller one). */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) dot += weight * other;
  }
  return dot;
}
