import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClusters, storyOf } from '../../bench/eval-set.ts';
import { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import { HEADLINE_MAX_CHARS } from '../../lambda/briefing/build-briefing.ts';
import type { Article, Story } from '../../lambda/briefing/types.ts';
import { type ComposeResult, compose } from '../../lambda/delivery/compose.ts';
import type { Queue } from '../../lambda/delivery/ports.ts';
import { HTML_BUDGET_BYTES, htmlBudgetSize } from '../../lambda/email/edition-view.ts';
import { composeDeps, memoryArchive } from '../helpers/compose-deps.ts';
import { startTestDynamo, TEST_TABLES } from '../helpers/dynalite.ts';
import { readerEmails, seedSubscribers } from '../helpers/subscribers.ts';

/**
 * Compose with many stories over dynalite: the edition always fits (stories that have no room
 * are listed, never dropped, never the reason for a failed run), stories go in order then
 * newest first, and an empty briefing is left out with a warning.
 */
let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let db: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  db = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
  await seedSubscribers(createDynamoSubscriberStore(db, TEST_TABLES.subscribers), readerEmails(3));
});
afterAll(async () => {
  db.destroy();
  await dynamo.close();
});

const archive = memoryArchive();
const queue: Queue = { durable: true, async send() {} };
const deps = () => composeDeps(db, queue, archive);
let days = 0;
/** Each test its own scheduled day, so editions do not meet. */
const nextDay = () => new Date(Date.UTC(2022, 0, 1 + days++, 6));

function article(
  slug: string,
  outlet: string,
  paragraphs: string[],
  published = '2021-03-18',
): Article {
  return {
    story: slug,
    outlet,
    outletSlug: outlet.toLowerCase().replace(/\W+/g, '-'),
    published,
    language: 'en',
    paragraphs,
    file: `${slug}/${outlet}.md`,
  };
}

function story(
  slug: string,
  meta: Story['meta'] = { status: 'ready' },
  published = '2021-03-18',
): Story {
  return {
    slug,
    meta,
    articles: [
      article(
        slug,
        'BBC News',
        [
          `${slug} happened today, officials said.`,
          'A second sentence about it was reported as well.',
        ],
        published,
      ),
    ],
  };
}

function queued(result: ComposeResult) {
  if (result.outcome !== 'queued')
    throw new Error(`expected a queued edition, got ${result.outcome}`);
  return result;
}

async function recordOf(editionId: string) {
  const record = await deps().editions.get(editionId);
  if (!record) throw new Error(`no record for ${editionId}`);
  return record;
}

describe('compose: an edition that always fits', () => {
  it('sends 40 ready stories of realistic length: the first ones shown, the rest listed, under 90 KB', async () => {
    const stories = loadClusters().slice(0, 40).map(storyOf);
    const result = queued(await compose(deps(), nextDay(), stories));
    expect(result.stories).toHaveLength(40);
    const { edition } = await recordOf(result.editionId);
    expect(htmlBudgetSize(edition.html)).toBeLessThanOrEqual(HTML_BUDGET_BYTES);
    const levels = edition.levels ?? [];
    expect(levels).toHaveLength(40);
    const shown = levels.filter((l) => l === 'digest').length;
    expect(shown).toBeGreaterThanOrEqual(6);
    expect(levels.slice(0, shown).every((l) => l === 'digest')).toBe(true);
    expect(levels.slice(shown).every((l) => l === 'listed')).toBe(true);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${40 - shown} of 40 stories had no room in the email \\(90 KB budget\\)`),
      ),
    );
    // Every story is in the email (shown or listed) and in full in the web copy.
    const web = archive.archived.get(result.editionId) ?? '';
    for (const slug of result.stories) {
      expect(edition.html).toContain(`story-${slug}`);
      expect(web).toContain(`id="story-${slug}"`);
    }
    expect(edition.subject).toMatch(/, and 39 more$/);
  });

  it('orders stories by `order`, then the newest first', async () => {
    const stories = [
      story('old-news', { status: 'ready' }, '2021-03-10'),
      story('fresh-news', { status: 'ready' }, '2021-03-18T09:00:00Z'),
      story('pinned', { status: 'ready', order: 1 }, '2021-03-01'),
      story('yesterday', { status: 'ready' }, '2021-03-17'),
    ];
    const result = queued(await compose(deps(), nextDay(), stories));
    expect(result.stories).toEqual(['pinned', 'fresh-news', 'yesterday', 'old-news']);
  });

  it('leaves a story whose briefing is empty out with a warning, and sends it once it has content', async () => {
    const boilerplate = story('only-boilerplate');
    boilerplate.articles = [
      article('only-boilerplate', 'NBC News', [
        'Sign up for our newsletter.',
        'Download the NBC News app for breaking news.',
        'Follow us on Twitter.',
      ]),
    ];
    const day = nextDay();
    const result = queued(await compose(deps(), day, [story('real-one'), boilerplate]));
    expect(result.stories).toEqual(['real-one']);
    expect(result.warnings).toContain(
      'Story "only-boilerplate": its briefing is empty (no article sentence a summary or point can use, e.g. only boilerplate); left out of the edition.',
    );
    // Not marked as carried: fixed, it goes out in the next edition.
    const later = queued(
      await compose(deps(), nextDay(), [story('real-one'), story('only-boilerplate')]),
    );
    expect(later.stories).toEqual(['only-boilerplate']);
  });

  it('sends nothing, saying why, when every new story is empty', async () => {
    const empty = story('empty-alone');
    empty.articles = [article('empty-alone', 'NBC News', ['Sign up for our newsletter.'])];
    const result = await compose(deps(), nextDay(), [empty]);
    expect(result).toMatchObject({
      outcome: 'nothing-to-send',
      reason: "every new ready story's briefing is empty",
    });
    expect(result.warnings[0]).toMatch(/^Story "empty-alone": its briefing is empty/);
  });

  it('cuts a 300-word headline, warning with the file, and still sends', async () => {
    const headline = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const result = queued(
      await compose(deps(), nextDay(), [story('long-headline', { status: 'ready', headline })]),
    );
    const { edition } = await recordOf(result.editionId);
    expect([...edition.subject].length).toBeLessThanOrEqual(HEADLINE_MAX_CHARS);
    expect(edition.subject).toMatch(/^word0 word1 .*…$/);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /^content\/long-headline\/story\.yaml: headline is \d+ characters; expected at most 150\./,
      ),
    );
  });
});
