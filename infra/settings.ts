import type { Node } from 'constructs';
import { ContextError } from './context-error.ts';
import { assertCron } from './cron.ts';

/**
 * The deploy-time settings of one Braid installation, read from CDK context
 * (`cdk.json`, `cdk.context.json` or `-c key=value`).
 *
 * The identity of the sender (domain, From, public URL, postal address) and who hears the
 * alarms have no default: a deployment that mailed from example.org, or alarmed nobody, would
 * fail quietly. Synth stops naming every missing or example-valued key; `-c demo=true` is the
 * only way to synthesize with the example values.
 */
export interface BraidSettings {
  /** The sending domain: the SES identity (Easy DKIM, custom MAIL FROM) and the From's domain. */
  domain: string;
  /** The From header of every email, `Name <address>`, its address in `domain`. */
  from: string;
  /**
   * Base URL of the public pages (signup, confirm, unsubscribe, archive). Every link in
   * every email is built from it, so it must be the address people actually reach: a
   * custom domain pointing at the stack's HTTP API, or the API's own URL (output `ApiUrl`).
   */
  publicUrl: string;
  /** Sender's postal address for the footer (CAN-SPAM). */
  postalAddress: string;
  /** Where the alarm topic sends: subscribed by email at deploy (confirm the first mail). */
  alarmEmail: string;
  /** The MAIL FROM subdomain's first label: bounces return to `<it>.<domain>`. */
  mailFromSubdomain: string;
  /** IANA time zone the daily schedule fires in and editions are dated in. */
  timeZone: string;
  /**
   * When compose runs: an EventBridge Scheduler cron expression's six fields (minutes hours
   * day-of-month month day-of-week year), in `timeZone`.
   */
  scheduleCron: string;
  /**
   * Whether the daily schedule is switched on. On by default now that the stack serves
   * the confirm and unsubscribe links its emails carry (the HTTP API); `-c sendSchedule=false`
   * deploys it switched off.
   */
  sendSchedule: boolean;
  /**
   * Deliver instances that may run at once: the deliver function's reserved concurrency and
   * the SQS event source's maximum concurrency (at least 2, that source's minimum). The send
   * rate is shared between them, so more instances do not send faster.
   */
  deliverConcurrency: number;
  /**
   * Messages per second across all deliver instances. 14 is SES's starting rate for an
   * account out of the sandbox; at run time deliver also keeps under GetSendQuota's MaxSendRate.
   */
  sendRate: number;
  /**
   * Requests per second the HTTP API's stage accepts (steady state, all routes together);
   * beyond it API Gateway answers 429 without invoking the function.
   */
  apiRateLimit: number;
  /** Requests the stage accepts in a burst above `apiRateLimit` (an integer). */
  apiBurstLimit: number;
  /** Synthesized with example values (`-c demo=true`): never deploy this. */
  demo: boolean;
}

/** The keys a deployment must give: they say who sends, from where, and who is told. */
export const REQUIRED_KEYS = [
  'domain',
  'from',
  'publicUrl',
  'postalAddress',
  'alarmEmail',
] as const;
type RequiredKey = (typeof REQUIRED_KEYS)[number];

/** What each required key is, for the message that asks for it. */
const REQUIRED_HELP: Readonly<Record<RequiredKey, string>> = {
  domain: 'the sending domain, e.g. -c domain=news.example-paper.com',
  from: 'the From mailbox in that domain, e.g. -c "from=Braid <briefing@news.example-paper.com>"',
  publicUrl: 'the URL readers reach (a custom domain, or the ApiUrl output after a first deploy)',
  postalAddress: "the sender's postal address for the footer (CAN-SPAM)",
  alarmEmail: 'the address the alarm topic mails, e.g. -c alarmEmail=ops@example-paper.com',
};

/** The example values `-c demo=true` fills in; refused in a real deployment. */
export const EXAMPLE_SETTINGS: Readonly<Record<RequiredKey, string>> = Object.freeze({
  domain: 'example.org',
  from: 'Braid <briefing@example.org>',
  publicUrl: 'https://briefing.example.org',
  postalAddress: 'Braid Briefing, 1 Example Street, Springfield 00000, Example Country',
  alarmEmail: 'alarms@example.org',
});

