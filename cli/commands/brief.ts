import { Command } from 'commander';
import { loadStory } from '../../lambda/adapters/content-dir.ts';
import { buildBriefing } from '../../lambda/briefing/build-briefing.ts';
import type { Briefing, BriefingConflict, BriefingTelling } from '../../lambda/briefing/types.ts';
import { loadConfig } from '../../lambda/config.ts';
import { quotedOnce, timelineDateLabel } from '../../lambda/email/edition-view.ts';
import { resolveStory } from '../local/story-arg.ts';

/** "  ! Global Wire and BBC News disagree: 20 vs 15 (pages)" under an item, one per conflict. */
function conflictLines(conflicts: readonly BriefingConflict[] = []): string {
  return conflicts
    .map((c) => `\n      ! ${c.outlets[0]} and ${c.outlets[1]} disagree: ${c.what}`)
    .join('');
}

/** "      + also NBC News: “…”" (no marks around words with their own) under an item, one per other outlet's telling of its event. */
function tellingLines(tellings: readonly BriefingTelling[] = []): string {
  return tellings
    .map((t) => `\n      + also ${t.sources.join(', ')}: ${quotedOnce(t.text)}`)
    .join('');
}

/** The outlets of each summary sentence: its own, then those that report all it says. */
function summaryOutlets(briefing: Briefing, i: number): string[] {
  return [...new Set((briefing.summaryEvidence[i] ?? []).map((r) => r.source))];
}

/** The readable terminal rendering of a briefing. */
export function formatBriefing(briefing: Briefing): string {
  const lines: string[] = [
    briefing.headline,
    '='.repeat(Math.min(briefing.headline.length, 78)),
    '',
  ];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(title, ...items, '');
  };
  section(
    'Summary',
    briefing.summary.map(
      (s, i) =>
        `  ${s} [${summaryOutlets(briefing, i).join(', ')}]${tellingLines(briefing.summaryAlsoReported[i])}`,
    ),
  );
  section(
    'Key points',
    briefing.points.map(
      (p) =>
        `  • ${p.text} [${p.sources.join(', ')}]${conflictLines(p.conflicts)}${tellingLines(p.alsoReported)}`,
    ),
  );
  section(
    'What they said',
    briefing.quotes.map((q) => `  “${q.text}” (${q.speaker}) [${q.sources.join(', ')}]`),
  );
  section(
    'Where the coverage differs',
    briefing.differences.map(
      (d) =>
        `  ${d.source}${d.kind === 'conflict' && d.disagreesWith ? ` (disagrees with ${d.disagreesWith})` : ''}: ${d.text}`,
    ),
  );
  section(
    'Timeline',
    [
      ...briefing.timeline.filter((t) => !t.expected),
      ...briefing.timeline.filter((t) => t.expected),
    ].map(
      (t) =>
        `  ${t.expected ? 'expected ' : ''}${timelineDateLabel(t)}  ${t.text} [${t.sources.join(', ')}]${conflictLines(t.conflicts)}${tellingLines(t.alsoReported)}`,
    ),
  );
  section(
    'People',
    briefing.people.map(
      (p) =>
        `  ${p.name}${p.role ? `, ${p.role}` : ''} (${p.mentions} ${p.mentions === 1 ? 'mention' : 'mentions'})`,
    ),
  );
  section(
    'Sources',
    briefing.sources.map(
      (s) =>
        `  ${s.outlet}${s.title ? `: ${s.title}` : ''}, ${s.published}, ${s.words} words${s.url ? ` <${s.url}>` : ''}`,
    ),
  );
  section(
    'Warnings',
    briefing.warnings.map((w) => `  ${w}`),
  );
  return lines.join('\n');
}

export function briefCommand(): Command {
  return new Command('brief')
    .description('merge the articles of one story into a briefing and print it')
    .argument('<story>', 'the story: its folder name (my-story) or its folder (content/my-story)')
    .option('--json', 'print the Briefing as JSON (the contract in docs/architecture.md)')
    .action(async (arg: string, options: { json?: boolean }) => {
      const { dir, label } = await resolveStory(arg, loadConfig().contentDir);
      const story = await loadStory(dir, label);
      const briefing = buildBriefing(story);
      if (options.json) {
        const { warnings, ...contract } = briefing;
        for (const warning of warnings) console.error(`warning: ${warning}`);
        console.log(JSON.stringify(contract, null, 2));
      } else {
        console.log(formatBriefing(briefing));
      }
    });
}
