import { describe, expect, it } from 'vitest';
import { CONSENT_VERSION, clientHash, consentText } from '../../../lambda/subscribers/consent.ts';
import {
  checkSignup,
  SIGNUP_EMAILS_PER_DAY,
  SignupInputError,
  type SignupRequest,
  signup,
} from '../../../lambda/subscribers/signup.ts';
import type { Subscriber, SubscriberStatus } from '../../../lambda/subscribers/subscriber.ts';
import { subscriberIdFor } from '../../../lambda/subscribers/subscriber-id.ts';
import {
  ConcurrentUpdateError,
  WRITE_ATTEMPTS,
} from '../../../lambda/subscribers/subscription-deps.ts';
import { verifyToken } from '../../../lambda/subscribers/tokens.ts';
import { createMemorySubscriberStore } from '../../helpers/memory-subscribers.ts';
import {
  addressOfLength,
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
const NONCE = /^[A-Za-z0-9_-]{16}$/;

const request = (change: Partial<SignupRequest> = {}): SignupRequest => ({
  email: ' Ada@Example.com ',
  name: 'Ada',
  consent: true,
  source: 'form',
  clientAddress: CLIENT,
  ...change,
});

const pendingSignup = {
  at: later(-2 * DAY).toISOString(),
  source: 'form',
  text: 'Older consent text.',
  version: 'old',
  nonce: 'oldnonce',
} as const;

/** The nonce the confirm link carries, checked as the confirm page would. */
function confirmNonce(url: string, at: Date): string | undefined {
  return verifyToken(keyring, tokenOf(url), 'confirm', at).nonce;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('signup of a new address', () => {
  it('stores a pending subscriber with the signup to be confirmed', async () => {
    // Prepare
    const { deps, store } = world();
    // Act
    const outcome = await signup(deps, request(), T0);
    // Assess
    expect(outcome).toBe('confirmation-sent');
    // The name the form gave waits in the signup until the address is proven: the record has none.
    expect(store.all()).toStrictEqual([
      {
        id: ID,
        email: EMAIL,
        status: 'pending',
        createdAt: T0.toISOString(),
        updatedAt: T0.toISOString(),
        signup: {
          at: T0.toISOString(),
          source: 'form',
          text: consentText(TITLE),
          version: CONSENT_VERSION,
          clientHash: clientHash(keyring, CLIENT),
          name: 'Ada',
          nonce: expect.stringMatching(NONCE),
        },
        signupEmails: [T0.toISOString()],
        version: 1,
      },
    ]);
  });

  it('mails one confirmation whose link confirms this signup (its nonce) for 48 hours', async () => {
    // Prepare
    const { deps, store, calls } = world();
    // Act
    await signup(deps, request(), T0);
    // Assess
    const [saved] = store.all();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.kind).toBe('confirmation');
    expect(call?.now).toEqual(T0);
    const { version: _version, ...unversioned } = saved ?? ({} as Subscriber);
    expect(call?.subscriber).toStrictEqual(unversioned);
    expect(call?.url.startsWith(`${PUBLIC_URL}/confirm?token=`)).toBe(true);
    const claims = verifyToken(keyring, tokenOf(call?.url ?? ''), 'confirm', later(48 * HOUR));
    expect(claims).toMatchObject({ subscriberId: ID, purpose: 'confirm' });
    expect(claims.nonce).toBe(saved?.signup?.nonce);
  });

  it('records the API as the source, and no client hash without a client address', async () => {
    // Prepare
    const { deps, store } = world();
    // Act
    await signup(deps, request({ source: 'api', clientAddress: undefined, name: undefined }), T0);
    // Assess
    const [saved] = store.all();
    expect(saved?.signup?.source).toBe('api');
    expect(saved?.signup).not.toHaveProperty('clientHash');
    expect(saved?.signup).not.toHaveProperty('name');
    expect(saved).not.toHaveProperty('name');
  });

  it('draws a new nonce for every new signup', async () => {
    // Prepare
    const a = world();
    const b = world();
    // Act
    await signup(a.deps, request(), T0);
    await signup(b.deps, request(), T0);
    // Assess
    expect(a.store.all()[0]?.signup?.nonce).not.toBe(b.store.all()[0]?.signup?.nonce);
  });

  it('retries when another writer got there first, and sends once', async () => {
    // Prepare
    const { store, counter } = losingReplaces(createMemorySubscriberStore(), 1);
    const { deps, calls } = world({ store });
    // Act
    const outcome = await signup(deps, request(), T0);
    // Assess
    expect(outcome).toBe('confirmation-sent');
    expect(counter.replaces).toBe(2);
    expect(calls).toHaveLength(1);
    expect(store.all()).toHaveLength(1);
  });

  it('reads again after losing a race, and keeps the nonce of the signup that won', async () => {
    // Prepare: a concurrent signup stores its pending record between our read and our write.
    const memory = createMemorySubscriberStore();
    let raced = false;
    const store = {
      ...memory,
      async replace(next: Subscriber, previous: Subscriber | undefined) {
        if (!raced) {
          raced = true;
          memory.seed(stored('pending', { signup: { ...pendingSignup, nonce: 'theirs' } }));
        }
        return memory.replace(next, previous);
      },
    };
    const { deps, calls } = world({ store });
    // Act
    const outcome = await signup(deps, request(), T0);
    // Assess
    expect(outcome).toBe('confirmation-sent');
    expect(memory.all()[0]?.signup?.nonce).toBe('theirs');
    expect(confirmNonce(calls[0]?.url ?? '', T0)).toBe('theirs');
  });

  it(`gives up with ConcurrentUpdateError after ${WRITE_ATTEMPTS} lost races, sending nothing`, async () => {
    // Prepare
    const { store, counter } = losingReplaces(createMemorySubscriberStore(), Infinity);
    const { deps, calls } = world({ store });
    // Act
    const error = await rejection(signup(deps, request(), T0));
    // Assess
    expect(WRITE_ATTEMPTS).toBe(5);
    expect(error).toBeInstanceOf(ConcurrentUpdateError);
    expect(error).toMatchObject({
      name: 'ConcurrentUpdateError',
      message: `Subscriber ${EMAIL} kept changing while being updated; try again`,
    });
    expect(counter.replaces).toBe(WRITE_ATTEMPTS);
    expect(calls).toEqual([]);
  });
});

describe('signup of an address still pending', () => {
  it('keeps the nonce, so the link already mailed still works, and takes the new name', async () => {
    // Prepare
    const { deps, store, calls } = world();
    await signup(deps, request({ name: 'Ada' }), T0);
    const first = store.all()[0];
    // Act
    const outcome = await signup(deps, request({ name: 'Ada Lovelace' }), later(HOUR));
    // Assess
    expect(outcome).toBe('confirmation-sent');
    const [second] = store.all();
    expect(second?.signup?.nonce).toBe(first?.signup?.nonce);
    expect(first?.signup?.name).toBe('Ada');
    expect(second?.signup?.name).toBe('Ada Lovelace');
    expect(second?.signup?.at).toBe(later(HOUR).toISOString());
    expect(second?.createdAt).toBe(T0.toISOString());
    expect(second?.updatedAt).toBe(later(HOUR).toISOString());
    expect(second?.signupEmails).toEqual([T0.toISOString(), later(HOUR).toISOString()]);
    expect(second?.version).toBe(2);
    expect(calls.map((c) => confirmNonce(c.url, later(HOUR)))).toEqual([
      first?.signup?.nonce,
      first?.signup?.nonce,
    ]);
  });

  it('keeps the stored name when the form gives none', async () => {
    // Prepare
    const { deps, store } = world();
    store.seed(stored('pending', { name: 'Ada', signup: pendingSignup }));
    // Act
    await signup(deps, request({ name: '  ' }), T0);
    // Assess
    expect(store.all()[0]?.name).toBe('Ada');
    expect(store.all()[0]?.signup).not.toHaveProperty('name');
  });

  it('draws a nonce for a pending subscriber that has no signup record (an import)', async () => {
    // Prepare
    const { deps, store, calls } = world();
    store.seed(stored('pending'));
    // Act
    const outcome = await signup(deps, request(), T0);
    // Assess
    expect(outcome).toBe('confirmation-sent');
    const nonce = store.all()[0]?.signup?.nonce;
    expect(nonce).toMatch(NONCE);
    expect(confirmNonce(calls[0]?.url ?? '', T0)).toBe(nonce);
  });

  it('records the latest signup: its time, source, client and the current consent text', async () => {
    // Prepare
    const { deps, store } = world();
    store.seed(stored('pending', { signup: { ...pendingSignup, clientHash: 'old' } }));
    // Act
    await signup(deps, request({ source: 'api', clientAddress: '198.51.100.1' }), T0);
    // Assess
    expect(store.all()[0]?.signup).toStrictEqual({
      at: T0.toISOString(),
      source: 'api',
      text: consentText(TITLE),
      version: CONSENT_VERSION,
      clientHash: clientHash(keyring, '198.51.100.1'),
      name: 'Ada',
      nonce: 'oldnonce',
    });
  });
});

describe('signup of a confirmed address', () => {
  it('mails "already subscribed" with a working unsubscribe link, and changes nothing else', async () => {
    // Prepare
    const { deps, store, calls } = world();
    const before = stored('confirmed', { name: 'Ada', confirmedNonce: 'n1' });
    store.seed(before);
    // Act
    const outcome = await signup(deps, request({ name: 'Somebody Else' }), T0);
    // Assess
    expect(outcome).toBe('already-subscribed-sent');
    expect(store.all()).toStrictEqual([
      {
        ...before,
        signupEmails: [T0.toISOString()],
        updatedAt: T0.toISOString(),
        version: (before.version ?? 0) + 1,
      },
    ]);
    expect(calls.map((c) => c.kind)).toEqual(['alreadySubscribed']);
    const [call] = calls;
    expect(call?.subscriber.name).toBe('Ada');
    expect(call?.now).toEqual(T0);
    expect(call?.url.startsWith(`${PUBLIC_URL}/unsubscribe?token=`)).toBe(true);
    expect(
      verifyToken(keyring, tokenOf(call?.url ?? ''), 'unsubscribe', later(365 * DAY)),
    ).toStrictEqual({ subscriberId: ID, purpose: 'unsubscribe', expires: 0 });
  });

  it('retries a lost race and mails once', async () => {
    // Prepare
    const memory = createMemorySubscriberStore([stored('confirmed')]);
    const { store, counter } = losingReplaces(memory, 1);
    const { deps, calls } = world({ store });
    // Act
    const outcome = await signup(deps, request(), T0);
    // Assess
    expect(outcome).toBe('already-subscribed-sent');
    expect(counter.replaces).toBe(2);
    expect(calls).toHaveLength(1);
  });

  it(`gives up after ${WRITE_ATTEMPTS} lost races without mailing`, async () => {
    // Prepare
    const memory = createMemorySubscriberStore([stored('confirmed')]);
    const { store, counter } = losingReplaces(memory, Infinity);
    const { deps, calls } = world({ store });
    // Act
    const error = await rejection(signup(deps, request(), T0));
    // Assess
    expect(error).toBeInstanceOf(ConcurrentUpdateError);
    expect(counter.replaces).toBe(WRITE_ATTEMPTS);
    expect(calls).toEqual([]);
  });
});

describe('signup of an address that left or was suppressed', () => {
  it.each([
    ['unsubscribed, with its signup record gone', undefined],
    // An old record (an import, or one written before unsubscribe dropped it): its nonce must
    // not come back.
    ['unsubscribed, with a signup record left over', pendingSignup],
  ])(
    'starts a new double opt-in when %s: pending, a new nonce, no status reason',
    async (_case, leftover) => {
      // Prepare
      const { deps, store, calls } = world();
      const before = stored('unsubscribed', {
        name: 'Old Name',
        statusReason: 'unsubscribed (page)',
        unsubscribedFrom: 'confirmed',
        ...(leftover === undefined ? {} : { signup: leftover }),
      });
      store.seed(before);
      // Act
      const outcome = await signup(deps, request({ name: 'Ada' }), T0);
      // Assess
      expect(outcome).toBe('confirmation-sent');
      const [after] = store.all();
      expect(after?.status).toBe('pending');
      expect(after).not.toHaveProperty('statusReason');
      expect(after?.signup?.name).toBe('Ada');
      expect(after?.createdAt).toBe(before.createdAt);
      expect(after?.signup?.nonce).toMatch(NONCE);
      expect(after?.signup?.nonce).not.toBe('oldnonce');
      expect(after?.signup?.at).toBe(T0.toISOString());
      expect(calls.map((c) => c.kind)).toEqual(['confirmation']);
      expect(confirmNonce(calls[0]?.url ?? '', T0)).toBe(after?.signup?.nonce);
    },
  );

  it.each(['bounced', 'complained'] as SubscriberStatus[])(
    'answers a %s address "suppressed": nothing mailed, nothing changed',
    async (status) => {
      // Prepare
      const { deps, store, calls, logs } = world();
      const before = stored(status, { statusReason: `${status} by SES`, signup: pendingSignup });
      store.seed(before);
      // Act
      const outcome = await signup(deps, request(), T0);
      // Assess
      expect(outcome).toBe('suppressed');
      expect(store.all()).toStrictEqual([before]);
      expect(calls).toEqual([]);
      expect(logs).toEqual([
        {
          level: 'warn',
          message: 'signup for a suppressed address ignored',
          fields: { subscriberId: ID },
        },
      ]);
    },
  );

  it('answers a suppressed address at its daily cap "limited", like any other', async () => {
    // Prepare
    const { deps, calls } = world();
    const recent = [later(-3 * HOUR), later(-2 * HOUR), later(-HOUR)].map((d) => d.toISOString());
    deps.subscribers = createMemorySubscriberStore([stored('bounced', { signupEmails: recent })]);
    // Act
    const outcome = await signup(deps, request(), T0);
    // Assess
    expect(outcome).toBe('limited');
    expect(calls).toEqual([]);
  });
});

describe(`the limit of ${SIGNUP_EMAILS_PER_DAY} signup emails per address per 24 hours`, () => {
  it('answers the fourth request within 24 hours "limited", sending and storing nothing', async () => {
    // Prepare
    const { deps, store, calls, logs } = world();
    for (const hours of [0, 1, 2]) {
      expect(await signup(deps, request(), later(hours * HOUR))).toBe('confirmation-sent');
    }
    const before = store.all();
    // Act
    const outcome = await signup(deps, request(), later(3 * HOUR));
    // Assess
    expect(SIGNUP_EMAILS_PER_DAY).toBe(3);
    expect(outcome).toBe('limited');
    expect(calls).toHaveLength(3);
    expect(store.all()).toStrictEqual(before);
    expect(logs).toContainEqual({
      level: 'warn',
      message: 'signup email limit reached',
      fields: { subscriberId: ID },
    });
  });

  it('still limits one millisecond before the first email is 24 hours old', async () => {
    // Prepare
    const { deps, calls } = world();
    for (const hours of [0, 1, 2]) await signup(deps, request(), later(hours * HOUR));
    // Act
    const outcome = await signup(deps, request(), later(DAY - 1));
    // Assess
    expect(outcome).toBe('limited');
    expect(calls).toHaveLength(3);
  });

  it('allows a request again once the first email is exactly 24 hours old, forgetting it', async () => {
    // Prepare
    const { deps, store, calls } = world();
    for (const hours of [0, 1, 2]) await signup(deps, request(), later(hours * HOUR));
    // Act
    const outcome = await signup(deps, request(), later(DAY));
    // Assess
    expect(outcome).toBe('confirmation-sent');
    expect(calls).toHaveLength(4);
    expect(store.all()[0]?.signupEmails).toEqual([
      later(HOUR).toISOString(),
      later(2 * HOUR).toISOString(),
      later(DAY).toISOString(),
    ]);
  });

  it('counts "already subscribed" emails too', async () => {
    // Prepare
    const recent = [later(-3 * HOUR), later(-2 * HOUR), later(-HOUR)].map((d) => d.toISOString());
    const store = createMemorySubscriberStore([stored('confirmed', { signupEmails: recent })]);
    const { deps, calls } = world({ store });
    // Act
    const outcome = await signup(deps, request(), T0);
    // Assess
    expect(outcome).toBe('limited');
    expect(calls).toEqual([]);
  });

  it('does not count emails older than 24 hours, and drops them from the record', async () => {
    // Prepare
    const { deps, store } = world();
    const sent = [later(-2 * DAY), later(-25 * HOUR), later(-HOUR)].map((d) => d.toISOString());
    store.seed(stored('pending', { signup: pendingSignup, signupEmails: sent }));
    // Act
    const outcome = await signup(deps, request(), T0);
    // Assess
    expect(outcome).toBe('confirmation-sent');
    expect(store.all()[0]?.signupEmails).toEqual([later(-HOUR).toISOString(), T0.toISOString()]);
  });
});

describe('the honeypot', () => {
  it('ignores a request whose hidden field is filled: nothing stored, nothing sent', async () => {
    // Prepare
    const { deps, store, calls, logs } = world();
    // Act
    const outcome = await signup(deps, request({ honeypot: 'http://spam.example' }), T0);
    // Assess
    expect(outcome).toBe('ignored-honeypot');
    expect(store.all()).toEqual([]);
    expect(calls).toEqual([]);
    expect(logs).toEqual([
      { level: 'warn', message: 'signup ignored: honeypot filled', fields: { source: 'form' } },
    ]);
  });

  it.each([
    ['empty', ''],
    ['absent', undefined],
  ])('goes on when the hidden field is %s', async (_case, honeypot) => {
    // Prepare
    const { deps, calls } = world();
    // Act
    const outcome = await signup(deps, request({ honeypot }), T0);
    // Assess
    expect(outcome).toBe('confirmation-sent');
    expect(calls).toHaveLength(1);
  });

  it('still answers a field a person could fix first', async () => {
    // Prepare
    const { deps } = world();
    // Act
    const error = await rejection(signup(deps, request({ email: 'nope', honeypot: 'x' }), T0));
    // Assess
    expect(error).toBeInstanceOf(SignupInputError);
    expect(error).toMatchObject({ field: 'email' });
  });
});

describe('signup input', () => {
  const ASCII_ONLY =
    'Expected an address in plain ASCII letters, like name@example.org (internationalized addresses are not supported).';
  const NOT_AN_ADDRESS = 'Expected an email address like name@example.org.';

  it.each([
    ['a malformed address', { email: 'ada at example.com' }, 'email', NOT_AN_ADDRESS],
    ['an empty address', { email: '' }, 'email', NOT_AN_ADDRESS],
    ['a tilde where it may not be', { email: 'ada@exa~mple.com' }, 'email', NOT_AN_ADDRESS],
    [
      'an address over 254 characters',
      { email: addressOfLength(255) },
      'email',
      'Expected an email address of at most 254 characters.',
    ],
    ['an internationalized address', { email: 'josé@example.com' }, 'email', ASCII_ONLY],
    ['an internationalized domain', { email: 'ada@bücher.example' }, 'email', ASCII_ONLY],
    [
      'a name with a line break',
      { name: 'Ada\r\nBcc: victim@example.net' },
      'name',
      'Expected a one-line name of at most 100 characters: it has a line break or control character.',
    ],
    [
      'a name over 100 characters',
      { name: 'a'.repeat(101) },
      'name',
      'Expected a one-line name of at most 100 characters: it is 101 characters long.',
    ],
    [
      'consent not given',
      { consent: false },
      'consent',
      'Tick the box to agree to receive the briefing.',
    ],
    [
      'every field wrong (the address is answered first)',
      { email: 'nope', name: 'a\nb', consent: false },
      'email',
      NOT_AN_ADDRESS,
    ],
    [
      'the name and the consent wrong (the name is answered first)',
      { name: 'a\nb', consent: false },
      'name',
      'Expected a one-line name of at most 100 characters: it has a line break or control character.',
    ],
  ] as [string, Partial<SignupRequest>, string, string][])(
    'refuses %s, naming the field',
    async (_case, change, field, message) => {
      // Prepare
      const { deps, store, calls } = world();
      // Act
      const error = await rejection(signup(deps, request(change), T0));
      // Assess
      expect(error).toBeInstanceOf(SignupInputError);
      expect(error).toMatchObject({ name: 'SignupInputError', field, message });
      expect(store.all()).toEqual([]);
      expect(calls).toEqual([]);
    },
  );

  it.each([
    ['CR LF', 'ada@example.com\r\nBcc: victim@example.net'],
    ['LF', 'ada@example.com\nBcc: victim@example.net'],
    ['CR inside', 'ada\r@example.com'],
    ['a line break at the end only', 'ada@example.com\n'],
    [
      'a line break in an address that is also too long',
      `${addressOfLength(255)}\r\nBcc: victim@example.net`,
    ],
  ])('refuses an address with %s, saying so', (_case, email) => {
    // Act
    const act = () => checkSignup(request({ email }));
    // Assess
    expect(act).toThrow(SignupInputError);
    expect(act).toThrow(
      expect.objectContaining({
        field: 'email',
        message: 'Expected one email address, without line breaks.',
      }),
    );
  });

  it('answers a tab or another ASCII control character as a malformed address, not a foreign one', () => {
    // Act
    const act = () => checkSignup(request({ email: 'ada\t@example.com' }));
    // Assess
    expect(act).toThrow(
      expect.objectContaining({
        field: 'email',
        message: 'Expected an email address like name@example.org.',
      }),
    );
  });

  it('accepts an address of 254 characters, spaces around it not counted', () => {
    // Prepare
    const longest = addressOfLength(254);
    // Act
    const checked = checkSignup(request({ email: `  ${longest}  ` }));
    // Assess
    expect(checked.email).toBe(longest);
  });

  it('gives back the address normalized and the name trimmed', () => {
    expect(checkSignup(request({ email: ' Ada@Example.COM ', name: '  Ada  L ' }))).toEqual({
      email: 'ada@example.com',
      name: 'Ada L',
    });
    expect(checkSignup(request({ name: undefined }))).toStrictEqual({
      email: 'ada@example.com',
      name: undefined,
    });
  });
});

describe('the name typed at signup (anyone can type an address)', () => {
  it('waits in the signup of a new address: no name on the record, none on the confirmation', async () => {
    // Prepare
    const { deps, store, calls } = world();
    // Act
    const outcome = await signup(deps, request({ name: 'Stranger' }), T0);
    // Assess
    expect(outcome).toBe('confirmation-sent');
    const [saved] = store.all();
    expect(saved).not.toHaveProperty('name');
    expect(saved?.signup?.name).toBe('Stranger');
    expect(calls.map((c) => c.kind)).toEqual(['confirmation']);
    expect(calls[0]?.subscriber).not.toHaveProperty('name');
  });

  it.each([
    ['pending', { signup: pendingSignup }, 'confirmation-sent'],
    [
      'unsubscribed',
      { unsubscribedFrom: 'confirmed', statusReason: 'unsubscribed (page)' },
      'confirmation-sent',
    ],
    ['confirmed', {}, 'already-subscribed-sent'],
  ] as [SubscriberStatus, Partial<Subscriber>, string][])(
    'never changes the stored name (status %s), nor mails the name typed',
    async (status, extra, expected) => {
      // Prepare
      const { deps, store, calls } = world();
      store.seed(stored(status, { name: 'Own Name', ...extra }));
      // Act
      const outcome = await signup(deps, request({ name: 'Stranger' }), T0);
      // Assess
      expect(outcome).toBe(expected);
      const [after] = store.all();
      expect(after?.name).toBe('Own Name');
      expect(calls).toHaveLength(1);
      expect(calls[0]?.subscriber.name).toBe('Own Name');
      if (status !== 'confirmed') expect(after?.signup?.name).toBe('Stranger');
    },
  );
});
