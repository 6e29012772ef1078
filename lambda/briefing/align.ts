import { maxWeightMatching } from './max-weight-matching.ts';
import { type SentenceVectors, sentenceSimilarity } from './sentence-similarity.ts';

/** One sentence as alignment sees it. `group` is its article: a fact takes one sentence per article. */
export interface AlignItem extends SentenceVectors {
  group: number;
  /**
   * Rare people (canonical names) and numbers the sentence mentions, years resolved from "ten
   * years ago" included: the evidence that can rescue a weak match.
   */
  anchors: ReadonlySet<string>;
  /** The TF-IDF terms those anchors contribute ("anatoly", "antonov", "2011"). */
  anchorTerms: ReadonlySet<string>;
  /**
   * A person this sentence attributes speech to ("Peskov said", "said Mark Galeotti") who is
   * attributed speech in no other sentence of the article.
   */
  soleSpeaker?: string;
  /** The article's first sentence: what the story is about, in that outlet's words. */
  lead?: boolean;
}

export interface AlignOptions {
  /** Similarity at or above which two sentences from different articles report the same fact. */
  accept: number;
  /** Similarity from which a pair is accepted when the evidence below backs it. */
  weak: number;
  /**
   * In the weak band, a shared name or number only counts when the two sentences also share
   * this much apart from it (similarity with the anchors' terms left out): sharing "Navalny" is
   * not reporting the same thing about Navalny.
   */
  residual: number;
}

export const defaultAlignOptions: AlignOptions = { accept: 0.35, weak: 0.2, residual: 0.15 };

// Two outlets' opening sentences report the story's central event: when one of them could also
// pair elsewhere, matching leans towards pairing the leads (added to the matching weight only).
const LEAD_PAIR_BONUS = 0.05;

function shares(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
}

/**
 * Whether a weak match (similarity in [weak, accept)) reports one fact. Two kinds of evidence:
 * - a shared rare person or number AND shared wording beyond it (residual similarity);
 * - the same speaker, when each article attributes speech to that person only once: two outlets
 *   that each quote a spokesman once are quoting the same reaction.
 */
export function weakEvidence(x: AlignItem, y: AlignItem, options: AlignOptions): boolean {
  if (x.soleSpeaker !== undefined && x.soleSpeaker === y.soleSpeaker) return true;
  if (!shares(x.anchors, y.anchors)) return false;
  const without = new Set([...x.anchorTerms, ...y.anchorTerms]);
  return sentenceSimilarity(x, y, without) >= options.residual;
}

/** The similarity a pair enters the matching with, or 0 when it is no candidate. */
export function pairScore(x: AlignItem, y: AlignItem, options: AlignOptions): number {
  const score = sentenceSimilarity(x, y);
  if (score >= options.accept) return score;
  if (score >= options.weak && weakEvidence(x, y, options)) return score;
  return 0;
}

/**
 * Groups sentences of different articles that report the same fact. For every pair of articles,
 * candidate pairs go into a one-to-one matching that maximizes the sum of SQUARED similarities
 * (the two leads' similarity lifted a little): it still lets a sentence that restates two facts
 * give way so both are matched, but it does not trade a confident pair for two loose ones. Matched pairs are then merged best first, only while
 * a group holds at most one sentence per article. Returns every item's group (singletons
 * included) as lists of item indices. Quadratic in items: the caller caps how many sentences enter.
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
        right.map((b) => pairScore(items[a] as AlignItem, items[b] as AlignItem, options)),
      );
      // Only rows and columns with some candidate enter the (cubic) matching.
      const rows = weights.flatMap((row, r) => (row.some((w) => w > 0) ? [r] : []));
      const cols = right.flatMap((_, c) => (weights.some((row) => (row[c] ?? 0) > 0) ? [c] : []));
      const sub = rows.map((r) =>
        cols.map((c) => {
          const w = weights[r]?.[c] ?? 0;
          const leads = items[left[r] as number]?.lead && items[right[c] as number]?.lead;
          return w > 0 ? (w + (leads ? LEAD_PAIR_BONUS : 0)) ** 2 : 0;
        }),
      );
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
