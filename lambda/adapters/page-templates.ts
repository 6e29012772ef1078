import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PageTemplates } from '../http/page-templates.ts';
import { PAGE_NAMES } from '../http/page-views.ts';

const HBS = /^([a-z][a-z0-9-]*)\.hbs$/u;

async function readNamed(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const name = HBS.exec(entry.name)?.[1];
    if (!entry.isFile() || name === undefined) continue;
    out[name] = await readFile(join(dir, entry.name), 'utf8');
  }
  return out;
}

/**
 * Reads the public pages' templates from `dir` (`templates/pages`): `layout.hbs`, one
 * `<page>.hbs` per page, `partials/*.hbs` and `site.css`. A missing page is an error now,
 * at start, not a 500 on the first visit.
 */
export async function readPageTemplates(dir: string): Promise<PageTemplates> {
  const [named, partials, css] = await Promise.all([
    readNamed(dir),
    readNamed(join(dir, 'partials')),
    readFile(join(dir, 'site.css'), 'utf8'),
  ]);
  const { layout, ...pages } = named;
  if (layout === undefined) throw new Error(`No layout.hbs in ${dir}`);
  const missing = PAGE_NAMES.filter((name) => pages[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `Missing page templates in ${dir}: ${missing.map((n) => `${n}.hbs`).join(', ')}`,
    );
  }
  return { layout, partials, pages, css };
}
