import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of docs/architecture.md, checked: the core (briefing, email, subscribers, delivery) does
 * no I/O of its own and knows no concrete adapter; only handlers and the CLI wire them.
 */
const root = join(import.meta.dirname, '..', '..');
const CORE = ['briefing', 'email', 'subscribers', 'delivery'];

// `from '…'` and `import('…')` alike.
const IMPORT = String.raw`(?:\bfrom\s+|\bimport\(\s*)['"]`;
const imports = (specifier: string) => new RegExp(IMPORT + specifier);

const forbidden: { rule: string; pattern: RegExp }[] = [
  { rule: 'imports @aws-sdk', pattern: imports(String.raw`@aws-sdk/`) },
  { rule: 'imports node:fs', pattern: imports(String.raw`(node:)?fs(/promises)?['"]`) },
  // Pure computation needs node:crypto (hashes, HMAC) and nothing else of Node's.
  { rule: 'imports a node: module other than crypto', pattern: imports('node:(?!crypto[\'"])') },
  {
    rule: 'reaches for I/O another way',
    pattern: /\bcreateRequire\b|\brequire\(|\bfetch\(|\bprocess\.(?:stdout|stderr|argv|exit)\b/,
  },
  { rule: 'reads process.env', pattern: /process\.env/ },
  { rule: 'imports an adapter', pattern: imports(String.raw`[./]*/?adapters/`) },
  { rule: 'imports a handler', pattern: imports(String.raw`[./]*/?handlers/`) },
  { rule: 'imports the config reader', pattern: imports(String.raw`[./]*config\.ts['"]`) },
  { rule: 'imports the CLI', pattern: imports(String.raw`[./]*cli/`) },
];

/** The briefing is also deterministic and self-contained: same articles, same briefing. */
const briefingOnly: { rule: string; pattern: RegExp }[] = [
  { rule: 'imports a node: module', pattern: imports('node:') },
  { rule: 'reads the clock or randomness', pattern: /\bDate\.now\(|\bMath\.random\(|new Date\(\)/ },
];

const RELATIVE = new RegExp(`${IMPORT}(\\.[^'"]*)['"]`, 'g');

/** Whether a file of lambda/briefing/ imports a file outside that folder (its subfolders are in). */
function leavesBriefing(code: string, file: string): boolean {
  const room = join(root, 'lambda', 'briefing');
  return [...code.matchAll(RELATIVE)].some((m) => {
    const target = resolve(dirname(file), m[1] ?? '');
    return relative(room, target).startsWith('..');
  });
}

function violations(
  source: string,
  room = '',
  file = join(root, 'lambda', room, 'x.ts'),
): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const rules = room === 'briefing' ? [...forbidden, ...briefingOnly] : forbidden;
  const found = rules.filter(({ pattern }) => pattern.test(code)).map(({ rule }) => rule);
  if (room === 'briefing' && leavesBriefing(code, file)) found.push('imports another room');
  return found;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
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

  it.each(files.map((file) => [relative(root, file), file]))('%s', (name, file) => {
    const room = name.split('/')[1];
    expect(violations(readFileSync(file, 'utf8'), room, file)).toEqual([]);
  });

  it.each([
    ["import { SESClient } from '@aws-sdk/client-ses';", 'imports @aws-sdk'],
    ["import { readFile } from 'node:fs/promises';", 'imports node:fs'],
    ["import fs from 'fs';", 'imports node:fs'],
    ['const x = process.env.SECRET;', 'reads process.env'],
    ["import { withOutbox } from '../adapters/outbox-mailer.ts';", 'imports an adapter'],
    ["import { loadConfig } from '../config.ts';", 'imports the config reader'],
    ["const ses = await import('@aws-sdk/client-ses');", 'imports @aws-sdk'],
  ])('the check catches: %s', (source, rule) => {
    expect(violations(source)).toContain(rule);
  });

  it.each([
    ["import { execSync } from 'node:child_process';", 'imports a node: module other than crypto'],
    ["import { createRequire } from 'node:module';", 'imports a node: module other than crypto'],
    ["const fs = createRequire(import.meta.url)('fs');", 'reaches for I/O another way'],
    ["const page = await fetch('https://example.org');", 'reaches for I/O another way'],
  ])('the check catches: %s', (source, rule) => {
    expect(violations(source)).toContain(rule);
  });

  it('lets the core hash', () => {
    expect(violations("import { createHmac } from 'node:crypto';")).toEqual([]);
  });

  it.each([
    ["import { createHash } from 'node:crypto';", 'imports a node: module'],
    ["import type { Edition } from '../email/types.ts';", 'imports another room'],
    ['const today = new Date();', 'reads the clock or randomness'],
    ['const id = Math.random();', 'reads the clock or randomness'],
  ])('the briefing check also catches: %s', (source, rule) => {
    expect(violations(source, 'briefing')).toContain(rule);
    expect(violations(source, 'delivery')).not.toContain(rule);
  });
});

/** docs/architecture.md: adapters/ is the only code that imports @aws-sdk/* or node:fs. */
describe('only adapters touch AWS and the file system', () => {
  const wiring = [
    ...filesUnder(join(root, 'lambda', 'handlers')),
    ...filesUnder(join(root, 'lambda', 'http')),
    join(root, 'lambda', 'config.ts'),
  ];
  const touchesOutside = (source: string) =>
    [imports(String.raw`@aws-sdk/`), imports(String.raw`(node:)?fs(/promises)?['"]`)].some((p) =>
      p.test(source),
    );

  it.each(wiring.map((file) => [relative(root, file), file]))('%s', (_name, file) => {
    expect(touchesOutside(readFileSync(file, 'utf8'))).toBe(false);
  });

  it('the check catches a handler that imports the SDK', () => {
    expect(touchesOutside("import { SESClient } from '@aws-sdk/client-ses';")).toBe(true);
  });
});

/**
 * Which room may use which. The subscriber lifecycle sits below delivery (delivery reads
 * subscribers, never the other way round); email only borrows the address rule; the HTTP
 * app reaches the core through the use cases and ports, never an adapter or a handler.
 */
const MAY_IMPORT: Record<string, string[]> = {
  briefing: [],
  email: ['briefing', 'subscribers/email-address.ts'],
  subscribers: ['email'],
  delivery: ['briefing', 'email', 'subscribers'],
  http: ['briefing', 'email', 'subscribers', 'delivery'],
};
const ROOMS = ['briefing', 'email', 'subscribers', 'delivery', 'http', 'adapters', 'handlers'];
const ROOM_IMPORT = /(?:\bfrom\s+|\bimport\(\s*)['"]\.\.\/((?:\.\.\/)*)([a-z]+)([/.][^'"]*)?['"]/g;

function crossings(source: string, room: string): string[] {
  const allowed = MAY_IMPORT[room] ?? [];
  const found: string[] = [];
  for (const match of source.matchAll(ROOM_IMPORT)) {
    const target = match[2] ?? '';
    const path = `${target}${match[3] ?? ''}`;
    if (target === room || (!ROOMS.includes(target) && target !== 'config')) continue;
    if (!allowed.some((a) => path === a || target === a)) found.push(path);
  }
  return found;
}

describe('rooms use only the rooms below them', () => {
  const files = Object.keys(MAY_IMPORT).flatMap((room) =>
    filesUnder(join(root, 'lambda', room)).map((file) => ({ room, file })),
  );

  it.each(files.map(({ room, file }) => [relative(root, file), room, file]))(
    '%s',
    (_name, room, file) => {
      expect(crossings(readFileSync(file, 'utf8'), room)).toEqual([]);
    },
  );

  it.each([
    ["import type { Ledger } from '../delivery/ports.ts';", 'subscribers', ['delivery/ports.ts']],
    ["import { signup } from '../subscribers/signup.ts';", 'email', ['subscribers/signup.ts']],
    ["import { x } from '../adapters/dynamo-ledger.ts';", 'http', ['adapters/dynamo-ledger.ts']],
    ["import { h } from '../handlers/runtime.ts';", 'http', ['handlers/runtime.ts']],
    ["import { c } from '../config.ts';", 'http', ['config.ts']],
  ])('the check catches: %s in %s', (source, room, expected) => {
    expect(crossings(source, room)).toEqual(expected);
  });

  it.each([
    ["import { isEmailAddress } from '../subscribers/email-address.ts';", 'email'],
    ["import type { Edition } from '../email/types.ts';", 'subscribers'],
    ["import { signup } from '../subscribers/signup.ts';", 'http'],
  ])('lets through: %s in %s', (source, room) => {
    expect(crossings(source, room)).toEqual([]);
  });
});
