import type { Node } from 'constructs';

/**
 * The deploy-time settings of one Braid installation, read from CDK context
 * (`cdk.json`, `cdk.context.json` or `-c key=value`).
 *
 * Every key has an obviously fake default so `cdk synth` works on a fresh clone
 * with no context at all; a real deployment overrides them with `-c`.
 */
export interface BraidSettings {
  /** The From header of every edition, `Name <address>`. */
  from: string;
  /**
   * Base URL of the public pages (signup, confirm, unsubscribe, archive). Every link in
   * every email is built from it, so it must be the address people actually reach: a
   * custom domain pointing at the stack's HTTP API, or the API's own URL (output `ApiUrl`).
   */
  publicUrl: string;
  /** Sender's postal address for the footer (CAN-SPAM). */
  postalAddress: string;
  /** IANA time zone the daily schedule fires in and editions are dated in. */
  timeZone: string;
  /**
   * Whether the daily schedule is switched on. On by default now that the stack serves
   * the confirm and unsubscribe links its emails carry (the HTTP API); `-c sendSchedule=false`
   * deploys it switched off.
   */
  sendSchedule: boolean;
  /**
   * Deliver instances that may run at once: the deliver function's reserved concurrency.
   * The send rate is shared between them, so more instances do not send faster.
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
}

export const DEFAULT_SETTINGS: Readonly<BraidSettings> = Object.freeze({
  from: 'Braid <briefing@example.org>',
  publicUrl: 'https://briefing.example.org',
  postalAddress: 'Braid Briefing, 1 Example Street, Springfield 00000, Example Country',
  timeZone: 'Europe/London',
  sendSchedule: true,
  deliverConcurrency: 2,
  sendRate: 14,
  // A subscriber clicks a handful of links a day; this is ample for people and caps
  // what a script can make the function, DynamoDB and SES do.
  apiRateLimit: 20,
  apiBurstLimit: 40,
});

/** All settings need from a construct node; narrow so tests can pass a plain object. */
export type ContextSource = Pick<Node, 'tryGetContext'>;

type StringKey = 'from' | 'publicUrl' | 'postalAddress' | 'timeZone';
type NumberKey = 'deliverConcurrency' | 'sendRate' | 'apiRateLimit' | 'apiBurstLimit';

function stringContext(node: ContextSource, key: StringKey): string {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return DEFAULT_SETTINGS[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(
      `CDK context "${key}" must be a non-empty string, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Fails at synth, not at 06:00, when a time zone name is misspelt. */
function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`CDK context "timeZone" is not an IANA time zone: ${timeZone}`);
  }
}

/** Same shape checks as lambda/config.ts applies at run time, so a bad value fails at synth. */
function assertUrl(url: string): void {
  if (!URL.canParse(url)) throw new Error(`CDK context "publicUrl" is not a URL: ${url}`);
}

/** `-c sendSchedule=true` arrives as a string, cdk.json's as a boolean. */
function booleanContext(node: ContextSource, key: 'sendSchedule'): boolean {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined) return DEFAULT_SETTINGS[key];
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`CDK context "${key}" must be true or false, got ${JSON.stringify(value)}`);
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
    throw new Error(`CDK context "${key}" must be a positive number, got ${JSON.stringify(value)}`);
  }
  return number;
}

function assertPositiveInteger(key: 'deliverConcurrency' | 'apiBurstLimit', value: number): void {
  if (!Number.isInteger(value)) {
    throw new Error(`CDK context "${key}" must be a positive integer, got ${value}`);
  }
}

export function settingsFromContext(node: ContextSource): BraidSettings {
  const settings: BraidSettings = {
    from: stringContext(node, 'from'),
    publicUrl: stringContext(node, 'publicUrl'),
    postalAddress: stringContext(node, 'postalAddress'),
    timeZone: stringContext(node, 'timeZone'),
    sendSchedule: booleanContext(node, 'sendSchedule'),
    deliverConcurrency: numberContext(node, 'deliverConcurrency'),
    sendRate: numberContext(node, 'sendRate'),
    apiRateLimit: numberContext(node, 'apiRateLimit'),
    apiBurstLimit: numberContext(node, 'apiBurstLimit'),
  };
  assertTimeZone(settings.timeZone);
  assertPositiveInteger('deliverConcurrency', settings.deliverConcurrency);
  assertPositiveInteger('apiBurstLimit', settings.apiBurstLimit);
  assertUrl(settings.publicUrl);
  return settings;
}
