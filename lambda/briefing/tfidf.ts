/** A sparse, L2-normalized term vector. */
export type SparseVector = ReadonlyMap<string, number>;

export interface TfidfModel {
  /** One vector per input document, in order. */
  vectors: SparseVector[];
  /** Vectorizes another token list (a clause, a quote) with the same IDF. */
  vectorize(tokens: readonly string[]): SparseVector;
}

/**
 * TF-IDF over a small collection of token lists (one per sentence): sublinear term frequency and
 * smoothed inverse document frequency, L2-normalized so cosine is a dot product.
 */
export function tfidf(documents: readonly (readonly string[])[]): TfidfModel {
  const df = new Map<string, number>();
  for (const tokens of documents) {
    for (const term of new Set(tokens)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const n = Math.max(1, documents.length);
  const vectorize = (tokens: readonly string[]): SparseVector => {
    const tf = new Map<string, number>();
    for (const term of tokens) tf.set(term, (tf.get(term) ?? 0) + 1);
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of tf) {
      const weight = (1 + Math.log(count)) * Math.log(1 + n / (df.get(term) ?? 1));
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  };
  return { vectors: documents.map(vectorize), vectorize };
}
