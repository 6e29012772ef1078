import { expect } from 'vitest';
import { countWords } from '../../../lambda/briefing/count-words.ts';
import { normalizeWhitespace } from '../../../lambda/briefing/normalize-whitespace.ts';
import { splitSentences } from '../../../lambda/briefing/split-sentences.ts';
import type { Briefing, BriefingTelling, Ref, Story } from '../../../lambda/briefing/types.ts';

const norm = normalizeWhitespace;

function paragraphOf(story: Story, ref: Ref): string {
  const article = story.articles.find((a) => a.outlet === ref.source);
  expect(article, `no article for ref source ${ref.source}`).toBeDefined();
  const paragraph = article?.paragraphs[ref.paragraph - 1];
  expect(paragraph, `${ref.source} has no paragraph ${ref.paragraph}`).toBeDefined();
  return paragraph ?? '';
}

/**
 * `text` is sentence `ref.sentence` of paragraph `ref.paragraph` of the outlet's article, or —
 * when the ref has `kept` ranges — exactly those ranges of it joined, first letter upper-cased
 * (the only change a trim may make), with every quotation of the text whole in the sentence.
 */
function expectSentenceAt(story: Story, text: string, ref: Ref): void {
  const paragraph = paragraphOf(story, ref);
  const sentence = norm(splitSentences(paragraph)[ref.sentence - 1]?.text ?? '');
  // Independent of the splitter: the sentence occurs verbatim in that paragraph.
  expect(norm(paragraph)).toContain(sentence);
  if (!ref.kept) {
    expect(sentence).toBe(norm(text));
    return;
  }
  let at = 0;
  for (const [start, end] of ref.kept) {
    expect(start, 'kept ranges in order, not overlapping').toBeGreaterThanOrEqual(at);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(sentence.length);
    at = end;
  }
  const joined = ref.kept.map(([start, end]) => sentence.slice(start, end)).join('');
  expect(text).toBe(joined.charAt(0).toUpperCase() + joined.slice(1));
  expect(countWords(text)).toBeLessThan(countWords(sentence));
}

/**
 * Each telling is its own outlet's sentence (or trim), credited only to the outlets of its own
 * evidence, none of them an outlet the item already credits, and no outlet twice.
 */
function expectTellings(story: Story, tellings: readonly BriefingTelling[], credited: string[]) {
  const seen = new Set(credited);
  for (const t of tellings) {
    expectSentenceAt(story, t.text, t.evidence[0] as Ref);
    expect(t.sources).toEqual([...new Set(t.evidence.map((r) => r.source))]);
    for (const source of t.sources) {
      expect(seen.has(source), `${source} credited twice`).toBe(false);
      seen.add(source);
    }
  }
}

/** The contract's hard rules: nothing invented, every ref real, nothing said twice. */
export function expectTraceable(briefing: Briefing, story: Story): void {
  const allSentences = story.articles.flatMap((a) =>
    a.paragraphs.flatMap((p) => splitSentences(p).map((s) => norm(s.text))),
  );
  expect(briefing.summaryEvidence).toHaveLength(briefing.summary.length);
  briefing.summary.forEach((text, i) => {
    const [ref, ...others] = briefing.summaryEvidence[i] as [Ref, ...Ref[]];
    if (!ref.kept) expect(allSentences).toContain(norm(text));
    expectSentenceAt(story, text, ref);
    for (const other of others) {
      expect(other.source).not.toBe(ref.source);
      paragraphOf(story, other);
    }
  });

  expect(briefing.summaryAlsoReported).toHaveLength(briefing.summary.length);
  briefing.summaryAlsoReported.forEach((tellings, i) => {
    const outlets = (briefing.summaryEvidence[i] ?? []).map((r) => r.source);
    expectTellings(story, tellings, outlets);
  });
  for (const item of [...briefing.points, ...briefing.timeline]) {
    expect(item.evidence.length).toBeGreaterThan(0);
    expectSentenceAt(story, item.text, item.evidence[0] as Ref);
    for (const ref of item.evidence) {
      paragraphOf(story, ref);
      expect(item.sources).toContain(ref.source);
    }
    expectTellings(story, item.alsoReported ?? [], item.sources);
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
  const datePattern = { day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/, year: /^\d{4}$/ };
  for (const entry of briefing.timeline) expect(entry.date).toMatch(datePattern[entry.precision]);
  for (const item of [...briefing.points, ...briefing.timeline, ...briefing.differences]) {
    for (const c of item.conflicts ?? []) {
      expect(c.outlets[0]).not.toBe(c.outlets[1]);
      expect(c.evidence.map((r) => r.source)).toEqual(c.outlets);
      for (const r of c.evidence) paragraphOf(story, r);
    }
  }

  const texts = [
    ...briefing.summary,
    ...briefing.points.map((p) => p.text),
    ...briefing.differences.map((d) => d.text),
    ...briefing.timeline.map((t) => t.text),
    ...briefing.quotes.map((q) => q.text),
    ...briefing.summaryAlsoReported.flat().map((t) => t.text),
    ...[...briefing.points, ...briefing.timeline].flatMap((item) =>
      (item.alsoReported ?? []).map((t) => t.text),
    ),
  ].map(norm);
  expect(new Set(texts).size, 'a sentence appears twice').toBe(texts.length);

  expect(briefing.summary.length).toBeLessThanOrEqual(3);
  expect(briefing.summary.reduce((n, s) => n + countWords(s), 0)).toBeLessThanOrEqual(70);
  expect(briefing.points.length).toBeLessThanOrEqual(8);
  expect(briefing.sources.map((s) => s.outlet)).toEqual(story.articles.map((a) => a.outlet));
}
