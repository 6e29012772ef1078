import { expect } from 'vitest';
import { countWords } from '../../../lambda/briefing/count-words.ts';
import { normalizeWhitespace } from '../../../lambda/briefing/normalize-whitespace.ts';
import { splitSentences } from '../../../lambda/briefing/split-sentences.ts';
import type { Briefing, Ref, Story } from '../../../lambda/briefing/types.ts';

const norm = normalizeWhitespace;

function paragraphOf(story: Story, ref: Ref): string {
  const article = story.articles.find((a) => a.outlet === ref.source);
  expect(article, `no article for ref source ${ref.source}`).toBeDefined();
  const paragraph = article?.paragraphs[ref.paragraph - 1];
  expect(paragraph, `${ref.source} has no paragraph ${ref.paragraph}`).toBeDefined();
  return paragraph ?? '';
}

/** `text` is sentence `ref.sentence` of paragraph `ref.paragraph` of the outlet's article. */
function expectSentenceAt(story: Story, text: string, ref: Ref): void {
  const paragraph = paragraphOf(story, ref);
  // Independent of the splitter: the text occurs verbatim in that paragraph…
  expect(norm(paragraph)).toContain(norm(text));
  // …and it is exactly the sentence the ref names.
  expect(norm(splitSentences(paragraph)[ref.sentence - 1]?.text ?? '')).toBe(norm(text));
}

/** The contract's hard rules: nothing invented, every ref real, nothing said twice. */
export function expectTraceable(briefing: Briefing, story: Story): void {
  const allSentences = story.articles.flatMap((a) =>
    a.paragraphs.flatMap((p) => splitSentences(p).map((s) => norm(s.text))),
  );
  for (const text of briefing.summary) expect(allSentences).toContain(norm(text));

  for (const item of [...briefing.points, ...briefing.timeline]) {
    expect(item.evidence.length).toBeGreaterThan(0);
    expectSentenceAt(story, item.text, item.evidence[0] as Ref);
    for (const ref of item.evidence) {
      paragraphOf(story, ref);
      expect(item.sources).toContain(ref.source);
    }
  }
  for (const d of briefing.differences) {
    expect(d.evidence[0]?.source).toBe(d.source);
    expectSentenceAt(story, d.text, d.evidence[0] as Ref);
    if (d.kind === 'conflict') {
      // The other outlet's version, then the wording the briefing shows.
      expect(d.disagreesWith).toBe(d.evidence[1]?.source);
      expect(d.disagreesWith).not.toBe(d.source);
    } else {
      expect(d.kind).toBe('exclusive');
      expect(d.disagreesWith).toBeUndefined();
    }
  }
  for (const q of briefing.quotes) {
    expect(q.speaker.trim()).not.toBe('');
    expect(norm(paragraphOf(story, q.evidence[0] as Ref))).toContain(norm(q.text));
  }
  for (const entry of briefing.timeline) expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  const texts = [
    ...briefing.summary,
    ...briefing.points.map((p) => p.text),
    ...briefing.differences.map((d) => d.text),
    ...briefing.timeline.map((t) => t.text),
    ...briefing.quotes.map((q) => q.text),
  ].map(norm);
  expect(new Set(texts).size, 'a sentence appears twice').toBe(texts.length);

  expect(briefing.summary.length).toBeLessThanOrEqual(3);
  expect(briefing.summary.reduce((n, s) => n + countWords(s), 0)).toBeLessThanOrEqual(70);
  expect(briefing.points.length).toBeLessThanOrEqual(8);
  expect(briefing.sources.map((s) => s.outlet)).toEqual(story.articles.map((a) => a.outlet));
}
