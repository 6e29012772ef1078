/**
 * MJML reports line numbers of the edition's MJML with its partials expanded
 * (`expandTemplate`). The preview maps such a line back to the file an editor opens:
 * `templates/edition.mjml` or `templates/partials/<name>.mjml`, and the line there. The
 * expansion here follows template-compiler.ts's `expandPartials` piece by piece (a test
 * checks the text is the same).
 */

const PARTIAL_CALL = /\{\{(~?)>\s*([^}]*?)\s*(~?)\}\}/gu;
const PARTIAL_ARGS = /^([A-Za-z][\w-]*)(?:\s+([A-Za-z@.][\w.@/-]*))?$/u;
const MAX_DEPTH = 8;

interface Piece {
  text: string;
  file: string;
  /** The line of `file` this piece starts on. */
  line: number;
}

export interface ExpandedSource {
  text: string;
  /** Where line `n` (1-based) of the expanded text was written. */
  origin(line: number): { file: string; line: number } | undefined;
}

function lineAt(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

function expand(
  source: string,
  partials: Record<string, string>,
  file: string,
  fileOf: (name: string) => string,
  depth: number,
): Piece[] {
  if (depth > MAX_DEPTH) return [{ text: source, file, line: 1 }];
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of source.matchAll(PARTIAL_CALL)) {
    const at = m.index ?? 0;
    pieces.push({ text: source.slice(last, at), file, line: lineAt(source, last) });
    const args = PARTIAL_ARGS.exec(m[2] ?? '');
    const name = args?.[1] ?? '';
    const partial = Object.hasOwn(partials, name) ? partials[name] : undefined;
    if (args === null || partial === undefined) {
      pieces.push({ text: m[0], file, line: lineAt(source, at) });
    } else {
      const context = args[2];
      const line = lineAt(source, at);
      if (context !== undefined) pieces.push({ text: `{{#with ${context}}}`, file, line });
      pieces.push(...expand(partial, partials, fileOf(name), fileOf, depth + 1));
      if (context !== undefined) pieces.push({ text: '{{/with}}', file, line });
    }
    last = at + m[0].length;
  }
  pieces.push({ text: source.slice(last), file, line: lineAt(source, last) });
  return pieces;
}

/** Expands `{{> partial}}` as the compiler does, remembering where each line came from. */
export function expandWithOrigins(
  source: string,
  partials: Record<string, string>,
  file: string,
  fileOf: (name: string) => string,
): ExpandedSource {
  const pieces = expand(source, partials, file, fileOf, 0);
  // Per output line, where its first non-blank character was written (or its start).
  const origins: { file: string; line: number; blank: boolean }[] = [];
  let current: { file: string; line: number; blank: boolean } | undefined;
  for (const piece of pieces) {
    let line = piece.line;
    for (const ch of piece.text) {
      if (current === undefined) {
        current = { file: piece.file, line, blank: true };
        origins.push(current);
      }
      if (ch === '\n') {
        current = undefined;
        line++;
      } else if (current.blank && ch.trim() !== '') {
        Object.assign(current, { file: piece.file, line, blank: false });
      }
    }
  }
  return {
    text: pieces.map((p) => p.text).join(''),
    origin(target) {
      const at = origins[target - 1];
      return at === undefined ? undefined : { file: at.file, line: at.line };
    },
  };
}
