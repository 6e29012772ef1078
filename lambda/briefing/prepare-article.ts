import { isValid, parseISO } from 'date-fns';
import { type CleanParagraph, clean } from './clean.ts';
import { countWords } from './count-words.ts';
import { type SentenceSpan, splitSentences } from './split-sentences.ts';
import type { Article } from './types.ts';

/** An article after cleaning and sentence splitting: everything later stages read. */
export interface PreparedArticle {
  article: Article;
  english: boolean;
  /** Paragraphs that survived cleaning (body and subheads), with original numbers. */
  paragraphs: CleanParagraph[];
  /** Sentence spans of each kept paragraph, same order. */
  sentences: SentenceSpan[][];
  /** Word count of the cleaned body. */
  words: number;
  /** Publication day (local midnight) that relative dates resolve against; undefined if unreadable. */
  published: Date | undefined;
}

/** `en`, `en-GB`, `EN`: English. Anything else is listed but not braided. */
function isEnglish(language: string): boolean {
  return /^en(?:[-_]|$)/iu.test(language.trim() || 'en');
}

/** The calendar day of an ISO date or date-time as written, ignoring its time zone. */
function publicationDay(published: string): Date | undefined {
  const day = /^\d{4}-\d{2}-\d{2}/u.exec(published.trim())?.[0];
  if (!day) return undefined;
  const date = parseISO(day);
  return isValid(date) ? date : undefined;
}

export function prepareArticle(article: Article): PreparedArticle {
  const { kept } = clean(article.paragraphs);
  return {
    article,
    english: isEnglish(article.language),
    paragraphs: kept,
    sentences: kept.map((p) => splitSentences(p.text)),
    words: kept.reduce((sum, p) => sum + countWords(p.text), 0),
    published: publicationDay(article.published),
  };
}
