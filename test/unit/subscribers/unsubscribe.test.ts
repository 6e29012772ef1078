import { describe, expect, it } from 'vitest';
import { confirm } from '../../../lambda/subscribers/confirm.ts';
import { CONSENT_VERSION, clientHash, consentText } from '../../../lambda/subscribers/consent.ts';
import { statusesLeadingTo } from '../../../lambda/subscribers/lifecycle.ts';
import { confirmUrl, unsubscribeUrl } from '../../../lambda/subscribers/links.ts';
import { signup } from '../../../lambda/subscribers/signup.ts';
import type { Subscriber, SubscriberStatus } from '../../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../../lambda/subscribers/subscriber-id.ts';
import {
  ConcurrentUpdateError,
  WRITE_ATTEMPTS,
} from '../../../lambda/subscribers/subscription-deps.ts';
import { InvalidTokenError } from '../../../lambda/subscribers/tokens.ts';
import {
  resubscribe,
  type UnsubscribeMethod,
  unsubscribe,
  unsubscribeById,
} from '../../../lambda/subscribers/unsubscribe.ts';
import { createMemorySubscriberStore } from '../../helpers/memory-subscribers.ts';
import {
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

const ID = subscriberIdFor(EMAIL);
const unsubscribeToken = (id = ID) => tokenOf(unsubscribeUrl(PUBLIC_URL, keyring, id));
const pendingSignup = {
  at: later(-HOUR).toISOString(),
  source: 'form',
  text: 'Consent.',
  version: 'v',
  nonce: 'nonce1',
} as const;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected a rejection');
    },
    (error: unknown) => error,
  );
}

function withOne(subscriber: Subscriber) {
  return world({ store: createMemorySubscriberStore([subscriber]) });
}

describe('unsubscribe (by the link)', () => {
  it.each([
    ['confirmed', stored('confirmed', { confirmedNonce: 'n1' })],
    ['pending', stored('pending', { signup: pendingSignup })],
  ])('unsubscribes a %s subscriber at once, saying how and when', async (_case, before) => {
    // Prepare
    const w = withOne(before);
    // Act
    const result = await unsubscribe(w.deps, unsubscribeToken(), 'one-click', T0);
    // Assess
    const { signup: _signup, ...kept } = before;
    const expected: Subscriber = {
      ...kept,
      status: 'unsubscribed',
      unsubscribedAt: T0.toISOString(),
      unsubscribedFrom: before.status,
      statusReason: 'unsubscribed (one-click)',
      updatedAt: T0.toISOString(),
    };
    expect(result).toStrictEqual({ outcome: 'unsubscribed', subscriber: expected });
    expect(w.store.all()).toStrictEqual([{ ...expected, version: (before.version ?? 0) + 1 }]);
    expect(w.logs).toEqual([
      {
        level: 'info',
        message: 'subscriber unsubscribed',
        fields: { subscriberId: ID, method: 'one-click' },
      },
    ]);
    expect(w.calls).toEqual([]);
  });

  it('throws InvalidTokenError for a confirm link, changing nothing', async () => {
    // Prepare
    const w = withOne(stored('confirmed'));
    const token = tokenOf(confirmUrl(PUBLIC_URL, keyring, ID, 'n', T0));
    // Act
    const error = await rejection(unsubscribe(w.deps, token, 'page', T0));
    // Assess
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ reason: 'wrong-purpose' });
    expect(w.store.all()[0]?.status).toBe('confirmed');
  });

  it('throws InvalidTokenError for an altered link', async () => {
    // Prepare
    const w = withOne(stored('confirmed'));
    const token = unsubscribeToken().replace(ID, subscriberIdFor('grace@example.com'));
    // Act
    const error = await rejection(unsubscribe(w.deps, token, 'page', T0));
    // Assess
    expect(error).toMatchObject({ reason: 'bad-signature' });
  });

  it('works for a link years old', async () => {
    // Prepare
    const w = withOne(stored('confirmed'));
    // Act
    const result = await unsubscribe(w.deps, unsubscribeToken(), 'page', new Date('2040-01-01'));
    // Assess
    expect(result.outcome).toBe('unsubscribed');
  });
});

