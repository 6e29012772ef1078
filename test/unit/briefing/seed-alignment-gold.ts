/**
 * Which sentences of the two seed articles report the same fact, judged by reading both
 * (content/biden-calls-putin-a-killer). Keys are `B<paragraph>.<sentence>~N<paragraph>.<sentence>`
 * (BBC News first), numbered as the briefing's refs are. These are our own judgements about the
 * seed story, not article text.
 *
 * TRUE_PAIRS: the NBC sentence reports the BBC sentence's fact (or the BBC sentence reports the
 * NBC one's), so a point shown with both outlets as sources names no outlet for something it did
 * not report. Some pairs overlap (the recall of the ambassador is told in two sentences by each
 * outlet); alignment is one-to-one, so it can take only some of them. A pair NOT listed here is a
 * false pair: the two sentences share names or words but not the fact, e.g.
 *   B6.1 (Antonov called back, "blind alley")  ~ N26.1 (relations strained since Biden took office)
 *   B3.1 (Putin rejects Navalny accusations)   ~ N27.1 (EU/US sanctions over Navalny's detention)
 *   B35.1 (report: anti-Biden narratives)      ~ N12.1 (Zakharova, embassy blames US officials)
 *   B15.1 (Putin invites Biden to a live talk) ~ N18.1 (Biden told Putin he has no soul)
 *   B12.1 (playground quote, "broadcast on state television") ~ N3.1 (Putin wishes Biden good health)
 *   B21.1 / B4.1 (Putin will "pay a price")    ~ N15.2 (he did not say what price: "you will see")
 */
export const TRUE_PAIRS: ReadonlySet<string> = new Set([
  // Putin / Moscow hits back after Biden calls Putin a "killer".
  'B1.1~N1.1',
  'B1.1~N17.1',
  'B23.1~N1.1',
  // "When asked if he thought Putin was a killer, Biden said I do" / "Biden said yes".
  'B23.1~N17.1',
  // Putin will "pay a price" (for election meddling).
  'B4.1~N1.1',
  'B4.1~N14.1',
  'B4.1~N15.1',
  'B21.1~N1.1',
  'B21.1~N15.1',
  // "You'll see shortly" / "you will see soon".
  'B22.1~N15.2',
  // Russia recalls its ambassador (for talks / consultations).
  'B5.1~N2.1',
  'B5.1~N12.1',
  'B5.1~N24.1',
  'B6.1~N2.1',
  'B6.1~N12.1',
  'B18.1~N2.1',
  'B18.1~N12.1',
  'B18.1~N24.1',
  // The intelligence report: Putin authorised an influence campaign to help Trump.
  'B7.1~N14.1',
  'B8.1~N14.1',
  'B32.1~N14.1',
  // Putin's playground rhyme ("it takes one to know one" / "anyone who calls names…").
  'B2.1~N6.1',
  'B11.1~N6.1',
  'B12.1~N6.1',
  // "…deep psychological meaning. We always see our own traits in other people…"
  'B13.1~N5.1',
  'B13.1~N7.1',
  // Putin brings up the treatment of Native Americans.
  'B14.1~N4.1',
  // The Kremlin (Peskov) rejects the accusations / calls the statements very bad.
  'B17.1~N10.1',
  'B17.1~N11.1',
  'B17.1~N11.2',
  'B17.1~N16.1',
  'B36.1~N16.1',
  'B37.1~N16.1',
  // Psaki: relations with Russia will differ from the Trump years.
  'B24.1~N25.1',
  // The 2011 ("ten years ago") Kremlin meeting: "no soul", "we understand one another".
  'B27.1~N18.2',
  'B28.1~N18.1',
  'B29.1~N18.2',
]);

/**
 * True facts the briefing must find as shared: the story's main facts both outlets report, with
 * enough in common that a lexical method can see them. Any one of the listed pairs will do.
 */
export const REQUIRED: readonly { what: string; anyOf: readonly string[] }[] = [
  { what: 'Putin hits back after the "killer" remark', anyOf: ['B1.1~N1.1'] },
  { what: 'the ambassador recall', anyOf: ['B5.1~N2.1', 'B18.1~N2.1'] },
  { what: 'the intelligence report', anyOf: ['B7.1~N14.1', 'B8.1~N14.1', 'B32.1~N14.1'] },
  { what: 'the playground rhyme', anyOf: ['B11.1~N6.1', 'B12.1~N6.1'] },
  { what: 'the rhyme’s psychological meaning', anyOf: ['B13.1~N7.1'] },
  { what: 'Peskov', anyOf: ['B17.1~N10.1', 'B17.1~N11.1', 'B17.1~N11.2', 'B17.1~N16.1'] },
  { what: '"He will pay a price"', anyOf: ['B21.1~N15.1', 'B4.1~N15.1'] },
  { what: '"I do" / killer', anyOf: ['B23.1~N17.1'] },
  { what: 'Psaki on relations after Trump', anyOf: ['B24.1~N25.1'] },
  { what: 'the 2011 Kremlin visit', anyOf: ['B27.1~N18.2', 'B29.1~N18.2'] },
];
