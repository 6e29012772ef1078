import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertCron } from '../../infra/cron.ts';
import {
  DEFAULT_SETTINGS,
  EXAMPLE_SETTINGS,
  REQUIRED_KEYS,
  settingsFromContext,
} from '../../infra/settings.ts';

const REAL = {
  domain: 'news.braid-paper.net',
  from: 'Morning Braid <briefing@news.braid-paper.net>',
  publicUrl: 'https://news.braid-paper.net',
  postalAddress: 'Braid Paper Ltd, 2 Real Road, Anytown 12345, USA',
  alarmEmail: 'ops@braid-paper.net',
};

const source = (context: Record<string, unknown>) => ({
  tryGetContext: (key: string): unknown => context[key],
});
const read = (context: Record<string, unknown>) =>
  settingsFromContext(source({ ...REAL, ...context }));

describe('settingsFromContext: required context', () => {
  it('names every missing key in one error, with what to pass', () => {
    let message = '';
    try {
      settingsFromContext(source({}));
    } catch (error) {
      message = String(error);
    }
    for (const key of REQUIRED_KEYS) expect(message).toContain(`  ${key}: missing;`);
    expect(message).toContain('-c demo=true');
  });

  it('names only the keys missing', () => {
    const { postalAddress: _, alarmEmail: __, ...some } = REAL;
    expect(() => settingsFromContext(source(some))).toThrow(
      /^(?![\s\S]*domain: missing)[\s\S]*postalAddress: missing[\s\S]*alarmEmail: missing/,
    );
  });

  it.each(REQUIRED_KEYS)('refuses the example value of %s without demo=true', (key) => {
    const example = key === 'from' ? EXAMPLE_SETTINGS.from : EXAMPLE_SETTINGS[key];
    expect(() => read({ [key]: example })).toThrow(new RegExp(`${key}: .* is an example value`));
  });

  it.each([
    ['domain', 'briefing.example.com'],
    ['publicUrl', 'https://news.example.net'],
    ['alarmEmail', 'me@ops.test'],
  ])('refuses %s in a documentation domain (%s)', (key, value) => {
    expect(() => read({ [key]: value })).toThrow(/is an example value/);
  });

  it.each(['example.org', 'news.example.com', 'foo.test', 'a.invalid', 'x.localhost'])(
    'refuses the reserved domain %s wherever a domain goes',
    (domain) => {
      for (const [key, value] of [
        ['domain', domain],
        ['from', `Braid <briefing@${domain}>`],
        ['publicUrl', `https://${domain}`],
        ['publicUrl', `https://${domain}:8443/news`],
        ['alarmEmail', `ops@${domain}`],
      ] as const) {
        expect(() => read({ [key]: value }), `${key}=${value}`).toThrow(
          new RegExp(`${key}: .* is an example value`),
        );
      }
    },
  );

  it('refuses a reserved label followed by a dot, as before', () => {
    expect(() => read({ publicUrl: 'https://news.example.com.' })).toThrow(/is an example value/);
  });

  it.each([
    'news.test-kitchen.com',
    'mail.example-paper.com',
    'shop.invalid-parts.net',
    'example.community',
  ])('takes %s, a real name that only starts like a reserved one', (domain) => {
    const context = {
      domain,
      from: `Braid <briefing@${domain}>`,
      publicUrl: `https://${domain}/news`,
      alarmEmail: `ops@${domain}`,
    };
    expect(read(context)).toMatchObject(context);
  });

  it('fills in the example values with demo=true, and only then', () => {
    const settings = settingsFromContext(source({ demo: 'true' }));
    expect(settings).toMatchObject({ ...EXAMPLE_SETTINGS, demo: true });
    expect(read({}).demo).toBe(false);
  });

  it('takes the real values as given, with the defaults for the rest', () => {
    expect(read({})).toEqual({ ...REAL, ...DEFAULT_SETTINGS, demo: false });
  });
});

