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
  /** Base URL of the public pages (signup, confirm, unsubscribe, archive). */
  publicUrl: string;
  /** Sender's postal address for the footer (CAN-SPAM). */
  postalAddress: string;
  /** IANA time zone the daily schedule fires in and editions are dated in. */
  timeZone: string;
  /**
   * Whether the daily schedule is switched on. Off by default: the stack does not yet
   * serve the unsubscribe links its emails carry, nor handle bounces and complaints.
   */
  sendSchedule: boolean;
}

export const DEFAULT_SETTINGS: Readonly<BraidSettings> = Object.freeze({
  from: 'Braid <briefing@example.org>',
  publicUrl: 'https://briefing.example.org',
  postalAddress: 'Braid Briefing, 1 Example Street, Springfield 00000, Example Country',
  timeZone: 'Europe/London',
  sendSchedule: false,
});

/** All settings need from a construct node; narrow so tests can pass a plain object. */
export type ContextSource = Pick<Node, 'tryGetContext'>;

type StringKey = Exclude<keyof BraidSettings, 'sendSchedule'>;

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

export function settingsFromContext(node: ContextSource): BraidSettings {
  const settings: BraidSettings = {
    from: stringContext(node, 'from'),
    publicUrl: stringContext(node, 'publicUrl'),
    postalAddress: stringContext(node, 'postalAddress'),
    timeZone: stringContext(node, 'timeZone'),
    sendSchedule: booleanContext(node, 'sendSchedule'),
  };
  assertTimeZone(settings.timeZone);
  assertUrl(settings.publicUrl);
  return settings;
}