describe('unsubscribeById', () => {
  it.each(['one-click', 'page', 'cli'] as UnsubscribeMethod[])(
    'records the method %s in the status reason',
    async (method) => {
      // Prepare
      const w = withOne(stored('confirmed'));
      // Act
      const result = await unsubscribeById(w.deps, ID, method, T0);
      // Assess
      expect(result.subscriber?.statusReason).toBe(`unsubscribed (${method})`);
    },
  );

  it('answers "already-unsubscribed" and changes nothing', async () => {
    // Prepare
    const before = stored('unsubscribed', {
      unsubscribedAt: later(-HOUR).toISOString(),
      statusReason: 'unsubscribed (page)',
    });
    const w = withOne(before);
    // Act
    const result = await unsubscribeById(w.deps, ID, 'one-click', T0);
    // Assess
    expect(result).toStrictEqual({ outcome: 'already-unsubscribed', subscriber: before });
    expect(w.store.all()).toStrictEqual([before]);
    expect(w.logs).toEqual([]);
  });

  it.each(['bounced', 'complained'] as SubscriberStatus[])(
    'answers "suppressed" for a %s address, leaving it so (and why)',
    async (status) => {
      // Prepare
      const before = stored(status, { statusReason: `${status} by SES` });
      const w = withOne(before);
      // Act
      const result = await unsubscribeById(w.deps, ID, 'one-click', T0);
      // Assess
      expect(result).toStrictEqual({ outcome: 'suppressed', subscriber: before });
      expect(w.store.all()).toStrictEqual([before]);
    },
  );

  it('answers "unknown" for a subscriber that is not there', async () => {
    // Prepare
    const w = world();
    // Act
    const result = await unsubscribeById(w.deps, ID, 'cli', T0);
    // Assess
    expect(result).toStrictEqual({ outcome: 'unknown' });
  });

  it('retries when another writer got there first', async () => {
    // Prepare
    const { store, counter } = losingReplaces(
      createMemorySubscriberStore([stored('confirmed')]),
      1,
    );
    const w = world({ store });
    // Act
    const result = await unsubscribeById(w.deps, ID, 'page', T0);
    // Assess
    expect(result.outcome).toBe('unsubscribed');
    expect(counter.replaces).toBe(2);
    expect(w.store.all()[0]?.status).toBe('unsubscribed');
    expect(w.logs).toHaveLength(1);
  });

  it(`gives up with ConcurrentUpdateError after ${WRITE_ATTEMPTS} lost races`, async () => {
    // Prepare
    const { store, counter } = losingReplaces(
      createMemorySubscriberStore([stored('confirmed')]),
      Infinity,
    );
    const w = world({ store });
    // Act
    const error = await rejection(unsubscribeById(w.deps, ID, 'page', T0));
    // Assess
    expect(error).toBeInstanceOf(ConcurrentUpdateError);
    expect(error).toMatchObject({ message: expect.stringContaining(ID) });
    expect(counter.replaces).toBe(WRITE_ATTEMPTS);
    expect(w.logs).toEqual([]);
  });
});