describe('settingsFromContext: bad input', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { from: 'Braid <briefing@elsewhere.org>' },
      /"from" must be an address in the domain "news.braid-paper.net"/,
    ],
    [{ from: 'briefing@braid-paper.net' }, /"from" must be an address in the domain/],
    [{ from: 'not a mailbox' }, /"from" must be a mailbox/],
    [{ domain: 'not a domain' }, /"domain" must be a domain name/],
    [{ timeZone: 'Europe/Londn' }, /"timeZone" must be an IANA time zone/],
    [
      { scheduleCron: '0 6 * * *' },
      /"scheduleCron" must be an EventBridge Scheduler cron expression.*5 fields/,
    ],
    [{ scheduleCron: '0 25 * * ? *' }, /"scheduleCron".*hours "25" is not valid/],
    [{ scheduleCron: '0 6 * * * *' }, /exactly one of day-of-month and day-of-week/],
    [{ scheduleCron: 'rate(1 day)' }, /"scheduleCron" must be an EventBridge Scheduler cron/],
    [{ publicUrl: 'briefing.braid-paper.net' }, /"publicUrl" must be an http\(s\) URL/],
    [{ alarmEmail: 'ops' }, /"alarmEmail" must be an address/],
    [{ mailFromSubdomain: 'a.b' }, /"mailFromSubdomain" must be one DNS label/],
    [{ postalAddress: 42 }, /"postalAddress" must be a non-empty string/],
    [{ sendSchedule: 'yes' }, /"sendSchedule" must be true or false/],
    [{ demo: 'yes' }, /"demo" must be true or false/],
    [{ deliverConcurrency: 1 }, /"deliverConcurrency" must be at least 2/],
    [{ deliverConcurrency: '1' }, /"deliverConcurrency" must be at least 2/],
    [{ deliverConcurrency: 0 }, /"deliverConcurrency" must be a positive number/],
    [{ deliverConcurrency: '-2' }, /"deliverConcurrency" must be a positive number/],
    [{ deliverConcurrency: 'two' }, /"deliverConcurrency" must be a positive number/],
    [{ deliverConcurrency: '2.5' }, /"deliverConcurrency" must be a positive integer/],
    [{ sendRate: 0 }, /"sendRate" must be a positive number/],
    [{ sendRate: -14 }, /"sendRate" must be a positive number/],
    [{ sendRate: '14/s' }, /"sendRate" must be a positive number/],
    [{ sendRate: 'Infinity' }, /"sendRate" must be a positive number/],
    [{ sendRate: true }, /"sendRate" must be a positive number/],
    [{ apiRateLimit: 'fast' }, /"apiRateLimit" must be a positive number/],
    [{ apiBurstLimit: '2.5' }, /"apiBurstLimit" must be a positive integer/],
  ];
  it.each(cases)('rejects %j at synth time', (context, message) => {
    expect(() => read(context)).toThrow(message);
  });

  it('reads numbers given as -c strings or as cdk.json numbers', () => {
    expect(
      read({ deliverConcurrency: '4', sendRate: 0.5, apiRateLimit: '2.5', apiBurstLimit: 5 }),
    ).toMatchObject({ deliverConcurrency: 4, sendRate: 0.5, apiRateLimit: 2.5, apiBurstLimit: 5 });
  });

  it.each([
    ['false', false],
    [false, false],
    ['true', true],
  ] as const)('reads sendSchedule=%j as %s', (value, expected) => {
    expect(read({ sendSchedule: value }).sendSchedule).toBe(expected);
  });

  it('defaults to 06:00 Europe/London, 2 deliver instances sharing 14/s, the API at 20/s', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      scheduleCron: '0 6 * * ? *',
      timeZone: 'Europe/London',
      deliverConcurrency: 2,
      sendRate: 14,
      sendSchedule: true,
      apiRateLimit: 20,
      apiBurstLimit: 40,
    });
  });
});

describe('assertCron', () => {
  it.each([
    '0 6 * * ? *',
    'cron(0 6 * * ? *)',
    '15,45 6-8 ? * MON-FRI *',
    '0 */2 1,15 * ? 2030',
    '0 6 L * ? *',
    '0 6 ? * 2#1 *',
    '0 6 ? JAN-MAR 1L *',
  ])('accepts %s', (cron) => {
    expect(() => assertCron('scheduleCron', cron)).not.toThrow();
  });

  it.each([
    '',
    '60 6 * * ? *',
    '0 6 32 * ? *',
    '0 6 * 13 ? *',
    '0 6 ? * 8 *',
    '0 6 ? * ? *',
    '0 6 * * ? * *',
    '0 6/0 * * ? *',
  ])('refuses %j', (cron) => {
    expect(() => assertCron('scheduleCron', cron)).toThrow(/CDK context "scheduleCron"/);
  });
});

describe('infra/app.ts with no context', () => {
  it('prints what is missing, naming each key, without a stack trace, and exits 1', () => {
    const root = join(import.meta.dirname, '..', '..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'infra', 'app.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: '{}',
        CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-')),
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Braid needs this CDK context to synthesize a deployable stack:');
    for (const key of ['domain', 'from', 'publicUrl', 'postalAddress', 'alarmEmail']) {
      expect(run.stderr).toContain(`  ${key}: missing;`);
    }
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
