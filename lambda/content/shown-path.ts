import { isAbsolute, relative } from 'node:path';

/** A path as an editor reads it: relative to where the command runs, when it is below. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
