/**
 * A named artefact of machine translation or bad extraction, and its cost. When several outlets
 * report the same fact, the wording with the lowest total cost is the one readers see.
 */
interface Artefact {
  name: string;
  pattern: RegExp;
  cost: number;
}

const artefacts: readonly Artefact[] = [
  // "…threat.” of collapse" — a quote mark after the period, then the sentence goes on. (After a
  // comma, "?" or "!" that is ordinary English: “No irony,” he said.)
  { name: 'quote-after-period', pattern: /\.\s*["“”]\s+\p{Ll}/gu, cost: 2 },
  // "in general “." / "actions. “" — a detached quote mark next to punctuation.
  { name: 'detached-quote', pattern: /\s["“”]\s*[.,;:!?]|[.,;:!?]\s+["“”]\s*$/gu, cost: 2 },
  // An opening curly quote used as a closing one at the end.
  { name: 'opening-quote-at-end', pattern: /“\s*[.,;:!?]?\s*$/gu, cost: 1 },
  // "word , word" / "word ." — stray spaces before punctuation (not an ellipsis).
  { name: 'space-before-punctuation', pattern: /[\p{L}\p{N}]\s+(?:[,;:!?]|\.(?!\.))/gu, cost: 1 },
  // "he / she", "his / her" — gender-neutral rendering of a pronoun by a translation engine.
  {
    name: 'slashed-pronoun',
    pattern:
      /\b(?:he|she|his|her|him|hers|himself|herself)\s*\/\s*(?:he|she|his|her|him|hers|himself|herself)\b/giu,
    cost: 2,
  },
  // "the past. troubled America" — a sentence break followed by lower case.
  { name: 'broken-sentence', pattern: /\p{Ll}{2,}\.\s+\p{Ll}/gu, cost: 1 },
  // "(Putin) will pay a price" — a sentence opening on an editor's bracket, a name the
  // translation or transcript put in place of a pronoun.
  { name: 'bracket-opening', pattern: /^\(\p{Lu}[^)]{0,40}\)/gu, cost: 2 },
  // "the the" — a doubled word.
  { name: 'doubled-word', pattern: /\b(\p{L}{2,})\s+\1\b/giu, cost: 1 },
];

function countDoubleQuotes(text: string): number {
  return (text.match(/["“”„«»]/gu) ?? []).length;
}

/** Total artefact cost of one sentence; 0 for clean, idiomatic text. */
export function fluencyPenalty(sentence: string): number {
  let penalty = 0;
  for (const artefact of artefacts) {
    const hits = sentence.match(artefact.pattern)?.length ?? 0;
    penalty += Math.min(hits, 3) * artefact.cost;
  }
  // Unbalanced double quotes: a quotation opened and never closed in the same sentence.
  if (countDoubleQuotes(sentence) % 2 === 1) penalty += 2;
  // A sentence that starts in lower case was cut out of something longer.
  if (/^\p{Ll}/u.test(sentence)) penalty += 1;
  return penalty;
}

// An ellipsis at the very end, before any closing marks: the source cut the text off there.
const CUT_OFF = /(?:\.\.\.|…)["'”’»)\]]*\s*$/u;

/** Ends in an ellipsis: cut off by its source ("…is able to appeal the..."), not a whole text. */
export function endsCutOff(text: string): boolean {
  return CUT_OFF.test(text);
}
