import { buildFacts, type FactSet, trimmedWordings } from './build-facts.ts';
import { forgetOpenings } from './definite-subject.ts';
import { forgetCores } from './event-core.ts';
import { findPeople, type PeopleResult } from './find-people.ts';
import { type PreparedArticle, prepareArticle } from './prepare-article.ts';
import { forgetJudgements } from './stands-alone.ts';
import { forgetTags } from './tag-words.ts';
import { forgetTokens } from './tokenize.ts';
import type { Story } from './types.ts';

/** Everything the sections of a briefing are chosen from. */
export interface Braid extends FactSet {
  /** Every article, cleaned and split, in story order (sources lists them all). */
  prepared: PreparedArticle[];
  /** The articles that take part: English, with text, one per outlet name. */
  braided: PreparedArticle[];
  people: PeopleResult;
  warnings: string[];
}

/**
 * The analysis half of the briefing: cleans and splits every article, decides which ones are
 * braided (and warns about the others), finds people, and aligns sentences into ranked facts.
 */
export function braid(story: Story, options: { now?: Date } = {}): Braid {
  forgetTokens();
  forgetOpenings();
  forgetTags();
  forgetCores();
  forgetJudgements();
  const warnings: string[] = [];
  const prepared = story.articles.map(prepareArticle);

  const seenOutlets = new Set<string>();
  const braided: PreparedArticle[] = [];
  for (const p of prepared) {
    const { outlet, file, language } = p.article;
    // Refs name the outlet, so a second article under the same name could not be traced.
    if (seenOutlets.has(outlet)) {
      warnings.push(
        `${outlet} (${file}): another article already uses this outlet name; listed in sources but not braided (refs would be ambiguous).`,
      );
      continue;
    }
    seenOutlets.add(outlet);
    if (!p.english) {
      warnings.push(
        `${outlet} (${file}): language "${language}" is not English; listed in sources but not braided.`,
      );
      continue;
    }
    if (p.words === 0) {
      warnings.push(
        `${outlet} (${file}): no article text after removing boilerplate; listed in sources with 0 words.`,
      );
      continue;
    }
    if (!p.published) {
      warnings.push(
        `${outlet} (${file}): publication date "${p.article.published}" is unreadable; ${options.now ? 'relative dates are resolved against options.now' : 'relative dates are skipped'}.`,
      );
    }
    braided.push(p);
  }

  // People first: alignment leans on who is named and who speaks.
  const people = findPeople(
    braided.map((p) => ({ outlet: p.article.outlet, paragraphs: p.paragraphs })),
  );
  const facts = buildFacts(braided, warnings, people, trimmedWordings);
  return { ...facts, prepared, braided, people, warnings };
}