describe('resubscribe', () => {
  const left = () =>
    stored('unsubscribed', {
      unsubscribedAt: later(-HOUR).toISOString(),
      statusReason: 'unsubscribed (one-click)',
      unsubscribedFrom: 'confirmed',
      confirmedAt: later(-30 * 24 * HOUR).toISOString(),
    });

  it('puts an unsubscribed subscriber back, recording a new consent from the button', async () => {
    // Prepare
    const before = left();
    const w = withOne(before);
    // Act
    const result = await resubscribe(w.deps, unsubscribeToken(), '198.51.100.4', T0);
    // Assess
    const {
      unsubscribedAt: _left,
      unsubscribedFrom: _from,
      statusReason: _reason,
      ...kept
    } = before;
    const expected: Subscriber = {
      ...kept,
      status: 'confirmed',
      confirmedAt: T0.toISOString(),
      consent: {
        at: T0.toISOString(),
        source: 'resubscribe',
        text: consentText(TITLE),
        version: CONSENT_VERSION,
        clientHash: clientHash(keyring, '198.51.100.4'),
      },
      updatedAt: T0.toISOString(),
    };
    expect(result).toStrictEqual({ outcome: 'resubscribed', subscriber: expected });
    expect(w.store.all()).toStrictEqual([{ ...expected, version: (before.version ?? 0) + 1 }]);
    expect(w.logs).toEqual([
      { level: 'info', message: 'subscriber resubscribed', fields: { subscriberId: ID } },
    ]);
  });

  it('records no client hash without a client address', async () => {
    // Prepare
    const w = withOne(left());
    // Act
    const result = await resubscribe(w.deps, unsubscribeToken(), undefined, T0);
    // Assess
    expect(result.subscriber?.consent?.source).toBe('resubscribe');
    expect(result.subscriber?.consent).not.toHaveProperty('clientHash');
  });

  it('answers "already-confirmed" for a confirmed subscriber and changes nothing', async () => {
    // Prepare
    const before = stored('confirmed');
    const w = withOne(before);
    // Act
    const result = await resubscribe(w.deps, unsubscribeToken(), '198.51.100.4', T0);
    // Assess
    expect(result).toStrictEqual({ outcome: 'already-confirmed', subscriber: before });
    expect(w.store.all()).toStrictEqual([before]);
  });

  it.each(['pending', 'bounced', 'complained'] as SubscriberStatus[])(
    'is not allowed from %s: the signup form is the way back',
    async (status) => {
      // Prepare
      const before = stored(status);
      const w = withOne(before);
      // Act
      const result = await resubscribe(w.deps, unsubscribeToken(), '198.51.100.4', T0);
      // Assess
      expect(result).toStrictEqual({ outcome: 'not-allowed', subscriber: before });
      expect(w.store.all()).toStrictEqual([before]);
      expect(w.logs).toEqual([]);
    },
  );

  it.each([
    ['who left while still pending (never confirmed)', 'pending'],
    ['whose record does not say where they left from', undefined],
  ] as [string, SubscriberStatus | undefined][])(
    'is not allowed for someone unsubscribed %s',
    async (_case, from) => {
      // Prepare: an unsubscribe link never expires; a forwarded one must not skip the
      // confirmation email.
      const before = stored('unsubscribed', {
        unsubscribedAt: later(-HOUR).toISOString(),
        statusReason: 'unsubscribed (cli)',
        ...(from === undefined ? {} : { unsubscribedFrom: from }),
      });
      const w = withOne(before);
      // Act
      const result = await resubscribe(w.deps, unsubscribeToken(), '198.51.100.4', T0);
      // Assess
      expect(result).toStrictEqual({ outcome: 'not-allowed', subscriber: before });
      expect(w.store.all()).toStrictEqual([before]);
      expect(w.logs).toEqual([]);
    },
  );

  it('is not allowed after a pending signup was unsubscribed through the use case', async () => {
    // Prepare
    const w = withOne(stored('pending', { signup: pendingSignup }));
    await unsubscribeById(w.deps, ID, 'page', T0);
    // Act
    const result = await resubscribe(w.deps, unsubscribeToken(), undefined, later(HOUR));
    // Assess
    expect(result.outcome).toBe('not-allowed');
    expect(w.store.all()[0]?.status).toBe('unsubscribed');
  });

  it.each([
    [
      'bounced since',
      async (w: ReturnType<typeof world>) => {
        await w.store.setStatus(ID, 'bounced', 'hard-bounce', later(HOUR), ['unsubscribed']);
      },
    ],
    [
      'signed up again since (pending)',
      async (w: ReturnType<typeof world>) => {
        await signup(w.deps, { email: EMAIL, consent: true, source: 'form' }, later(HOUR));
      },
    ],
  ])('is not allowed for a reader who left confirmed and has %s', async (_case, since) => {
    // Prepare: the record still says they left from confirmed.
    const w = withOne(stored('confirmed'));
    await unsubscribe(w.deps, unsubscribeToken(), 'one-click', T0);
    await since(w);
    const before = w.store.all();
    // Act
    const result = await resubscribe(w.deps, unsubscribeToken(), undefined, later(2 * HOUR));
    // Assess
    expect(before[0]?.unsubscribedFrom).toBe('confirmed');
    expect(result.outcome).toBe('not-allowed');
    expect(w.store.all()).toStrictEqual(before);
  });

  it('is not allowed for a subscriber removed since', async () => {
    // Prepare
    const w = world();
    // Act
    const result = await resubscribe(w.deps, unsubscribeToken(), undefined, T0);
    // Assess
    expect(result).toStrictEqual({ outcome: 'not-allowed' });
    expect(w.store.all()).toEqual([]);
  });

  it('throws InvalidTokenError for a confirm link', async () => {
    // Prepare
    const w = withOne(left());
    const token = tokenOf(confirmUrl(PUBLIC_URL, keyring, ID, 'n', T0));
    // Act
    const error = await rejection(resubscribe(w.deps, token, undefined, T0));
    // Assess
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ reason: 'wrong-purpose' });
    expect(w.store.all()[0]?.status).toBe('unsubscribed');
  });

  it('retries when another writer got there first', async () => {
    // Prepare
    const { store, counter } = losingReplaces(createMemorySubscriberStore([left()]), 1);
    const w = world({ store });
    // Act
    const result = await resubscribe(w.deps, unsubscribeToken(), undefined, T0);
    // Assess
    expect(result.outcome).toBe('resubscribed');
    expect(counter.replaces).toBe(2);
    expect(w.logs).toHaveLength(1);
  });

  it(`gives up with ConcurrentUpdateError after ${WRITE_ATTEMPTS} lost races`, async () => {
    // Prepare
    const { store, counter } = losingReplaces(createMemorySubscriberStore([left()]), Infinity);
    const w = world({ store });
    // Act
    const error = await rejection(resubscribe(w.deps, unsubscribeToken(), undefined, T0));
    // Assess
    expect(error).toBeInstanceOf(ConcurrentUpdateError);
    expect(error).toMatchObject({ message: expect.stringContaining(ID) });
    expect(counter.replaces).toBe(WRITE_ATTEMPTS);
    expect(w.store.all()[0]?.status).toBe('unsubscribed');
  });

  it('round-trips: unsubscribe, then resubscribe with the same link', async () => {
    // Prepare
    const w = withOne(stored('confirmed'));
    const token = unsubscribeToken();
    // Act
    const out = await unsubscribe(w.deps, token, 'one-click', T0);
    const back = await resubscribe(w.deps, token, undefined, later(HOUR));
    // Assess
    expect([out.outcome, back.outcome]).toEqual(['unsubscribed', 'resubscribed']);
    expect(w.store.all()[0]).toMatchObject({ status: 'confirmed', version: 5 });
    expect(w.store.all()[0]).not.toHaveProperty('unsubscribedAt');
    expect(w.store.all()[0]).not.toHaveProperty('unsubscribedFrom');
  });
});

