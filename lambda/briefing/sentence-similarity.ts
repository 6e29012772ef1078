import { cosine } from './cosine.ts';
import type { SparseVector } from './tfidf.ts';

/** A sentence's TF-IDF vector and the vectors of its clauses (none for a one-clause sentence). */
export interface SentenceVectors {
  vector: SparseVector;
  clauses: readonly SparseVector[];
}

// Sentences sharing less than this have nothing in common worth a clause-by-clause look.
const CLAUSE_PREFILTER = 0.05;

/** Cosine of two unit vectors with some terms left out (both renormalized without them). */
function cosineWithout(a: SparseVector, b: SparseVector, without: ReadonlySet<string>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [term, w] of a) {
    if (without.has(term)) continue;
    na += w * w;
    const other = b.get(term);
    if (other !== undefined) dot += w * other;
  }
  for (const [term, w] of b) if (!without.has(term)) nb += w * w;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Similarity of two sentences: the better of whole-sentence cosine and the best cosine between
 * a clause (or whole sentence) of one and a clause of the other. Long sentences that pack one
 * outlet's fact together with something else still meet the short sentence that reports it.
 * With `without`, those terms are left out (what two sentences share apart from a name).
 */
export function sentenceSimilarity(
  x: SentenceVectors,
  y: SentenceVectors,
  without?: ReadonlySet<string>,
): number {
  const sim =
    without && without.size > 0
      ? (a: SparseVector, b: SparseVector) => cosineWithout(a, b, without)
      : cosine;
  let best = sim(x.vector, y.vector);
  if (best < CLAUSE_PREFILTER || (x.clauses.length === 0 && y.clauses.length === 0)) return best;
  for (const a of [x.vector, ...x.clauses]) {
    for (const b of [y.vector, ...y.clauses]) {
      const c = sim(a, b);
      if (c > best) best = c;
    }
  }
  return best;
}
