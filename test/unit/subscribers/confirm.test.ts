import { describe, expect, it } from 'vitest';
import { confirm } from '../../../lambda/subscribers/confirm.ts';
import { CONSENT_VERSION, clientHash, consentText } from '../../../lambda/subscribers/consent.ts';
import type { Keyring } from '../../../lambda/subscribers/keyring.ts';
import { confirmUrl, unsubscribeUrl } from '../../../lambda/subscribers/links.ts';
import { type SignupRequest, signup } from '../../../lambda/subscribers/signup.ts';
import { subscriberIdFor } from '../../../lambda/subscribers/subscriber-id.ts';
import {
  ConcurrentUpdateError,
  WRITE_ATTEMPTS,
} from '../../../lambda/subscribers/subscription-deps.ts';
import { InvalidTokenError, verifyToken } from '../../../lambda/subscribers/tokens.ts';
import { unsubscribeById } from '../../../lambda/subscribers/unsubscribe.ts';
import {
  createMemorySubscriberStore,
  type MemorySubscriberStore,
} from '../../helpers/memory-subscribers.ts';
import {
  DAY,
  EMAIL,
  HOUR,
  keyring,
  later,
  losingReplaces,
  PUBLIC_URL,
  stored,
  T0,
  TITLE,
  tokenOf,
  world,
} from './fixtures.ts';

const CLIENT = '203.0.113.7';
const ID = subscriberIdFor(EMAIL);
const T1 = later(2 * HOUR);

const request = (change: Partial<SignupRequest> = {}): SignupRequest => ({
  email: EMAIL,
  name: 'Ada',
  consent: true,
  source: 'form',
  clientAddress: CLIENT,
  ...change,
});

/** Signs up through the use case; returns the token of the confirm link mailed. */
async function signedUp(
  w: ReturnType<typeof world>,
  at: Date = T0,
  change: Partial<SignupRequest> = {},
): Promise<string> {
  await signup(w.deps, request(change), at);
  const call = w.calls.at(-1);
  if (call?.kind !== 'confirmation') throw new Error('Expected a confirmation email');
  return tokenOf(call.url);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected a rejection');
    },
    (error: unknown) => error,
  );
}

function confirmToken(ring: Keyring, nonce: string, at: Date = T0): string {
  return tokenOf(confirmUrl(PUBLIC_URL, ring, ID, nonce, at));
}