describe('an unsubscribe link mailed long ago (it never expires)', () => {
  const signupOf = (name: string) =>
    ({ email: EMAIL, name, consent: true, source: 'form', clientAddress: '203.0.113.7' }) as const;

  /** V signs up and confirms; resolves with the unsubscribe link of V's welcome email. */
  async function confirmedVictim(w: ReturnType<typeof world>): Promise<string> {
    expect(await signup(w.deps, signupOf('Victim'), T0)).toBe('confirmation-sent');
    const confirmLink = w.calls.find((c) => c.kind === 'confirmation')?.url ?? '';
    expect((await confirm(w.deps, tokenOf(confirmLink), later(HOUR))).outcome).toBe('confirmed');
    const welcome = w.calls.find((c) => c.kind === 'welcome');
    if (welcome === undefined) throw new Error('Expected a welcome email');
    return tokenOf(welcome.url);
  }

  it("after a complaint: a stranger's signup is suppressed, and the old link neither unsubscribes nor resubscribes", async () => {
    // Prepare: V confirmed, then complained.
    const w = world();
    const token = await confirmedVictim(w);
    expect(
      await w.store.setStatus(
        ID,
        'complained',
        'complaint abuse',
        later(2 * HOUR),
        statusesLeadingTo('complain', 'complained'),
      ),
    ).toBe(true);
    const complained = w.store.all();
    const mailed = w.calls.length;
    // Act
    const stranger = await signup(w.deps, signupOf('Stranger'), later(3 * HOUR));
    const out = await unsubscribe(w.deps, token, 'one-click', later(4 * HOUR));
    const back = await resubscribe(w.deps, token, '198.51.100.9', later(5 * HOUR));
    // Assess
    expect(stranger).toBe('suppressed');
    expect(out.outcome).toBe('suppressed');
    expect(back.outcome).toBe('not-allowed');
    expect(w.store.all()).toStrictEqual(complained);
    expect(w.calls).toHaveLength(mailed);
  });

  it("after erasure: it unsubscribes a stranger's pending signup, and the button cannot make it a subscription", async () => {
    // Prepare: V confirmed; the record was erased; a stranger signs the address up again.
    const w = world();
    const token = await confirmedVictim(w);
    expect(await w.store.remove(ID)).toBe(true);
    expect(await signup(w.deps, signupOf('Stranger'), later(2 * HOUR))).toBe('confirmation-sent');
    const strangersLink = w.calls.at(-1);
    expect(strangersLink?.kind).toBe('confirmation');
    expect(w.store.all()[0]).toMatchObject({ status: 'pending' });
    expect(w.store.all()[0]).not.toHaveProperty('consent');
    const mailed = w.calls.length;
    // Act
    const out = await unsubscribe(w.deps, token, 'one-click', later(3 * HOUR));
    const left = w.store.all();
    const back = await resubscribe(w.deps, token, '198.51.100.9', later(4 * HOUR));
    // Assess: unsubscribed from pending; resubscribing refused; nothing mailed.
    expect(out.outcome).toBe('unsubscribed');
    expect(left[0]).toMatchObject({ status: 'unsubscribed', unsubscribedFrom: 'pending' });
    expect(left[0]).not.toHaveProperty('signup');
    expect(back).toStrictEqual({ outcome: 'not-allowed', subscriber: left[0] });
    expect(w.store.all()).toStrictEqual(left);
    expect(w.calls).toHaveLength(mailed);
    // The stranger's confirmation link went with the pending signup.
    const stale = await confirm(w.deps, tokenOf(strangersLink?.url ?? ''), later(5 * HOUR));
    expect(stale.outcome).toBe('stale');
    expect(w.store.all()).toStrictEqual(left);
  });

  it('after erasure and a new confirmation, the old link works again like any of theirs', async () => {
    // Prepare: erased, signed up again, and confirmed by the address's owner this time.
    const w = world();
    const token = await confirmedVictim(w);
    await w.store.remove(ID);
    await signup(w.deps, signupOf('Owner'), later(2 * HOUR));
    const link = w.calls.at(-1)?.url ?? '';
    expect((await confirm(w.deps, tokenOf(link), later(3 * HOUR))).outcome).toBe('confirmed');
    // Act
    const out = await unsubscribe(w.deps, token, 'page', later(4 * HOUR));
    const back = await resubscribe(w.deps, token, undefined, later(5 * HOUR));
    // Assess
    expect([out.outcome, back.outcome]).toEqual(['unsubscribed', 'resubscribed']);
    expect(w.store.all()[0]).toMatchObject({ status: 'confirmed', name: 'Owner' });
  });
});
