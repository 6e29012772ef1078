// Clause breaks: punctuation inside a sentence (a period too: machine translation leaves
// "afterwards. a declassified report…" inside one sentence), and the conjunctions long news
// sentences hinge on.
const BREAK =
  /\s*[,;:()–—]\s*|\.\s+|\s+(?=(?:but|while|whereas|although|though|because|after|which|who|saying)\s)/gu;
// A piece shorter than this is glued to its neighbour: "Asked about it," is not a clause.
const MIN_CLAUSE_WORDS = 5;

/**
 * Splits a sentence into clause-sized pieces. Outlets paraphrase one fact inside a longer
 * sentence ("…withdrew its ambassador on Wednesday, which the Kremlin later said…"); comparing
 * clauses as well as whole sentences lets alignment see it. Returns nothing for short sentences.
 */
export function splitClauses(sentence: string): string[] {
  const pieces = sentence.split(BREAK).filter((p) => p.trim() !== '');
  if (pieces.length < 2) return [];
  const clauses: string[] = [];
  let pending = '';
  for (const piece of pieces) {
    pending = pending ? `${pending} ${piece}` : piece;
    if (pending.split(/\s+/u).length >= MIN_CLAUSE_WORDS) {
      clauses.push(pending);
      pending = '';
    }
  }
  if (pending) {
    if (clauses.length > 0) clauses[clauses.length - 1] = `${clauses.at(-1)} ${pending}`;
    else clauses.push(pending);
  }
  return clauses.length < 2 ? [] : clauses;
}