export const DEFAULT_SETTINGS = Object.freeze({
  mailFromSubdomain: 'bounce',
  timeZone: 'Europe/London',
  // 06:00 every day, so the briefing is in inboxes before breakfast.
  scheduleCron: '0 6 * * ? *',
  sendSchedule: true,
  deliverConcurrency: 2,
  sendRate: 14,
  // A subscriber clicks a handful of links a day; this is ample for people and caps
  // what a script can make the function, DynamoDB and SES do.
  apiRateLimit: 20,
  apiBurstLimit: 40,
});

/** SQS event sources cannot be capped below 2 concurrent invocations. */
export const MIN_DELIVER_CONCURRENCY = 2;

/** All settings need from a construct node; narrow so tests can pass a plain object. */
export type ContextSource = Pick<Node, 'tryGetContext'>;

type NumberKey = 'deliverConcurrency' | 'sendRate' | 'apiRateLimit' | 'apiBurstLimit';

/**
 * RFC 2606 and 6761 names: documentation and test domains nobody receives mail at. The
 * reserved label must end the name (end of value, or a character no host name holds: `>`,
 * `/`, `:`) or be followed by a `.`; a `-` or a letter continues the label, so
 * news.test-kitchen.com or example.community is a real name.
 */
const EXAMPLE_DOMAIN =
  /(^|[.@/])(example\.(com|net|org)|[^./@]+\.(example|test|invalid|localhost))(?![\w-])/i;

function isExample(key: RequiredKey, value: string): boolean {
  return value === EXAMPLE_SETTINGS[key] || (key !== 'postalAddress' && EXAMPLE_DOMAIN.test(value));
}

function stringContext(node: ContextSource, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ContextError(
      `CDK context "${key}" must be a non-empty string, got ${JSON.stringify(value)}`,
    );
  }
  return value.trim();
}

/** `-c demo=true` arrives as a string, cdk.json's as a boolean. */
function booleanContext(node: ContextSource, key: 'sendSchedule' | 'demo', fallback: boolean) {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ContextError(
    `CDK context "${key}" must be true or false, got ${JSON.stringify(value)}`,
  );
}

/**
 * `-c key=3` arrives as a string, cdk.json's as a number; both are read the same way.
 * An empty or partly numeric string ("", "2x") is refused rather than read as 0 or 2.
 */
