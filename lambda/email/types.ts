import type { Briefing } from '../briefing/types.ts';
import type { StoryLevel } from './digest.ts';
import type { Look } from './look.ts';

/** Sender and list identity that every edition carries. */
export interface EditionSettings {
  /** Display name and address, e.g. `Braid <briefing@example.org>`. */
  from: string;
  replyTo?: string;
  /** RFC 2919 list id, e.g. `briefing.example.org`. */
  listId: string;
  /** Public base URL of the HTTP app (unsubscribe, web copy), no trailing slash. */
  publicUrl: string;
  /** mailto address for List-Unsubscribe. */
  unsubscribeMailto: string;
  /** Sender's postal address for the footer (CAN-SPAM). */
  postalAddress: string;
  /** Product name shown in the masthead. */
  title: string;
  /** Accent colours, logo and sender line; the defaults when absent. */
  look?: Look;
}

export interface EditionInput {
  id: string;
  /** The scheduled time of the edition (ISO date-time). */
  date: string;
  briefings: Briefing[];
  settings: EditionSettings;
}

/**
 * A rendered edition: MJML already compiled. `html` and `text` still hold the
 * per-recipient tokens; `personalize` fills them.
 */
export interface Edition {
  id: string;
  date: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
  stories: string[];
  /**
   * How much of each story the email shows, in `stories` order (digest.ts): `listed` ones had
   * no room and are linked to the web copy. Absent in editions rendered before the digest.
   */
  levels?: StoryLevel[];
  settings: EditionSettings;
}

/** What personalization knows about one recipient. */
export interface Recipient {
  subscriberId: string;
  email: string;
  name?: string;
  /** One-click unsubscribe URL carrying the subscriber's token. */
  unsubscribeUrl: string;
  /** Web copy of the edition. */
  webUrl: string;
}