describe('confirm', () => {
  it('confirms a pending signup whose link carries its nonce, recording the consent', async () => {
    // Prepare
    const w = world();
    const token = await signedUp(w);
    const nonce = w.store.all()[0]?.signup?.nonce;
    // Act
    const result = await confirm(w.deps, token, T1);
    // Assess
    expect(result.outcome).toBe('confirmed');
    const expected = {
      id: ID,
      email: EMAIL,
      name: 'Ada',
      status: 'confirmed',
      createdAt: T0.toISOString(),
      updatedAt: T1.toISOString(),
      confirmedAt: T1.toISOString(),
      confirmedNonce: nonce,
      consent: {
        at: T1.toISOString(),
        source: 'form',
        text: consentText(TITLE),
        version: CONSENT_VERSION,
        signedUpAt: T0.toISOString(),
        clientHash: clientHash(keyring, CLIENT),
      },
      signupEmails: [T0.toISOString()],
    };
    expect(w.store.all()).toStrictEqual([{ ...expected, version: 2 }]);
    expect(result.subscriber).toStrictEqual({ ...expected, version: 1 });
  });

  it('mails one welcome, with an unsubscribe link that works', async () => {
    // Prepare
    const w = world();
    const token = await signedUp(w);
    // Act
    await confirm(w.deps, token, T1);
    // Assess
    const welcomes = w.calls.filter((c) => c.kind === 'welcome');
    expect(welcomes).toHaveLength(1);
    const [welcome] = welcomes;
    expect(welcome?.now).toEqual(T1);
    expect(welcome?.subscriber.status).toBe('confirmed');
    expect(welcome?.url.startsWith(`${PUBLIC_URL}/unsubscribe?token=`)).toBe(true);
    expect(
      verifyToken(keyring, tokenOf(welcome?.url ?? ''), 'unsubscribe', later(999 * DAY)),
    ).toStrictEqual({ subscriberId: ID, purpose: 'unsubscribe', expires: 0 });
  });

  it.each([
    ['the name given with the signup, now the address is proven', 'New Name', 'New Name'],
    ['the name it had, when the signup gave none', undefined, 'Old Name'],
  ])('keeps %s', async (_case, given, expected) => {
    // Prepare
    const store = createMemorySubscriberStore([
      stored('pending', {
        name: 'Old Name',
        signup: {
          at: T0.toISOString(),
          source: 'form',
          text: consentText(TITLE),
          version: CONSENT_VERSION,
          nonce: 'nonce1',
          ...(given === undefined ? {} : { name: given }),
        },
      }),
    ]);
    const w = world({ store });
    // Act
    const result = await confirm(w.deps, confirmToken(keyring, 'nonce1'), T1);
    // Assess
    expect(result.outcome).toBe('confirmed');
    expect(store.all()[0]?.name).toBe(expected);
    expect(w.calls[0]?.subscriber.name).toBe(expected);
  });

  it('records no client hash when the signup had no client address', async () => {
    // Prepare
    const w = world();
    const token = await signedUp(w, T0, { source: 'api', clientAddress: undefined });
    // Act
    const result = await confirm(w.deps, token, T1);
    // Assess
    expect(result.subscriber?.consent?.source).toBe('api');
    expect(result.subscriber?.consent).not.toHaveProperty('clientHash');
  });

  it('answers the same link pressed again "already-confirmed", changing and sending nothing', async () => {
    // Prepare
    const w = world();
    const token = await signedUp(w);
    await confirm(w.deps, token, T1);
    const before = w.store.all();
    // Act
    const result = await confirm(w.deps, token, later(HOUR, T1));
    // Assess
    expect(result).toStrictEqual({ outcome: 'already-confirmed', subscriber: before[0] });
    expect(w.store.all()).toStrictEqual(before);
    expect(w.calls.map((c) => c.kind)).toEqual(['confirmation', 'welcome']);
  });

  it('answers a link from an earlier signup "stale" once a new one is pending', async () => {
    // Prepare: signed up, left before confirming, signed up again.
    const w = world();
    const first = await signedUp(w, T0);
    await unsubscribeById(w.deps, ID, 'page', later(HOUR));
    const second = await signedUp(w, later(2 * HOUR));
    const pending = w.store.all();
    // Act
    const result = await confirm(w.deps, first, later(3 * HOUR));
    // Assess
    expect(result).toStrictEqual({ outcome: 'stale' });
    expect(w.store.all()).toStrictEqual(pending);
    expect(w.calls.map((c) => c.kind)).toEqual(['confirmation', 'confirmation']);
    // …and the new link still confirms, clearing what the unsubscribe left.
    const confirmed = await confirm(w.deps, second, later(3 * HOUR));
    expect(confirmed.outcome).toBe('confirmed');
    expect(confirmed.subscriber).not.toHaveProperty('unsubscribedAt');
    expect(confirmed.subscriber).not.toHaveProperty('unsubscribedFrom');
    expect(confirmed.subscriber).not.toHaveProperty('statusReason');
    expect(confirmed.subscriber).not.toHaveProperty('signup');
  });

  it('answers the link of an earlier, completed subscription "stale" while a new signup is pending', async () => {
    // Prepare: confirmed with the first link, left, signed up again (the record keeps the
    // nonce that confirmed).
    const w = world();
    const first = await signedUp(w, T0);
    await confirm(w.deps, first, later(HOUR));
    await unsubscribeById(w.deps, ID, 'page', later(2 * HOUR));
    await signedUp(w, later(3 * HOUR));
    const pending = w.store.all();
    // Act
    const result = await confirm(w.deps, first, later(4 * HOUR));
    // Assess
    expect(pending[0]?.status).toBe('pending');
    expect(result).toStrictEqual({ outcome: 'stale' });
    expect(w.store.all()).toStrictEqual(pending);
  });

  it('answers "stale" after an unsubscribe, and does not subscribe', async () => {
    // Prepare
    const w = world();
    const token = await signedUp(w);
    await unsubscribeById(w.deps, ID, 'one-click', later(HOUR));
    // Act
    const result = await confirm(w.deps, token, T1);
    // Assess
    expect(result).toStrictEqual({ outcome: 'stale' });
    expect(w.store.all()[0]?.status).toBe('unsubscribed');
  });

  it.each(['bounced', 'complained'] as const)(
    'answers "stale" for a %s address, even with the matching nonce',
    async (status) => {
      // Prepare: a pending signup whose confirmation bounced keeps its signup record.
      const w = world();
      const token = await signedUp(w);
      await w.store.setStatus(ID, status, `${status} by SES`, later(HOUR), ['pending']);
      // Act
      const result = await confirm(w.deps, token, T1);
      // Assess
      expect(result).toStrictEqual({ outcome: 'stale' });
      expect(w.store.all()[0]?.status).toBe(status);
      expect(w.calls.map((c) => c.kind)).toEqual(['confirmation']);
    },
  );

  it('answers "stale" for a subscriber confirmed another way (no matching nonce)', async () => {
    // Prepare
    const store = createMemorySubscriberStore([stored('confirmed')]);
    const w = world({ store });
    // Act
    const result = await confirm(w.deps, confirmToken(keyring, 'imported'), T1);
    // Assess
    expect(result).toStrictEqual({ outcome: 'stale' });
    expect(w.calls).toEqual([]);
  });

  it('answers "stale" for a pending subscriber with another nonce', async () => {
    // Prepare
    const w = world();
    await signedUp(w);
    // Act
    const result = await confirm(w.deps, confirmToken(keyring, 'guessed'), T1);
    // Assess
    expect(result).toStrictEqual({ outcome: 'stale' });
    expect(w.store.all()[0]?.status).toBe('pending');
  });

  it('answers "stale" for a subscriber removed since', async () => {
    // Prepare
    const w = world();
    const token = await signedUp(w);
    await w.store.remove(ID);
    // Act
    const result = await confirm(w.deps, token, T1);
    // Assess
    expect(result).toStrictEqual({ outcome: 'stale' });
    expect(w.store.all()).toEqual([]);
  });

  it.each([
    [
      'a forged token',
      async (_w: ReturnType<typeof world>, token: string) => `${token}x`,
      T1,
      'bad-signature',
    ],
    [
      'an unsubscribe token',
      async () => tokenOf(unsubscribeUrl(PUBLIC_URL, keyring, ID)),
      T1,
      'wrong-purpose',
    ],
    [
      'an expired link (48 h and a second)',
      async (_w: ReturnType<typeof world>, token: string) => token,
      later(48 * HOUR + 1000),
      'expired',
    ],
    ['garbage', async () => 'hello', T1, 'malformed'],
  ] as const)(
    'throws InvalidTokenError for %s, changing nothing',
    async (_case, make, at, reason) => {
      // Prepare
      const w = world();
      const token = await make(w, await signedUp(w));
      const before = w.store.all();
      // Act
      const error = await rejection(confirm(w.deps, token, at));
      // Assess
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(error).toMatchObject({ reason });
      expect(w.store.all()).toStrictEqual(before);
      expect(w.calls.map((c) => c.kind)).toEqual(['confirmation']);
    },
  );

  it.each([
    ['an Error', new Error('SES is down'), 'SES is down'],
    ['a string', 'throttled', 'throttled'],
  ])(
    'still confirms when the welcome email fails (%s), and logs it',
    async (_case, failure, logged) => {
      // Prepare
      const store = createMemorySubscriberStore();
      const setup = world({ store });
      const token = await signedUp(setup);
      const w = world({ store, mailFailure: failure });
      // Act
      const result = await confirm(w.deps, token, T1);
      // Assess
      expect(result.outcome).toBe('confirmed');
      expect(store.all()[0]?.status).toBe('confirmed');
      expect(w.calls.map((c) => c.kind)).toEqual(['welcome']);
      expect(w.logs).toEqual([
        {
          level: 'error',
          message: 'welcome email not sent',
          fields: { subscriberId: ID, error: logged },
        },
      ]);
    },
  );

  it('retries when another writer got there first, and welcomes once', async () => {
    // Prepare
    const memory: MemorySubscriberStore = createMemorySubscriberStore();
    const token = await signedUp(world({ store: memory }));
    const { store, counter } = losingReplaces(memory, 1);
    const w = world({ store });
    // Act
    const result = await confirm(w.deps, token, T1);
    // Assess
    expect(result.outcome).toBe('confirmed');
    expect(counter.replaces).toBe(2);
    expect(w.calls.map((c) => c.kind)).toEqual(['welcome']);
  });

  it(`gives up with ConcurrentUpdateError after ${WRITE_ATTEMPTS} lost races`, async () => {
    // Prepare
    const memory = createMemorySubscriberStore();
    const token = await signedUp(world({ store: memory }));
    const { store, counter } = losingReplaces(memory, Infinity);
    const w = world({ store });
    // Act
    const error = await rejection(confirm(w.deps, token, T1));
    // Assess
    expect(error).toBeInstanceOf(ConcurrentUpdateError);
    expect(error).toMatchObject({
      message: `Subscriber ${ID} kept changing while being updated; try again`,
    });
    expect(counter.replaces).toBe(WRITE_ATTEMPTS);
    expect(w.calls).toEqual([]);
    expect(memory.all()[0]?.status).toBe('pending');
  });
});
