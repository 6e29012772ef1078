import type { Recipient } from '../../../lambda/email/types.ts';

/** A small seeded PRNG (mulberry32): the same "random" recipients on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Names that stress header encoding and HTML escaping. */
export const HARD_NAMES: (string | undefined)[] = [
  undefined,
  '',
  '   ',
  'Alice Example',
  'Zoë Brontë-Søren',
  '李小龍',
  'محمد الأحمد',
  'Renée “Quotes” O’Brien',
  'Bob "The Builder" Smith',
  "O'Reilly, Tim",
  'Back\\slash; semi: colon (comment)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=?UTF-8?Q?not_an_encoded_word?=',
  '🎉 Party Person 🎉',
  'A'.repeat(120),
  `Élodie ${'très '.repeat(30)}longue`,
  'Trailing space ',
  'Tab\there',
  '%%braid:email%%',
  'Mixed ASCII and ünïcödé in one rather long display name for folding',
];

const PIECES = ['a', 'Z', '0', '-', '_', '.', '~', '%41', '&', '=', '+', 'é', '✓', ' '];

/** `count` recipients: hard names first, then random ones; long and odd URLs throughout. */
export function* hardRecipients(count: number, seed = 1): Generator<Recipient> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < count; i++) {
    const name =
      i < HARD_NAMES.length
        ? HARD_NAMES[i]
        : random() < 0.2
          ? undefined
          : Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
              pick([...PIECES, 'ß', 'ł', '"', "'", ',', '<', '>', 'Ω', '中']),
            ).join('');
    const tokenLength = i % 7 === 0 ? 600 : 20 + Math.floor(random() * 200);
    const token = Array.from({ length: tokenLength }, () => pick(PIECES.slice(0, 9))).join('');
    const recipient: Recipient = {
      subscriberId: i % 5 === 0 ? `sub:${i}.x/ü` : `sub_${i.toString(16).padStart(24, '0')}`,
      email: `reader.${i}+tag-${Math.floor(random() * 1e6)}@mail${i % 3}.example.org`,
      unsubscribeUrl: `https://briefing.example.org/unsubscribe?token=${token}&s=${i}`,
      webUrl: `https://briefing.example.org/archive/2021-03-18?r=${i}${i % 4 === 0 ? '&ü=1' : ''}`,
    };
    if (name !== undefined) recipient.name = name;
    yield recipient;
  }
}
