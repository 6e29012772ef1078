/** Words are runs of letters or digits (with inner apostrophes/hyphens); punctuation is not a word. */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}
