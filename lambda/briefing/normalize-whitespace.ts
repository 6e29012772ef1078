/**
 * Collapses every run of whitespace (including no-break spaces and line breaks) to one space.
 * Traceability is defined on whitespace-normalized text, so every text the briefing emits and
 * every check against a source goes through this one function.
 */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
