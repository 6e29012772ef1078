import { cosine } from './cosine.ts';
import type { SparseVector } from './tfidf.ts';

/** A sentence's TF-IDF vector and the vectors of its clauses (none for a one-clause sentence). */
export interface SentenceVectors {
  vector: SparseVector;
  clauses: readonly SparseVector[];
}

// Sentences sharing less than this have nothing in common worth a clause-by-clause look.
const CLAUSE_PREFILTER = 0.05;

/**
 * Similarity of two sentences: the better of whole-sentence cosine and the best cosine between
 * a clause (or whole sentence) of one and a clause of the other. Long sentences that pack one
 * outlet's fact together with something else still meet the short sentence that reports it.
 */
export function sentenceSimilarity(x: SentenceVectors, y: SentenceVectors): number {
  let best = cosine(x.vector, y.vector);
  if (best < CLAUSE_PREFILTER || (x.clauses.length === 0 && y.clauses.length === 0)) return best;
  for (const a of [x.vector, ...x.clauses]) {
    for (const b of [y.vector, ...y.clauses]) {
      const c = cosine(a, b);
      if (c > best) best = c;
    }
  }
  return best;
}
