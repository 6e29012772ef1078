import { z } from 'zod';
import { type Look, lookFrom } from './email/look.ts';
import { isEmailAddress } from './subscribers/email-address.ts';
import { KeyringError, parseKeyring } from './subscribers/keyring.ts';

/**
 * The one reader of the environment. Every setting Braid has is listed here,
 * with its default and whether AWS mode requires it; README's configuration
 * table is this schema in prose.
 *
 * Local mode (`BRAID_MODE=local`, the default) runs on embedded engines, so safe
 * defaults exist for everything. AWS mode has no default for an identity or a
 * secret: a missing one is an error at start, not a surprise at send time.
 */

const optionalUrl = z.url().optional();
const positiveNumber = z.coerce.number().positive();

/** `Name <address>` or a bare address: what a From or Reply-To header can carry. */
function isMailbox(value: string): boolean {
  if (/[\r\n]/.test(value)) return false;
  const match = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/.exec(value.trim());
  const address = match?.[1] ?? match?.[2];
  return address !== undefined && isEmailAddress(address);
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const mailbox = z
  .string()
  .refine(isMailbox, { error: 'expected a mailbox like "Braid <briefing@example.org>"' });
const address = z
  .string()
  .refine(isEmailAddress, { error: 'expected an address like name@example.org' });
// RFC 2919: a dot-atom, e.g. briefing.example.org (no spaces, no angle brackets).
const listId = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$/, {
    error: 'expected a list id like briefing.example.org',
  });
const timeZone = z
  .string()
  .refine(isTimeZone, { error: 'expected an IANA time zone like Europe/London' });

const env = z.object({
  BRAID_MODE: z.enum(['local', 'aws']).default('local'),
  BRAID_CONTENT_DIR: z.string().min(1).default('content'),
  BRAID_TEMPLATES_DIR: z.string().min(1).default('templates'),
  BRAID_DATA_DIR: z.string().min(1).default('.data'),
  BRAID_OUT_DIR: z.string().min(1).default('out'),
  BRAID_TITLE: z.string().min(1).default('Braid'),
  BRAID_FROM: mailbox.optional(),
  BRAID_REPLY_TO: mailbox.optional(),
  BRAID_LIST_ID: listId.optional(),
  BRAID_PUBLIC_URL: optionalUrl,
  BRAID_UNSUBSCRIBE_MAILTO: address.optional(),
  BRAID_POSTAL_ADDRESS: z.string().min(5).optional(),
  BRAID_SENDER_LINE: z.string().min(1).optional(),
  BRAID_ACCENT: z.string().min(1).optional(),
  BRAID_ACCENT_DARK: z.string().min(1).optional(),
  BRAID_LOGO_URL: z.string().min(1).optional(),
  BRAID_LOGO_ALT: z.string().optional(),
  BRAID_LOGO_WIDTH: z.coerce.number().optional(),
  BRAID_LOGO_HEIGHT: z.coerce.number().optional(),
  BRAID_TOKEN_KEYS_SECRET: z.string().min(1).optional(),
  BRAID_TOKEN_KEYS: z.string().min(1).optional(),
  BRAID_SEND_RATE: positiveNumber.default(10),
  BRAID_TIME_ZONE: timeZone.default('UTC'),
  BRAID_SUBSCRIBERS_TABLE: z.string().min(3).optional(),
  BRAID_LEDGER_TABLE: z.string().min(3).optional(),
  BRAID_EDITIONS_TABLE: z.string().min(3).optional(),
  BRAID_SES_CONFIGURATION_SET: z.string().min(1).optional(),
  BRAID_ARCHIVE_BUCKET: z.string().min(3).optional(),
  BRAID_QUEUE_URL: z.url().optional(),
  BRAID_DELIVER_CONCURRENCY: z.coerce.number().int().positive().default(1),
  BRAID_SEND_CONCURRENCY: z.coerce.number().int().positive().max(200).default(32),
  BRAID_UNRESOLVED_AFTER_SECONDS: z.coerce.number().int().nonnegative().optional(),
  BRAID_DYNAMODB_ENDPOINT: optionalUrl,
  BRAID_SES_ENDPOINT: optionalUrl,
  AWS_REGION: z.string().min(1).optional(),
});

