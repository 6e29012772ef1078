import { maxWeightMatching } from './max-weight-matching.ts';
import { type SentenceVectors, sentenceSimilarity } from './sentence-similarity.ts';

/** One sentence as alignment sees it. `group` is its article: a fact takes one sentence per article. */
export interface AlignItem extends SentenceVectors {
  group: number;
  /** Lower-cased capitalized names and numbers: the evidence that rescues a weak match. */
  anchors: ReadonlySet<string>;
}

export interface AlignOptions {
  /** Cosine at or above which two sentences from different articles report the same fact. */
  accept: number;
  /** Cosine from which a pair is accepted when it shares a name or a number. */
  weak: number;
}

export const defaultAlignOptions: AlignOptions = { accept: 0.35, weak: 0.2 };

function shareAnchor(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
}

/**
 * Groups sentences of different articles that report the same fact. For every pair of articles,
 * candidate pairs (cosine ≥ accept, or ≥ weak with a shared name or number) go into a maximum-
 * weight one-to-one matching; matched pairs are then merged best first, only while a group holds
 * at most one sentence per article. Returns every item's group (singletons included) as lists of
 * item indices. Quadratic in items: the caller caps how many sentences enter.
 */
export function align(
  items: readonly AlignItem[],
  options: AlignOptions = defaultAlignOptions,
): number[][] {
  const byGroup = new Map<number, number[]>();
  items.forEach((item, i) => {
    const list = byGroup.get(item.group);
    if (list) list.push(i);
    else byGroup.set(item.group, [i]);
  });
  const groupIds = [...byGroup.keys()];

  const pairs: { a: number; b: number; score: number }[] = [];
  for (let g = 0; g < groupIds.length; g++) {
    for (let h = g + 1; h < groupIds.length; h++) {
      const left = byGroup.get(groupIds[g] as number) as number[];
      const right = byGroup.get(groupIds[h] as number) as number[];
      const weights = left.map((a) =>
        right.map((b) => {
          const x = items[a] as AlignItem;
          const y = items[b] as AlignItem;
          const score = sentenceSimilarity(x, y);
          const ok =
            score >= options.accept || (score >= options.weak && shareAnchor(x.anchors, y.anchors));
          return ok ? score : 0;
        }),
      );
      // Only rows and columns with some candidate enter the (cubic) matching.
      const rows = weights.flatMap((row, r) => (row.some((w) => w > 0) ? [r] : []));
      const cols = right.flatMap((_, c) => (weights.some((row) => (row[c] ?? 0) > 0) ? [c] : []));
      const sub = rows.map((r) => cols.map((c) => weights[r]?.[c] ?? 0));
      for (const [r, c] of maxWeightMatching(sub)) {
        const row = rows[r] as number;
        const col = cols[c] as number;
        pairs.push({
          a: left[row] as number,
          b: right[col] as number,
          score: weights[row]?.[col] ?? 0,
        });
      }
    }
  }
  pairs.sort((p, q) => q.score - p.score || p.a - q.a || p.b - q.b);

  const parent = items.map((_, i) => i);
  const groups = items.map((item) => new Set([item.group]));
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  for (const { a, b } of pairs) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    const ga = groups[ra] as Set<number>;
    const gb = groups[rb] as Set<number>;
    if ([...gb].some((g) => ga.has(g))) continue;
    for (const g of gb) ga.add(g);
    parent[rb] = ra;
  }

  const byRoot = new Map<number, number[]>();
  items.forEach((_, i) => {
    const root = find(i);
    const list = byRoot.get(root);
    if (list) list.push(i);
    else byRoot.set(root, [i]);
  });
  return [...byRoot.values()];
}
