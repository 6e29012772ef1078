import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { ContentError } from '../briefing/content-error.ts';
import { ARTICLE_FILE } from '../content/story-files.ts';

/** A content file the preview could not load, said as an editor looks for it: file and line. */
export interface Problem {
  file: string;
  line?: number;
  message: string;
}

interface WithLinePos {
  linePos?: [{ line: number; col: number }, ...unknown[]];
}

/** The line of a YAML syntax error, as the `yaml` library reports it (1-based, of the YAML). */
function yamlLine(cause: unknown): number | undefined {
  const pos = (cause as WithLinePos | undefined)?.linePos?.[0];
  return typeof pos?.line === 'number' ? pos.line : undefined;
}

/** The line where a front-matter or story.yaml field is set, or undefined when it is absent. */
export function fieldLine(source: string, field: string, offset: number): number | undefined {
  const key = field.split('.')[0] ?? field;
  if (key === '' || key.startsWith('(')) return undefined;
  const lines = source.split(/\r?\n/u);
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const at = lines.findIndex(
    (l, i) => i >= offset && new RegExp(`^\\s*['"]?${escaped}['"]?\\s*:`, 'u').test(l),
  );
  return at < 0 ? undefined : at + 1;
}

/** In an article (`.md`, `.markdown`, any case) the front matter starts after its `---` line; story.yaml at line 1. */
export function frontMatterOffset(file: string): number {
  return ARTICLE_FILE.test(file) ? 1 : 0;
}

/**
 * The file and line of a ContentError (front matter not YAML, a field missing or invalid):
 * `fileRoot` resolves the error's file name (relative to where the preview runs).
 */
export async function contentProblem(error: unknown, fileRoot = process.cwd()): Promise<Problem> {
  if (!(error instanceof ContentError)) {
    return { file: '(content)', message: error instanceof Error ? error.message : String(error) };
  }
  const path = isAbsolute(error.file) ? error.file : resolve(fileRoot, error.file);
  const source = await readFile(path, 'utf8').catch(() => undefined);
  const offset = frontMatterOffset(error.file);
  let line = yamlLine(error.cause);
  if (line !== undefined) line += offset;
  else if (source !== undefined) line = fieldLine(source, error.field, offset);
  if (line === undefined && source !== undefined && error.field !== '(folder)') line = 1;
  return { file: error.file, ...(line === undefined ? {} : { line }), message: error.message };
}
