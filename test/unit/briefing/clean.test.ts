import { describe, expect, it } from 'vitest';
import { clean } from '../../../lambda/briefing/clean.ts';
import { cleaningRules } from '../../../lambda/briefing/cleaning-rules.ts';
import { bbc, nbc } from './seed-story.ts';

const ruleOf = (paragraph: string): string | undefined => clean([paragraph]).dropped[0]?.rule;

describe('cleaning rules', () => {
  const dropped: { paragraph: string; rule: string }[] = [
    { paragraph: 'Download NBC News app for news and policies', rule: 'app-promotion' },
    { paragraph: 'Get the free BBC News app for the latest headlines.', rule: 'app-promotion' },
    {
      paragraph:
        'Russian Ambassador to the United States Anatoly Antonov. File Valery Sharifulin / TASS / Getty Images',
      rule: 'photo-credit',
    },
    { paragraph: 'Protesters gathered outside. (AP Photo/Evan Vucci)', rule: 'photo-credit' },
    { paragraph: 'Image caption: Putin spoke on state TV', rule: 'photo-label' },
    { paragraph: '-BBC', rule: 'sign-off' },
    { paragraph: '(Reporting by Jane Doe; Editing by John Roe)', rule: 'sign-off' },
    { paragraph: 'By Jane Doe', rule: 'byline' },
    { paragraph: 'By Jane Doe and John Roe, BBC News', rule: 'byline' },
    { paragraph: 'READ MORE: Putin hits back at Biden', rule: 'call-to-action' },
    { paragraph: 'Sign up for our morning newsletter', rule: 'call-to-action' },
    { paragraph: 'Updated 3:14 PM ET, Thu March 18, 2021', rule: 'timestamp' },
    { paragraph: '   ', rule: 'empty' },
  ];
  it.each(dropped)('drops "$paragraph" as $rule', ({ paragraph, rule }) => {
    expect(ruleOf(paragraph)).toBe(rule);
  });

  const kept = [
    'Reuters reported that the talks ended without agreement.',
    'The app was downloaded five million times, the company said on Monday.',
    'By Thursday, Russia had recalled its ambassador from Washington.',
    'Watch officials say the vote was close.',
    'Related charges were filed against two more men on Friday.',
    'Putin answered on Russian TV / radio in a long address to the nation, which went on for hours and covered many subjects including the economy, the pandemic and relations with Washington after a difficult year for both countries and their allies in Europe and Asia / Getty Images',
  ];
  it.each(kept)('keeps "%s"', (paragraph) => {
    expect(ruleOf(paragraph)).toBeUndefined();
  });

  it('every rule has a name, a reason and a case above', () => {
    const covered = new Set(dropped.map((d) => d.rule));
    for (const rule of cleaningRules) {
      expect(rule.why.length).toBeGreaterThan(10);
      expect(covered).toContain(rule.name);
    }
  });
});

describe('cleaning the seeds', () => {
  it('NBC: drops the app promotion and the photo caption, keeps every paragraph number', () => {
    const article = nbc();
    const { kept, dropped } = clean(article.paragraphs);
    expect(dropped.map((d) => d.rule).sort()).toEqual(['app-promotion', 'photo-credit']);
    expect(kept.length + dropped.length).toBe(article.paragraphs.length);
    for (const p of kept) expect(article.paragraphs[p.paragraph - 1]).toBe(p.text);
    expect(kept.every((p) => p.kind === 'body')).toBe(true);
  });

  it('BBC: drops the sign-off and marks the question subheads', () => {
    const article = bbc();
    const { kept, dropped } = clean(article.paragraphs);
    expect(dropped).toEqual([{ paragraph: article.paragraphs.length, rule: 'sign-off' }]);
    expect(kept.filter((p) => p.kind === 'subhead').map((p) => p.text)).toEqual([
      'What exactly did Putin say?',
      'What did Biden promise?',
      'Is this the first clash between Putin and Biden?',
      'What did the US intelligence report find?',
    ]);
  });

  it('a short line without terminal punctuation is a subhead', () => {
    expect(clean(['Russia recalls its ambassador']).kept[0]?.kind).toBe('subhead');
    expect(clean(['Russia recalls its ambassador.']).kept[0]?.kind).toBe('body');
  });
});
