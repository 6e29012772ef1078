import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN.md's rooms, checked: the core (briefing, email, subscribers, delivery) does
 * no I/O of its own and knows no concrete adapter; only handlers and the CLI wire them.
 */
const root = join(import.meta.dirname, '..', '..');
const CORE = ['briefing', 'email', 'subscribers', 'delivery'];

const forbidden: { rule: string; pattern: RegExp }[] = [
  { rule: 'imports @aws-sdk', pattern: /from\s+['"]@aws-sdk\// },
  { rule: 'imports node:fs', pattern: /from\s+['"](node:)?fs(\/promises)?['"]/ },
  { rule: 'reads process.env', pattern: /process\.env/ },
  { rule: 'imports an adapter', pattern: /from\s+['"][./]*\/?adapters\// },
  { rule: 'imports a handler', pattern: /from\s+['"][./]*\/?handlers\// },
  { rule: 'imports the config reader', pattern: /from\s+['"][./]*config\.ts['"]/ },
  { rule: 'imports the CLI', pattern: /from\s+['"][./]*cli\// },
];

function violations(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return forbidden.filter(({ pattern }) => pattern.test(code)).map(({ rule }) => rule);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the core stays pure', () => {
  const files = CORE.flatMap((room) => filesUnder(join(root, 'lambda', room)));

  it('has files to check in every core room', () => {
    for (const room of CORE) {
      expect(
        files.some((f) => f.includes(`/lambda/${room}/`)),
        room,
      ).toBe(true);
    }
  });

  it.each(files.map((file) => [relative(root, file), file]))('%s', (_name, file) => {
    expect(violations(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it.each([
    ["import { SESClient } from '@aws-sdk/client-ses';", 'imports @aws-sdk'],
    ["import { readFile } from 'node:fs/promises';", 'imports node:fs'],
    ["import fs from 'fs';", 'imports node:fs'],
    ['const x = process.env.SECRET;', 'reads process.env'],
    ["import { withOutbox } from '../adapters/outbox-mailer.ts';", 'imports an adapter'],
    ["import { loadConfig } from '../config.ts';", 'imports the config reader'],
  ])('the check catches: %s', (source, rule) => {
    expect(violations(source)).toContain(rule);
  });
});
