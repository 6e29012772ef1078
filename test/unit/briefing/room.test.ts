import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// DESIGN.md: lambda/briefing/ is pure (no I/O, no AWS, no process.env) and never imports
// adapters/. Checked here so the rule cannot rot into a promise.
const dir = fileURLToPath(new URL('../../../lambda/briefing/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

describe('lambda/briefing is a pure room', () => {
  it.each(files)('%s does no I/O and imports no adapter', (file) => {
    const source = readFileSync(`${dir}${file}`, 'utf8');
    const imports = [
      ...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1] ?? m[2] ?? '');
    for (const specifier of imports) {
      expect(specifier).not.toMatch(/^node:|^(?:fs|path|os|child_process|http|https|net)$/);
      expect(specifier).not.toMatch(/^@aws-sdk\/|adapters|handlers|\.\.\//);
    }
    expect(source).not.toMatch(/\bprocess\.env\b|\bDate\.now\(|\bMath\.random\(/);
  });
});
