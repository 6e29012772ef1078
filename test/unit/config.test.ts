import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireTokenKeysSecret } from '../../lambda/config.ts';

const awsEnv = {
  BRAID_MODE: 'aws',
  BRAID_FROM: 'News <news@example.org>',
  BRAID_PUBLIC_URL: 'https://news.example.org/',
  BRAID_POSTAL_ADDRESS: '1 Main Street, Springfield',
  BRAID_TOKEN_KEYS_SECRET: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:braid-keys',
  BRAID_SUBSCRIBERS_TABLE: 'subs',
  BRAID_LEDGER_TABLE: 'ledger',
  BRAID_EDITIONS_TABLE: 'editions',
  BRAID_ARCHIVE_BUCKET: 'braid-archive',
  BRAID_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/braid-deliver',
  AWS_REGION: 'eu-west-1',
};

describe('loadConfig', () => {
  it('runs locally with safe defaults and no environment at all', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('local');
    expect(config.tables).toEqual({
      subscribers: 'braid-subscribers',
      ledger: 'braid-ledger',
      editions: 'braid-editions',
    });
    expect(config.listId).toBe('briefing.braid.localhost');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the look: accent colours, logo and sender line', () => {
    const config = loadConfig({
      BRAID_ACCENT: '#8a1538',
      BRAID_ACCENT_DARK: '#f4a3b8',
      BRAID_LOGO_URL: 'https://cdn.example.org/logo.png',
      BRAID_LOGO_ALT: 'The Daily Braid',
      BRAID_LOGO_WIDTH: '180',
      BRAID_LOGO_HEIGHT: '48',
      BRAID_SENDER_LINE: 'Written by the Braid desk',
    });
    expect(config.look).toEqual({
      accent: '#8a1538',
      accentDark: '#f4a3b8',
      logo: {
        url: 'https://cdn.example.org/logo.png',
        alt: 'The Daily Braid',
        width: 180,
        height: 48,
      },
      senderLine: 'Written by the Braid desk',
    });
    expect(loadConfig({}).look).toEqual({ accent: '#0b57d0', accentDark: '#8ab4f8' });
  });

  it('refuses an accent that fails contrast and a logo that is not https, naming each setting', () => {
    const attempt = () =>
      loadConfig({
        BRAID_ACCENT: '#ffcc00',
        BRAID_LOGO_URL: 'http://cdn.example.org/logo.png',
        BRAID_LOGO_ALT: 'Logo',
        BRAID_LOGO_WIDTH: '100',
        BRAID_LOGO_HEIGHT: '40',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /BRAID_ACCENT: #ffcc00 has a contrast of 1\.\d+:1 on the light palette/,
    );
    expect(attempt).toThrow(/BRAID_LOGO_URL: "http:\/\/cdn\.example\.org\/logo\.png" is not https/);
  });

  it('reads every AWS setting and derives the rest from the From domain', () => {
    const config = loadConfig(awsEnv);
    expect(config).toMatchObject({
      mode: 'aws',
      from: 'News <news@example.org>',
      publicUrl: 'https://news.example.org',
      listId: 'briefing.example.org',
      unsubscribeMailto: 'unsubscribe@example.org',
      region: 'eu-west-1',
      tables: { subscribers: 'subs', ledger: 'ledger', editions: 'editions' },
      endpoints: { dynamodb: undefined, ses: undefined },
    });
  });

  it.each([
    ['BRAID_FROM', 'news@example.org'],
    ['BRAID_FROM', '"The News, Daily" <news@example.org>'],
    ['BRAID_TIME_ZONE', 'Asia/Tokyo'],
    ['BRAID_LIST_ID', 'daily.news.example.org'],
  ])('accepts %s=%j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).not.toThrow();
  });

  it('takes the link keys from Secrets Manager in AWS mode, never from the environment', () => {
    const keys = JSON.stringify({ current: 'k1', k1: 'k'.repeat(40) });
    expect(() => loadConfig({ ...awsEnv, BRAID_TOKEN_KEYS: keys })).toThrow(
      /BRAID_TOKEN_KEYS: link keys are not taken from the environment in AWS mode/,
    );
    expect(loadConfig({ BRAID_TOKEN_KEYS: keys }).tokenKeys.json).toBe(keys);
  });

  it('asks for the keys secret only where links are signed', () => {
    const config = loadConfig({ ...awsEnv, BRAID_TOKEN_KEYS_SECRET: undefined });
    expect(() => requireTokenKeysSecret(config)).toThrow(/BRAID_TOKEN_KEYS_SECRET/);
    expect(requireTokenKeysSecret(loadConfig(awsEnv))).toBe(awsEnv.BRAID_TOKEN_KEYS_SECRET);
  });

  it('ignores embedded-engine endpoints in AWS mode', () => {
    const config = loadConfig({ ...awsEnv, BRAID_SES_ENDPOINT: 'http://127.0.0.1:9' });
    expect(config.endpoints.ses).toBeUndefined();
  });

  it.each([
    'BRAID_FROM',
    'BRAID_PUBLIC_URL',
    'BRAID_POSTAL_ADDRESS',
    'BRAID_LEDGER_TABLE',
    'AWS_REGION',
  ])('has no default for %s in AWS mode', (name) => {
    const env: Record<string, string | undefined> = { ...awsEnv, [name]: undefined };
    expect(() => loadConfig(env)).toThrow(
      new RegExp(`BRAID_MODE=aws needs these settings.*${name}`),
    );
  });

  it.each([
    ['BRAID_MODE', 'production', /BRAID_MODE/],
    ['BRAID_SEND_RATE', '-3', /BRAID_SEND_RATE/],
    ['BRAID_SEND_RATE', 'fast', /BRAID_SEND_RATE/],
    ['BRAID_PUBLIC_URL', 'not a url', /BRAID_PUBLIC_URL/],
    ['BRAID_TOKEN_KEYS', 'not json', /BRAID_TOKEN_KEYS: expected JSON/],
    [
      'BRAID_TOKEN_KEYS',
      '{"current":"k1","k1":"short"}',
      /BRAID_TOKEN_KEYS: key k1 must be at least 32/,
    ],
    ['BRAID_TOKEN_KEYS', '{"current":"k2","k1":"x"}', /BRAID_TOKEN_KEYS/],
    ['BRAID_FROM', 'Braid Briefing', /BRAID_FROM: expected a mailbox/],
    ['BRAID_FROM', 'nobody', /BRAID_FROM: expected a mailbox/],
    ['BRAID_FROM', 'News <news@example.org>\r\nBcc: x@example.org', /BRAID_FROM/],
    ['BRAID_REPLY_TO', 'replies', /BRAID_REPLY_TO/],
    ['BRAID_LIST_ID', 'has space', /BRAID_LIST_ID: expected a list id/],
    ['BRAID_UNSUBSCRIBE_MAILTO', 'unsubscribe', /BRAID_UNSUBSCRIBE_MAILTO/],
    ['BRAID_TIME_ZONE', 'Europe/Berln', /BRAID_TIME_ZONE: expected an IANA time zone/],
  ])('rejects %s=%j, naming the setting', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
