import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStory } from '../../../lambda/adapters/content-dir.ts';
import { buildBriefing } from '../../../lambda/briefing/build-briefing.ts';
import type { Briefing } from '../../../lambda/briefing/types.ts';
import {
  type CompiledTemplate,
  parseCompiledTemplate,
  type TemplateName,
} from '../../../lambda/email/compiled-template.ts';
import { renderEdition, type TemplateSources } from '../../../lambda/email/render-edition.ts';
import type { TemplateSet } from '../../../lambda/email/template-compiler.ts';
import type {
  Edition,
  EditionInput,
  EditionSettings,
  Recipient,
} from '../../../lambda/email/types.ts';

export const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '../../../templates');

/** Reads templates/ the way the adapter does: edition, text, partials by file name. */
export function loadTemplates(dir = templatesDir): TemplateSources {
  const partials: Record<string, string> = {};
  for (const file of readdirSync(join(dir, 'partials')).sort()) {
    if (file.endsWith('.mjml')) {
      partials[basename(file, '.mjml')] = readFileSync(join(dir, 'partials', file), 'utf8');
    }
  }
  return {
    edition: readFileSync(join(dir, 'edition.mjml'), 'utf8'),
    text: readFileSync(join(dir, 'edition.txt.hbs'), 'utf8'),
    partials,
  };
}

/** One template's sources as templates/compile.ts reads them (all partials, .mjml and .hbs). */
export function loadTemplateSet(name: TemplateName, dir = templatesDir): TemplateSet {
  const partials: Record<string, string> = {};
  for (const file of readdirSync(join(dir, 'partials')).sort()) {
    if (/\.(mjml|hbs)$/.test(file)) {
      partials[file.replace(/\.(mjml|hbs)$/, '')] = readFileSync(
        join(dir, 'partials', file),
        'utf8',
      );
    }
  }
  return {
    name,
    mjml: readFileSync(join(dir, `${name}.mjml`), 'utf8'),
    text: readFileSync(join(dir, `${name}.txt.hbs`), 'utf8'),
    partials,
  };
}

/** The checked-in compiled template, as an adapter reads it from templates/compiled/. */
export function loadCompiled(name: TemplateName, dir = templatesDir): CompiledTemplate {
  return parseCompiledTemplate(
    name,
    readFileSync(join(dir, 'compiled', `${name}.html.hbs`), 'utf8'),
    readFileSync(join(dir, 'compiled', `${name}.txt.hbs`), 'utf8'),
  );
}

export const seedStoryDir = join(templatesDir, '..', 'content', 'biden-calls-putin-a-killer');

/** The seed story's briefing, built as the scheduled send builds it. */
export async function seedBriefing(): Promise<Briefing> {
  return buildBriefing(await loadStory(seedStoryDir));
}

/** The seed edition, rendered from templates/ (MJML compiled live). */
export async function seedEdition(): Promise<Edition> {
  return renderEdition(editionInput([await seedBriefing()]), loadTemplates());
}

const bbc = 'BBC News';
const nbc = 'NBC News';

export const points = [
  'Russia has called home its ambassador for talks to prevent the "irreversible deterioration" of ties.',
  "The US is expected to impose sanctions on Russia as soon as next week over the report's conclusions.",
  'Later on Thursday, the Russian leader invited Biden to hold a live online conversation either on Friday or Monday.',
];

export const quotes = [
  { text: 'It takes one to know one,', speaker: 'Vladimir Putin', sources: [bbc] },
  { text: 'He will pay a price,', speaker: 'Joe Biden', sources: [bbc] },
  {
    text: 'I’ll just say that these are very bad statements from the US president.',
    speaker: 'Dmitry Peskov',
    sources: [nbc],
  },
];

export const difference =
  'Putin’s response was given during a phone call with Crimean residents marking the anniversary of its annexation by Ukraine in 2014.';

export const timelineText =
  'Russia withdrew its ambassador to the United States on Wednesday for “consultations” just hours after Biden’s remarks.';

/** A small hand-made briefing: three points, three quotes, one difference, a timeline entry, two people, two sources. */
export function briefingFixture(overrides: Partial<Briefing> = {}): Briefing {
  return {
    version: 2,
    story: 'biden-calls-putin-a-killer',
    headline: 'Putin hits back after Biden calls him a killer',
    summary: [
      'Russian President Vladimir Putin has hit back after his US counterpart Joe Biden said in an interview that he considered him to be a "killer".',
      '"It takes one to know one," Putin said on Russian TV, and challenged Biden to talk to him live on air.',
    ],
    summaryEvidence: [
      [{ source: bbc, paragraph: 1, sentence: 1 }],
      [{ source: bbc, paragraph: 2, sentence: 1 }],
    ],
    summaryAlsoReported: [[], []],
    points: points.map((text, i) => ({
      text,
      sources: i === 0 ? [bbc, nbc] : [bbc],
      evidence: [{ source: bbc, paragraph: 5 + i, sentence: 1 }],
    })),
    quotes: quotes.map((q, i) => ({
      ...q,
      evidence: [{ source: q.sources[0] ?? bbc, paragraph: 2 + i, sentence: 1 }],
    })),
    differences: [
      {
        source: nbc,
        text: difference,
        evidence: [{ source: nbc, paragraph: 9, sentence: 1 }],
        kind: 'exclusive',
      },
    ],
    timeline: [
      {
        date: '2021-03-17',
        precision: 'day',
        text: timelineText,
        sources: [nbc],
        evidence: [{ source: nbc, paragraph: 2, sentence: 1 }],
      },
    ],
    people: [
      { name: 'Vladimir Putin', role: 'Russian President', mentions: 9, sources: [bbc, nbc] },
      { name: 'Dmitry Peskov', role: 'Kremlin spokesman', mentions: 2, sources: [bbc, nbc] },
    ],
    sources: [
      {
        outlet: bbc,
        title: 'Putin hits back at Biden over killer remark',
        url: 'https://www.bbc.co.uk/news/world-europe-56437462',
        published: '2021-03-18',
        words: 890,
      },
      { outlet: nbc, published: '2021-03-18T09:12:00Z', words: 540 },
    ],
    warnings: [],
    ...overrides,
  };
}

export const settings: EditionSettings = {
  from: 'Braid <briefing@example.org>',
  listId: 'briefing.example.org',
  publicUrl: 'https://briefing.example.org',
  unsubscribeMailto: 'unsubscribe@example.org',
  postalAddress: 'Braid Ltd\n1 Example Street\nLondon N1 1AA, United Kingdom',
  title: 'Braid',
};

export function editionInput(briefings: Briefing[] = [briefingFixture()]): EditionInput {
  return { id: '2021-03-18', date: '2021-03-18T06:00:00Z', briefings, settings };
}

export const recipient: Recipient = {
  subscriberId: 'sub-01HZX',
  email: 'alice@example.com',
  name: 'Alice Example',
  unsubscribeUrl: 'https://briefing.example.org/unsubscribe?token=abc.def&s=sub-01HZX',
  webUrl: 'https://briefing.example.org/archive/2021-03-18',
};