function numberContext(node: ContextSource, key: NumberKey): number {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return DEFAULT_SETTINGS[key];
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) {
    throw new ContextError(
      `CDK context "${key}" must be a positive number, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

/**
 * The required keys, or one error naming every one that is missing or still an example.
 * With demo on, a missing key takes its example value.
 */
function requiredContext(node: ContextSource, demo: boolean): Record<RequiredKey, string> {
  const values = {} as Record<RequiredKey, string>;
  const problems: string[] = [];
  for (const key of REQUIRED_KEYS) {
    const value = stringContext(node, key) ?? (demo ? EXAMPLE_SETTINGS[key] : undefined);
    if (value === undefined) problems.push(`  ${key}: missing; ${REQUIRED_HELP[key]}`);
    else if (!demo && isExample(key, value)) {
      problems.push(
        `  ${key}: ${JSON.stringify(value)} is an example value; ${REQUIRED_HELP[key]}`,
      );
    } else values[key] = value;
  }
  if (problems.length > 0) {
    throw new ContextError(
      `Braid needs this CDK context to synthesize a deployable stack:\n${problems.join('\n')}\n` +
        'Pass each with -c key=value (or put it in cdk.context.json); -c demo=true synthesizes ' +
        'with example values, for looking at the template only.',
    );
  }
  return values;
}

/** Fails at synth, not at 06:00, when a time zone name is misspelt. */
function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ContextError(
      `CDK context "timeZone" must be an IANA time zone like Europe/London, got ${JSON.stringify(timeZone)}`,
    );
  }
}

/** Same shape checks as lambda/config.ts applies at run time, so a bad value fails at synth. */
function assertUrl(url: string): void {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new ContextError(
      `CDK context "publicUrl" must be an http(s) URL, got ${JSON.stringify(url)}`,
    );
  }
}

const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function assertDomain(key: 'domain', value: string): void {
  if (!DOMAIN.test(value)) {
    throw new ContextError(
      `CDK context "${key}" must be a domain name like news.example-paper.com, got ${JSON.stringify(value)}`,
    );
  }
}

/** The address of `Name <address>` or of a bare address. */
export function mailboxAddress(mailbox: string): string | undefined {
  const match = /^(?:[^<>]*<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+))$/.exec(mailbox.trim());
  return match?.[1] ?? match?.[2];
}

/** SES signs for the identity's domain: a From elsewhere would fail DKIM alignment, or be refused. */
function assertFromInDomain(from: string, domain: string): void {
  const address = mailboxAddress(from);
  if (address === undefined) {
    throw new ContextError(
      `CDK context "from" must be a mailbox like "Braid <briefing@${domain}>", got ${JSON.stringify(from)}`,
    );
  }
  const fromDomain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  if (fromDomain !== domain.toLowerCase()) {
    throw new ContextError(
      `CDK context "from" must be an address in the domain "${domain}" (the SES identity), got ${JSON.stringify(address)}`,
    );
  }
}

function assertInteger(key: NumberKey, value: number): void {
  if (!Number.isInteger(value)) {
    throw new ContextError(`CDK context "${key}" must be a positive integer, got ${value}`);
  }
}

function assertDeliverConcurrency(value: number): void {
  assertInteger('deliverConcurrency', value);
  if (value < MIN_DELIVER_CONCURRENCY) {
    throw new ContextError(
      `CDK context "deliverConcurrency" must be at least ${MIN_DELIVER_CONCURRENCY} (the SQS event source's minimum maximum concurrency), got ${value}`,
    );
  }
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function optionalString(
  node: ContextSource,
  key: 'mailFromSubdomain' | 'timeZone' | 'scheduleCron',
) {
  return stringContext(node, key) ?? DEFAULT_SETTINGS[key];
}

export function settingsFromContext(node: ContextSource): BraidSettings {
  const demo = booleanContext(node, 'demo', false);
  const required = requiredContext(node, demo);
  const settings: BraidSettings = {
    ...required,
    mailFromSubdomain: optionalString(node, 'mailFromSubdomain'),
    timeZone: optionalString(node, 'timeZone'),
    scheduleCron: optionalString(node, 'scheduleCron'),
    sendSchedule: booleanContext(node, 'sendSchedule', DEFAULT_SETTINGS.sendSchedule),
    deliverConcurrency: numberContext(node, 'deliverConcurrency'),
    sendRate: numberContext(node, 'sendRate'),
    apiRateLimit: numberContext(node, 'apiRateLimit'),
    apiBurstLimit: numberContext(node, 'apiBurstLimit'),
    demo,
  };
  assertDomain('domain', settings.domain);
  assertFromInDomain(settings.from, settings.domain);
  assertUrl(settings.publicUrl);
  if (mailboxAddress(settings.alarmEmail) !== settings.alarmEmail) {
    throw new ContextError(
      `CDK context "alarmEmail" must be an address like ops@example-paper.com, got ${JSON.stringify(settings.alarmEmail)}`,
    );
  }
  if (!LABEL.test(settings.mailFromSubdomain)) {
    throw new ContextError(
      `CDK context "mailFromSubdomain" must be one DNS label like bounce, got ${JSON.stringify(settings.mailFromSubdomain)}`,
    );
  }
  assertTimeZone(settings.timeZone);
  assertCron('scheduleCron', settings.scheduleCron);
  assertDeliverConcurrency(settings.deliverConcurrency);
  assertInteger('apiBurstLimit', settings.apiBurstLimit);
  return settings;
}
