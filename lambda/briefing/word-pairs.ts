/**
 * Pairs of neighbouring content terms ("recall ambassador", "native american"): two sentences
 * that use the same pair are telling at least part of one thing. Takes tokenize()'s output.
 */
export function wordPairs(tokens: readonly string[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i++) pairs.add(`${tokens[i]} ${tokens[i + 1]}`);
  return pairs;
}
