/**
 * Compiles the MJML templates once into Handlebars HTML (`templates/compiled/`), so the
 * sending code renders with Handlebars alone and never loads MJML. Run it after changing
 * anything in templates/ (a test fails while the compiled files are stale):
 *
 *   npx tsx templates/compile.ts           write templates/compiled/*.hbs
 *   npx tsx templates/compile.ts --check   exit 1 if they are not up to date
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TEMPLATE_NAMES } from '../lambda/email/compiled-template.ts';
import { compileTemplate } from '../lambda/email/template-compiler.ts';

const dir = import.meta.dirname;
const check = process.argv.includes('--check');

const partials: Record<string, string> = {};
for (const file of (await readdir(join(dir, 'partials'))).sort()) {
  if (/\.(mjml|hbs)$/u.test(file)) {
    partials[basename(file).replace(/\.(mjml|hbs)$/u, '')] = await readFile(
      join(dir, 'partials', file),
      'utf8',
    );
  }
}

const stale: string[] = [];
await mkdir(join(dir, 'compiled'), { recursive: true });
for (const name of TEMPLATE_NAMES) {
  const compiled = await compileTemplate({
    name,
    mjml: await readFile(join(dir, `${name}.mjml`), 'utf8'),
    text: await readFile(join(dir, `${name}.txt.hbs`), 'utf8'),
    partials,
  });
  for (const [file, content] of [
    [`${name}.html.hbs`, compiled.html],
    [`${name}.txt.hbs`, compiled.text],
  ] as const) {
    const path = join(dir, 'compiled', file);
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === content) continue;
    if (check) stale.push(`templates/compiled/${file}`);
    else {
      await writeFile(path, content);
      console.log(`wrote templates/compiled/${file}`);
    }
  }
}
if (stale.length > 0) {
  console.error(`Stale: ${stale.join(', ')}. Run: npx tsx templates/compile.ts`);
  process.exit(1);
}
