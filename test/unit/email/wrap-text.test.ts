import { describe, expect, it } from 'vitest';
import { columns, wrapText } from '../../../lambda/email/wrap-text.ts';

describe('wrapText', () => {
  it('wraps paragraphs at 76 columns on spaces', () => {
    const paragraph = 'lorem ipsum dolor sit amet '.repeat(10).trim();
    const out = wrapText(paragraph);
    for (const line of out.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(out.replace(/\n/g, ' ').trim()).toBe(paragraph);
  });

  it('gives list items a hanging indent', () => {
    const out = wrapText(`- ${'word '.repeat(30).trim()}\n[12] ${'ref '.repeat(30).trim()}`);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^- word/);
    expect(lines[1]).toMatch(/^ {2}word/);
    const ref = lines.findIndex((l) => l.startsWith('[12] '));
    expect(lines[ref + 1]).toMatch(/^ {5}ref/);
  });

  it('never breaks a long URL', () => {
    const url = `https://example.org/${'a'.repeat(100)}`;
    expect(wrapText(`[1] ${url}`)).toBe(`[1] ${url}\n`);
    expect(wrapText(`See ${url} now`)).toBe(`See\n${url}\nnow\n`);
  });

  it('trims trailing spaces and collapses blank lines', () => {
    expect(wrapText('\n\na  \n\n\n\nb\n\n')).toBe('a\n\nb\n');
  });

  it('counts code points and sentinels at their nominal width', () => {
    expect(columns('“quoted”')).toBe(8);
    expect(columns('%%braid:email%%.')).toBe(33);
  });
});
