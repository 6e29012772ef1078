import { describe, expect, it } from 'vitest';
import { newSubscriber } from '../../../lambda/subscribers/new-subscriber.ts';
import type { PendingSignup } from '../../../lambda/subscribers/subscriber.ts';
import { InvalidEmailError, subscriberIdFor } from '../../../lambda/subscribers/subscriber-id.ts';
import {
  checkedName,
  InvalidNameError,
  NAME_MAX,
} from '../../../lambda/subscribers/subscriber-name.ts';

const at = new Date('2026-03-01T08:00:00.000Z');
const iso = at.toISOString();
const consent = { source: 'cli', text: 'Agreed on paper.', version: 'v1' } as const;
const signup: PendingSignup = {
  at: iso,
  source: 'form',
  text: 'Yes, email me.',
  version: 'v1',
  nonce: 'nonce1',
};

describe('newSubscriber', () => {
  it('makes a pending subscriber: address normalized, id derived, no confirmation', () => {
    // Act
    const subscriber = newSubscriber({ email: ' Ada@Example.COM ', status: 'pending', at });
    // Assess
    expect(subscriber).toStrictEqual({
      id: subscriberIdFor('ada@example.com'),
      email: 'ada@example.com',
      status: 'pending',
      createdAt: iso,
      updatedAt: iso,
    });
  });

  it('makes a confirmed subscriber with its consent, completed now', () => {
    // Act
    const subscriber = newSubscriber({
      email: 'ada@example.com',
      name: '  Ada   Lovelace ',
      status: 'confirmed',
      at,
      consent,
    });
    // Assess
    expect(subscriber).toStrictEqual({
      id: subscriberIdFor('ada@example.com'),
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      status: 'confirmed',
      createdAt: iso,
      updatedAt: iso,
      confirmedAt: iso,
      consent: { ...consent, at: iso },
    });
  });

  it('keeps the pending signup given', () => {
    // Act
    const subscriber = newSubscriber({ email: 'ada@example.com', status: 'pending', at, signup });
    // Assess
    expect(subscriber.signup).toStrictEqual(signup);
    expect(subscriber).not.toHaveProperty('confirmedAt');
    expect(subscriber).not.toHaveProperty('consent');
  });

  it('leaves out a name that is only spaces', () => {
    // Act
    const subscriber = newSubscriber({
      email: 'ada@example.com',
      name: '   ',
      status: 'pending',
      at,
    });
    // Assess
    expect(subscriber).not.toHaveProperty('name');
  });

  it.each(['unsubscribed', 'bounced', 'complained'] as const)(
    'makes a %s subscriber without a consent record or confirmation',
    (status) => {
      // Act
      const subscriber = newSubscriber({ email: 'ada@example.com', status, at });
      // Assess
      expect(subscriber.status).toBe(status);
      expect(subscriber).not.toHaveProperty('confirmedAt');
    },
  );

  it('refuses a confirmed subscriber without a consent record', () => {
    // Act
    const act = () => newSubscriber({ email: 'ada@example.com', status: 'confirmed', at });
    // Assess
    expect(act).toThrow(RangeError);
    expect(act).toThrow('Expected a consent record for a confirmed subscriber');
  });

  it('refuses what is not an address', () => {
    expect(() => newSubscriber({ email: 'ada', status: 'pending', at })).toThrow(InvalidEmailError);
  });

  it('refuses a name with a line break', () => {
    expect(() =>
      newSubscriber({ email: 'ada@example.com', name: 'Ada\nBcc: x', status: 'pending', at }),
    ).toThrow(InvalidNameError);
  });
});

describe('checkedName', () => {
  it.each([
    ['no name', undefined, undefined],
    ['an empty name', '', undefined],
    ['spaces and tabs only', ' \t  ', undefined],
    ['a plain name', 'Ada', 'Ada'],
    ['a name with spaces around it', '  Ada Lovelace  ', 'Ada Lovelace'],
    ['runs of spaces inside', 'Ada    Lovelace', 'Ada Lovelace'],
    ['a tab inside', 'Ada\tLovelace', 'Ada Lovelace'],
    ['spaces and tabs mixed', 'Ada \t \tLovelace  von\t\tByron', 'Ada Lovelace von Byron'],
    ['a tilde and punctuation', "Ada ~ O'Hara-Lovelace", "Ada ~ O'Hara-Lovelace"],
    ['non-ASCII letters', 'Zoë Ångström', 'Zoë Ångström'],
    ['a line break at the ends only (trimmed away)', '\r\nAda\n', 'Ada'],
    [`exactly ${NAME_MAX} characters`, 'a'.repeat(NAME_MAX), 'a'.repeat(NAME_MAX)],
    [
      `${NAME_MAX} characters beyond the BMP (counted as characters, not UTF-16 units)`,
      '😀'.repeat(NAME_MAX),
      '😀'.repeat(NAME_MAX),
    ],
  ])('accepts %s', (_case, value, expected) => {
    expect(checkedName(value)).toBe(expected);
  });

  it.each([
    ['a line feed', 'Ada\nBcc: x@example.com'],
    ['a carriage return', 'Ada\rBcc: x@example.com'],
    ['CR LF', 'Ada\r\nBcc: x@example.com'],
    ['NUL', 'Ada\u0000Lovelace'],
    ['the unit separator (U+001F)', 'Ada\u001fLovelace'],
    ['DEL (U+007F)', 'Ada\u007fLovelace'],
    ['a vertical tab', 'Ada\u000bLovelace'],
    ['an escape', 'Ada\u001b[31mLovelace'],
  ])('refuses %s', (_case, value) => {
    // Act
    const act = () => checkedName(value);
    // Assess
    expect(act).toThrow(InvalidNameError);
    expect(act).toThrow(
      `Expected a one-line name of at most ${NAME_MAX} characters: it has a line break or control character`,
    );
  });

  it(`refuses ${NAME_MAX + 1} characters, saying how many there are`, () => {
    // Act
    const act = () => checkedName('a'.repeat(NAME_MAX + 1));
    // Assess
    expect(NAME_MAX).toBe(100);
    expect(act).toThrow(InvalidNameError);
    expect(act).toThrow(
      'Expected a one-line name of at most 100 characters: it is 101 characters long',
    );
  });

  it('names its error', () => {
    expect(new InvalidNameError('x').name).toBe('InvalidNameError');
  });
});