export type Mode = 'local' | 'aws';

export interface Config {
  mode: Mode;
  contentDir: string;
  templatesDir: string;
  dataDir: string;
  outDir: string;
  title: string;
  from: string;
  replyTo: string | undefined;
  listId: string;
  publicUrl: string;
  unsubscribeMailto: string;
  postalAddress: string;
  /** The newsletter's look: accent colours (contrast-checked), logo, sender line. */
  look: Look;
  /**
   * Where the HMAC keys of confirm and unsubscribe links come from: a Secrets Manager secret
   * read at cold start (AWS), the keyring JSON itself (tests), or else a file generated in
   * the data folder on first use (local).
   */
  tokenKeys: { secretId: string | undefined; json: string | undefined };
  /** Messages per second the sender keeps to (never above SES MaxSendRate). */
  sendRate: number;
  timeZone: string;
  tables: { subscribers: string; ledger: string; editions: string };
  sesConfigurationSet: string | undefined;
  /** S3 bucket of the web copies (AWS); locally they go to `<dataDir>/editions/`. */
  archiveBucket: string | undefined;
  /** The SQS queue compose fills and deliver drains (AWS); locally an in-process queue. */
  queueUrl: string | undefined;
  /** Deliver instances that may run at once (the function's reserved concurrency). */
  deliverConcurrency: number;
  /** Messages in flight per deliver instance. */
  sendConcurrency: number;
  /**
   * A `sending` entry older than this has lost its worker: `braid status --unknown` lists it
   * and `braid send --retry-unknown` may take it. At least the longest a worker can live.
   */
  unresolvedAfterMs: number;
  region: string;
  /** Set in local mode to the embedded engines; undefined means the AWS default endpoint. */
  endpoints: { dynamodb: string | undefined; ses: string | undefined };
}

export class ConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** Settings with no default in AWS mode: identities and secrets. */
export const requiredInAws = [
  'BRAID_FROM',
  'BRAID_PUBLIC_URL',
  'BRAID_POSTAL_ADDRESS',
  'BRAID_SUBSCRIBERS_TABLE',
  'BRAID_LEDGER_TABLE',
  'BRAID_EDITIONS_TABLE',
  'BRAID_ARCHIVE_BUCKET',
  'BRAID_QUEUE_URL',
  'AWS_REGION',
] as const;

const LOCAL_DEFAULTS = {
  from: 'Braid Briefing <briefing@braid.localhost>',
  publicUrl: 'http://localhost:8787',
  postalAddress: 'Braid Briefing, 1 Example Street, Springfield 00000, Nowhere',
  region: 'us-east-1',
};

function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'braid.localhost';
}

function checkKeyring(json: string): void {
  try {
    parseKeyring(json, 'BRAID_TOKEN_KEYS');
  } catch (cause) {
    if (cause instanceof KeyringError) {
      throw new ConfigError(`Invalid configuration in the environment:\n  ${cause.message}`, {
        cause,
      });
    }
    throw cause;
  }
}

/**
 * What signs links in AWS: the functions that sign or verify them (deliver, api) are given
 * the secret; the others (compose, feedback) need not be.
 */
export function requireTokenKeysSecret(config: Config): string {
  const { secretId } = config.tokenKeys;
  if (secretId === undefined) {
    throw new ConfigError(
      'BRAID_MODE=aws needs BRAID_TOKEN_KEYS_SECRET (the Secrets Manager secret of the link keys) in a function that signs or checks links',
    );
  }
  return secretId;
}

type Env = z.infer<typeof env>;

/** The look settings, each checked (a colour's contrast, the logo's URL and size). */
function lookOf(e: Env): Look {
  const setting = <T>(key: keyof Env & string, value: T | undefined) =>
    value === undefined ? undefined : { key, value };
  const { look, problems } = lookFrom({
    accent: setting('BRAID_ACCENT', e.BRAID_ACCENT),
    accentDark: setting('BRAID_ACCENT_DARK', e.BRAID_ACCENT_DARK),
    logoUrl: setting('BRAID_LOGO_URL', e.BRAID_LOGO_URL),
    logoAlt: setting('BRAID_LOGO_ALT', e.BRAID_LOGO_ALT),
    logoWidth: setting('BRAID_LOGO_WIDTH', e.BRAID_LOGO_WIDTH),
    logoHeight: setting('BRAID_LOGO_HEIGHT', e.BRAID_LOGO_HEIGHT),
    senderLine: setting('BRAID_SENDER_LINE', e.BRAID_SENDER_LINE),
  });
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration in the environment:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  return look;
}

