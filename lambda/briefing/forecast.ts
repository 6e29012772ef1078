/**
 * Whether a sentence tells what happened or what is planned, forecast or expected. The timeline
 * must keep the two apart: "is expected to impose sanctions … as soon as next week" is not an
 * event of next week. Plain patterns, no parser: news copy marks the future with a small set of
 * words, and what matters is which verb a date (or the main clause) belongs to.
 */

// Verbs that put their clause in the future: "will meet", "is due to vote", "plans to visit".
export const FUTURE_VERB =
  /\b(?:will|shall|won['’]t|(?:is|are|was|were|be|been|being)\s+(?:expected|set|due|scheduled|slated|poised|going|planning|likely|preparing)\s+to|(?:is|are|was|were)\s+(?:scheduled|planned|set|slated)\s+for|(?:plans?|intends?|aims?|hopes?|hoping|wants?|seeks?|expects?)\s+to|upcoming)\b/iu;
// Words that point the date after them ahead without making the clause future: the invitation
// happened, the talks it proposes have not ("invited Biden to talks on Friday").
const POINTING =
  /\b(?:invit(?:e|es|ed|ing)|propos(?:e|es|ed|ing)|(?:offer(?:s|ed)?|promised|vowed|pledged|threatened)\s+to|(?:scheduled|planned|set|slated)\s+for)\b/iu;
// "could take place in June": a possibility ahead. Lower case, so the month May is not one.
const MODAL_AHEAD = /\b(?:[Cc]ould|may|might)\s+(?!have\b)\p{Ll}/u;
// A modal is a forecast only with a future time word in its clause: "could come as soon as next
// week", "would meet next month". Alone it is as often reported speech about the past.
const FORECAST_MODAL =
  /\b(?:could|may|might|would)\b[^,;:]*?\b(?:as soon as|next (?:week|weekend|month|year)|tomorrow|later this|in the coming|soon)\b/iu;
// Time words that can only point ahead: "talks next week", "a decision later this month".
const FUTURE_TIME =
  /\b(?:tomorrow|the day after tomorrow|next (?:week|weekend|month|year)|later this (?:week|month|year)|in the coming (?:days|weeks|months))\b/iu;
// Saying verbs: what follows them is what was said, and the saying is what happened.
const REPORTING =
  /\b(?:said|says|say|saying|told|tells|added|warned|announced|stated|wrote|claimed|reported|revealed|confirmed|denied|insisted|argued|explained|noted|tweeted|acknowledged|asked|replied|responded)\b/iu;
// A trailing attribution makes everything before it reported speech: "…, Biden said", "…, said
// Mark Galeotti, a professor". What follows the saying verb does not matter, however many commas
// it has ("…, the bank said in a report, citing prices, wages and rents"): it is cut off anyway.
// A conjunction opens a clause of its own, not a speaker: "…, after the committee said …".
const ATTRIBUTION =
  /,\s+(?:(?!(?:after|before|when|while|as|since|because|although|though|if|unless|until|once|and|but|or|so)\s)(?:[\p{L}.'’()-]+\s+){1,5}(?:said|says|told|added|warned|wrote)\b|(?:said|says|added|wrote)\s+\p{Lu})/u;
// A relative clause between commas speaks of someone else: "Biden, who will travel soon, said".
const RELATIVE = /,\s+(?:who|which|whose|where)\b[^,]*,/giu;
// Before a saying verb, these describe the speaker and are not the saying's tense: "a spokesman
// for the upcoming summit said", "organisers of next week's vote said", "aides who will travel
// with him said", "activists hoping to stop the pipeline said". After "is", "upcoming" and
// "hoping to" are the verb ("the vote is upcoming"), and a clause may open with "That will".
const DESCRIPTION = new RegExp(
  `(?<!\\b(?:is|are|was|were|be|been|being)\\s+)\\b(?:upcoming|hoping\\s+to)\\b|(?<=\\p{L}\\s+)(?:who|that|which)\\s+(?:${FUTURE_VERB.source})|(?:${FUTURE_TIME.source})['’]s\\b`,
  'giu',
);
// A clause ends at these.
const CLAUSE_BREAK = /[,;:()\u2013\u2014]/u;
// Quoted words are what someone said: double quotes and curly single quotes (not apostrophes).
const QUOTED = /“[^”]*”|"[^"]*"|‘[^’]*’(?![\p{L}])/gu;
// A date phrase that opens its clause ("On Monday, …", "Next week the Senate …").
const INTRODUCTORY =
  /^\s*(?:(?:later|earlier|early|late)\s+)?(?:on|in|by|at|since|until|from|last|next|this)?\s*$/iu;

/** Spaces as long as `text`, so positions stay the same. */
function blank(text: string): string {
  return ' '.repeat(text.length);
}

/** The sentence with quoted words blanked out, so positions stay the same. */
export function maskQuotes(sentence: string): string {
  return sentence.replace(QUOTED, blank);
}

/** The words before a saying verb with the speaker's description blanked out. */
function speakerBlanked(text: string): string {
  return text.replace(DESCRIPTION, blank);
}

function clauseStart(text: string, index: number): number {
  let start = 0;
  for (let i = 0; i < index; i++) if (CLAUSE_BREAK.test(text.charAt(i))) start = i + 1;
  return start;
}

/** The first clause after `index`, past the comma or dash that may close an introductory phrase. */
function nextClause(text: string, index: number): string {
  // A dash closes an opening phrase as a comma does: "On Monday — the Senate will vote".
  const rest = text.slice(index).replace(/^\s*[,;:\u2013\u2014]/u, '');
  const cut = rest.search(CLAUSE_BREAK);
  return cut < 0 ? rest : rest.slice(0, cut);
}

/** The position of the last match of `pattern` in `text`, or -1. */
function lastIndex(text: string, pattern: RegExp): number {
  const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
  let last = -1;
  for (const m of text.matchAll(global)) last = m.index;
  return last;
}

/**
 * Whether the date expression at [start, end) belongs to a future or planned verb. The verb
 * nearest before the date in its clause decides ("said on Tuesday that he would" is the saying,
 * "said the Senate will vote on Monday" the vote). A date that opens its clause belongs to the
 * verb that follows it ("On Monday, the Senate will vote"; "On Monday, Biden said it will").
 */
export function futureAt(sentence: string, start: number, end: number): boolean {
  const text = maskQuotes(sentence);
  const before = text.slice(clauseStart(text, start), start);
  if (INTRODUCTORY.test(before)) {
    const after = nextClause(text, end);
    // Only a future verb before the saying counts, and not one describing the speaker.
    const reported = after.search(REPORTING);
    return FUTURE_VERB.test(reported < 0 ? after : speakerBlanked(after.slice(0, reported)));
  }
  const future = Math.max(
    lastIndex(before, FUTURE_VERB),
    lastIndex(before, POINTING),
    lastIndex(before, MODAL_AHEAD),
  );
  return future >= 0 && future > lastIndex(before, REPORTING);
}

/**
 * The sentence with what was said blanked out, leaving the clause that tells who said it, and of
 * that only what can carry the saying's tense ("will say"), not the speaker's description.
 */
function mainClause(sentence: string): string {
  let text = maskQuotes(sentence).replace(RELATIVE, blank);
  const attribution = ATTRIBUTION.exec(text);
  if (attribution) text = blank(text.slice(0, attribution.index)) + text.slice(attribution.index);
  const said = REPORTING.exec(text);
  if (said) text = speakerBlanked(text.slice(0, said.index + said[0].length));
  return text;
}

/**
 * Whether the sentence's main event is a plan, forecast or expectation that has not happened:
 * "is expected to", "will", "plans to", "is set/due/scheduled to", "could … as soon as", "would …
 * next week". What someone said about the future is not: the saying happened ("He will pay a
 * price," Biden said; "She said that he would pay"). For a dated sentence the timeline should use
 * `resolveDate(…).expected`, which asks about the date's own clause: "Biden said the Senate will
 * vote on Monday" dates a vote still to come, though its main event, the saying, is past.
 */
export function isForecast(sentence: string): boolean {
  const text = mainClause(sentence);
  return FUTURE_VERB.test(text) || FORECAST_MODAL.test(text) || FUTURE_TIME.test(text);
}
