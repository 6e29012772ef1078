import { describe, expect, it } from 'vitest';
import {
  archiveUrl,
  CONFIRM_LINK_HOURS,
  confirmUrl,
  PATHS,
  signupUrl,
  unsubscribeUrl,
} from '../../../lambda/subscribers/links.ts';
import { verifyToken } from '../../../lambda/subscribers/tokens.ts';
import { keyring, tokenOf } from './fixtures.ts';

// Milliseconds on purpose: the expiry is counted from the whole second.
const now = new Date('2026-03-01T08:00:00.750Z');
const nowSeconds = Date.parse('2026-03-01T08:00:00.000Z') / 1000;

describe('PATHS', () => {
  it('are the public pages the emails link to', () => {
    expect(PATHS).toEqual({
      subscribe: '/subscribe',
      confirm: '/confirm',
      unsubscribe: '/unsubscribe',
      resubscribe: '/resubscribe',
      archive: '/archive',
      feed: '/archive/feed.xml',
    });
  });
});

describe('confirmUrl', () => {
  it('links to the confirm page with a confirm token for this signup', () => {
    // Act
    const url = confirmUrl('https://briefing.example.org', keyring, 'sub_1', 'nonce1', now);
    // Assess
    const token = tokenOf(url);
    expect(url).toBe(`https://briefing.example.org/confirm?token=${token}`);
    expect(verifyToken(keyring, token, 'confirm', now)).toStrictEqual({
      subscriberId: 'sub_1',
      purpose: 'confirm',
      expires: nowSeconds + 48 * 3600,
      nonce: 'nonce1',
    });
  });

  it(`works for ${CONFIRM_LINK_HOURS} hours, not a second more`, () => {
    // Prepare
    const token = tokenOf(confirmUrl('https://briefing.example.org', keyring, 'sub_1', 'n', now));
    const lastSecond = new Date((nowSeconds + 48 * 3600) * 1000);
    // Act
    const atTheEnd = verifyToken(keyring, token, 'confirm', lastSecond);
    const after = () =>
      verifyToken(keyring, token, 'confirm', new Date(lastSecond.getTime() + 1000));
    // Assess
    expect(CONFIRM_LINK_HOURS).toBe(48);
    expect(atTheEnd.subscriberId).toBe('sub_1');
    expect(after).toThrow(expect.objectContaining({ reason: 'expired' }));
  });
});

describe('unsubscribeUrl', () => {
  it('links to the unsubscribe page with a token that never expires', () => {
    // Act
    const url = unsubscribeUrl('https://briefing.example.org', keyring, 'sub_1');
    // Assess
    const token = tokenOf(url);
    expect(url).toBe(`https://briefing.example.org/unsubscribe?token=${token}`);
    expect(verifyToken(keyring, token, 'unsubscribe', new Date('2199-01-01'))).toStrictEqual({
      subscriberId: 'sub_1',
      purpose: 'unsubscribe',
      expires: 0,
    });
  });
});

describe('the base URL', () => {
  it.each([
    ['no slash', 'https://briefing.example.org'],
    ['one trailing slash', 'https://briefing.example.org/'],
    ['several trailing slashes', 'https://briefing.example.org///'],
  ])('is used without its trailing slashes (%s)', (_case, base) => {
    // Act
    const urls = [
      signupUrl(base),
      archiveUrl(base),
      archiveUrl(base, '2026-03-01'),
      unsubscribeUrl(base, keyring, 'sub_1'),
      confirmUrl(base, keyring, 'sub_1', 'n', now),
    ];
    // Assess
    expect(urls.map((url) => url.replace(/\?token=.*$/, ''))).toEqual([
      'https://briefing.example.org/subscribe',
      'https://briefing.example.org/archive',
      'https://briefing.example.org/archive/2026-03-01',
      'https://briefing.example.org/unsubscribe',
      'https://briefing.example.org/confirm',
    ]);
  });

  it('keeps a path of its own', () => {
    expect(signupUrl('https://example.org/braid/')).toBe('https://example.org/braid/subscribe');
  });
});

describe('archiveUrl', () => {
  it('encodes the edition id as one path segment', () => {
    expect(archiveUrl('https://briefing.example.org', 'a b/c?d')).toBe(
      'https://briefing.example.org/archive/a%20b%2Fc%3Fd',
    );
  });
});