/** Reads and validates the environment once; the result is frozen. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new ConfigError(`Invalid configuration in the environment:\n${problems}`);
  }
  const e = parsed.data;
  if (e.BRAID_MODE === 'aws') {
    const missing = requiredInAws.filter((name) => e[name] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(
        `BRAID_MODE=aws needs these settings, which have no default in AWS: ${missing.join(', ')}`,
      );
    }
  }
  const local = e.BRAID_MODE === 'local';
  if (!local && e.BRAID_TOKEN_KEYS !== undefined) {
    throw new ConfigError(
      'BRAID_TOKEN_KEYS: link keys are not taken from the environment in AWS mode; set BRAID_TOKEN_KEYS_SECRET to the Secrets Manager secret that holds them',
    );
  }
  if (e.BRAID_TOKEN_KEYS !== undefined) checkKeyring(e.BRAID_TOKEN_KEYS);
  const look = lookOf(e);
  const from = e.BRAID_FROM ?? LOCAL_DEFAULTS.from;
  const domain = domainOf(from);
  const config: Config = {
    mode: e.BRAID_MODE,
    contentDir: e.BRAID_CONTENT_DIR,
    templatesDir: e.BRAID_TEMPLATES_DIR,
    dataDir: e.BRAID_DATA_DIR,
    outDir: e.BRAID_OUT_DIR,
    title: e.BRAID_TITLE,
    from,
    replyTo: e.BRAID_REPLY_TO,
    listId: e.BRAID_LIST_ID ?? `briefing.${domain}`,
    publicUrl: (e.BRAID_PUBLIC_URL ?? LOCAL_DEFAULTS.publicUrl).replace(/\/+$/, ''),
    unsubscribeMailto: e.BRAID_UNSUBSCRIBE_MAILTO ?? `unsubscribe@${domain}`,
    postalAddress: e.BRAID_POSTAL_ADDRESS ?? LOCAL_DEFAULTS.postalAddress,
    look,
    tokenKeys: { secretId: e.BRAID_TOKEN_KEYS_SECRET, json: e.BRAID_TOKEN_KEYS },
    sendRate: e.BRAID_SEND_RATE,
    timeZone: e.BRAID_TIME_ZONE,
    tables: {
      subscribers: e.BRAID_SUBSCRIBERS_TABLE ?? 'braid-subscribers',
      ledger: e.BRAID_LEDGER_TABLE ?? 'braid-ledger',
      editions: e.BRAID_EDITIONS_TABLE ?? 'braid-editions',
    },
    sesConfigurationSet: e.BRAID_SES_CONFIGURATION_SET,
    archiveBucket: e.BRAID_ARCHIVE_BUCKET,
    queueUrl: e.BRAID_QUEUE_URL,
    deliverConcurrency: e.BRAID_DELIVER_CONCURRENCY,
    sendConcurrency: e.BRAID_SEND_CONCURRENCY,
    // Locally one send runs at a time (the CLI's send lock), so a claim found unsettled
    // belongs to a run that died: no lease to wait out. In AWS a claim outlives the
    // longest a worker can hold it (the stack sets it to the deliver function's timeout).
    unresolvedAfterMs: (e.BRAID_UNRESOLVED_AFTER_SECONDS ?? (local ? 0 : 900)) * 1000,
    region: e.AWS_REGION ?? LOCAL_DEFAULTS.region,
    endpoints: {
      dynamodb: local ? e.BRAID_DYNAMODB_ENDPOINT : undefined,
      ses: local ? e.BRAID_SES_ENDPOINT : undefined,
    },
  };
  return Object.freeze(config);
}

/** The settings table of the README, generated from the same list so the two cannot drift. */
export const settingNames = Object.keys(env.shape);
