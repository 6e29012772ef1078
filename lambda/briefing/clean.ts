import { type CleaningRule, cleaningRules } from './cleaning-rules.ts';
import { countWords } from './count-words.ts';

/** A paragraph that survived cleaning, with its 1-based number in the ORIGINAL paragraph list. */
export interface CleanParagraph {
  paragraph: number;
  text: string;
  /** Subheads stay as structure (they help resolve "he said") but never become facts. */
  kind: 'body' | 'subhead';
}

export interface CleanResult {
  kept: CleanParagraph[];
  dropped: { paragraph: number; rule: string }[];
}

// Subheads are short; a longer question is more likely a quoted question in the body.
const SUBHEAD_MAX_WORDS = 12;
// Sentence-final punctuation, possibly followed by closing quotes or brackets.
const TERMINAL = /[.!?…:;]["'”’»)\]]*$/u;

function isSubhead(text: string, words: number): boolean {
  if (words > SUBHEAD_MAX_WORDS) return false;
  return /\?["'”’»)\]]*$/u.test(text) || !TERMINAL.test(text);
}

/**
 * Drops boilerplate paragraphs and marks subheads. Paragraph numbers are kept from the original
 * list so refs point at what the editor sees in the Markdown file.
 */
export function clean(
  paragraphs: readonly string[],
  rules: readonly CleaningRule[] = cleaningRules,
): CleanResult {
  const kept: CleanParagraph[] = [];
  const dropped: CleanResult['dropped'] = [];
  paragraphs.forEach((raw, index) => {
    const text = raw.trim();
    const words = countWords(text);
    const rule = rules.find(
      (r) => (r.maxWords === undefined || words <= r.maxWords) && r.pattern.test(text),
    );
    if (rule) {
      dropped.push({ paragraph: index + 1, rule: rule.name });
      return;
    }
    kept.push({ paragraph: index + 1, text, kind: isSubhead(text, words) ? 'subhead' : 'body' });
  });
  return { kept, dropped };
}
