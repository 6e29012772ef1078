import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMime } from '../../lambda/email/build-mime.ts';
import { compileMessages, type MessageFactory } from '../../lambda/email/compile-messages.ts';
import { compilePersonalizer } from '../../lambda/email/personalize.ts';
import type { Edition, Recipient } from '../../lambda/email/types.ts';
import { spamAssassin } from '../../lambda/preview/checks.ts';
import { recipient, seedEdition } from '../unit/email/fixtures.ts';
import { hardRecipients } from '../unit/email/recipients.ts';
import { artifactPath } from './email-artifacts.ts';

/**
 * Debian's SpamAssassin scores the seed edition's .eml offline (`spamassassin -L -t`,
 * installed by scripts/ensure-system-deps.sh). Issue 4: below 1.0 in total, and no rule
 * the content triggers above 0.5; the spliced message and a fresh MailComposer build
 * get the same verdict.
 */
const home = mkdtempSync(join(tmpdir(), 'braid-sa-'));
let edition: Edition;
let message: MessageFactory;

beforeAll(async () => {
  edition = await seedEdition();
  message = await compileMessages(edition);
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

/** The preview's checks panel runs the same function. */
const spamassassin = (raw: Buffer) => spamAssassin(raw, home);

describe('SpamAssassin', () => {
  it('scores the seed edition below 1.0, with no content rule above 0.5', async () => {
    const raw = message(recipient, new Date());
    writeFileSync(artifactPath('seed-edition.eml'), raw);
    const verdict = await spamassassin(raw);
    writeFileSync(artifactPath('seed-edition.spamassassin.json'), JSON.stringify(verdict, null, 2));
    expect(verdict.rules.length).toBeGreaterThan(0); // the report was read
    expect(verdict.score).toBeLessThan(1.0);
    expect(verdict.rules.filter((r) => r.points > 0.5)).toEqual([]);
  });

  it('gives a spliced message the verdict of a fresh MailComposer build', async () => {
    const now = new Date();
    const recipients: Recipient[] = [...hardRecipients(12, 3)].filter((_, i) =>
      [4, 5, 8].includes(i),
    );
    expect(recipients).toHaveLength(3);
    for (const r of recipients) {
      const fresh = await buildMime(edition, r, compilePersonalizer(edition)(r), { now });
      const [a, b] = await Promise.all([spamassassin(message(r, now)), spamassassin(fresh)]);
      expect(a).toEqual(b);
    }
  });
});
