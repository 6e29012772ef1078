import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { convertToUtf8, firstInvalidUtf8, isMixed } from '../../lambda/content/decode.ts';
import { entryKind } from '../../lambda/content/story-files.ts';

export interface Conversion {
  file: string;
  /** The encoding converted from; undefined when it could not be told. */
  from: string | undefined;
  /** UTF-8 but for a stray byte at this offset: left for the editor to retype. */
  mixedAt?: number;
  backup?: string;
}

/** Whether the bytes are already UTF-8 text (no UTF-16 byte order mark, no NUL, all valid). */
function isUtf8Text(bytes: Buffer): boolean {
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return !utf16 && !bytes.includes(0) && firstInvalidUtf8(bytes) < 0;
}

/** A backup path beside the file that does not exist yet: a.md.bak, a.md.bak.1, … */
async function freeBackupPath(path: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? `${path}.bak` : `${path}.bak.${n}`;
    if ((await stat(candidate).catch(() => undefined)) === undefined) return candidate;
  }
}

/**
 * Converts the story folder's content files that are not UTF-8 (articles and story.yaml) to
 * UTF-8 in place, from the encoding chardet finds most likely, after copying each to a
 * backup beside it. A file whose encoding cannot be told is left as it is.
 */
export async function fixEncodings(dir: string, label: string): Promise<Conversion[]> {
  const conversions: Conversion[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const kind = entryKind(entry.name, entry.isDirectory());
    if (kind !== 'article' && kind !== 'story') continue;
    const path = join(dir, entry.name);
    const file = `${label}/${entry.name}`;
    const bytes = await readFile(path);
    if (isUtf8Text(bytes)) continue;
    if (isMixed(bytes)) {
      conversions.push({ file, from: undefined, mixedAt: firstInvalidUtf8(bytes) });
      continue;
    }
    const converted = convertToUtf8(bytes);
    if (converted === undefined) {
      conversions.push({ file, from: undefined });
      continue;
    }
    const backup = await freeBackupPath(path);
    await copyFile(path, backup);
    await writeFile(path, converted.text, 'utf8');
    conversions.push({
      file,
      from: converted.from,
      backup: `${label}/${backup.slice(dir.length + 1)}`,
    });
  }
  return conversions;
}
