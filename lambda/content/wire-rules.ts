/**
 * Datelines, wire credits and newsletter section labels ("Why it matters:"): where and by whom a
 * story was filed, or how its page is laid out, not what happened. They are removed as an
 * article is loaded, by these rules (data, listed and tested one by one), so no summary, point
 * or quote opens with "MOSCOW (Reuters) -" or "The big picture:". What remains of the paragraph
 * is the article's own text, unchanged.
 */
export interface WireRule {
  name: string;
  pattern: RegExp;
  why: string;
}

const CREDIT =
  '(?:Reuters|Thomson Reuters|AP|The AP|Associated Press|The Associated Press|AFP|CNN|CNBC|UPI|Bloomberg|Xinhua|TASS|Sputnik|dpa|DPA|ANI|PTI|IANS|BBC|Axios|NBC News|ABC News|CBS News|Fox News|CNN Business|CNN Politics|AAP|Kyodo|Yonhap|EFE|ANSA)';
// "MOSCOW", "NEW YORK", "WASHINGTON/MOSCOW", "ST. PETERSBURG": capitals, a slash between places.
const CAPS_PLACE = "\\p{Lu}[\\p{Lu}.'’-]{2,}(?: \\p{Lu}[\\p{Lu}.'’-]+){0,3}";
const PLACES = `${CAPS_PLACE}(?:/${CAPS_PLACE}){0,3}`;
// ", March 18", ", Afghanistan", ", Calif.": a region or a date after the place.
const DETAIL = "(?:, \\p{Lu}[\\p{L}.'’]*(?: \\p{Lu}[\\p{L}.'’]*)?(?: \\d{1,2})?)?";
// Capitals that open ordinary copy ("NATO — Russia talks …"), not a dateline.
const NOT_PLACES =
  '(?!(?:NATO|GOP|OPEC|NASA|FBI|CIA|CDC|FDA|WHO|USA|U\\.S\\.|U\\.K\\.|EU|UN|UK|US)(?=[\\s,/]))';
const ANY_PLACE = "\\p{Lu}[\\p{L}.'’-]*(?: \\p{Lu}[\\p{L}.'’-]*){0,2}";
const DASH = '(?:[-–—]{1,2})';
// What follows a dateline: the article's first word, or its opening quotation mark.
const THEN = '(?=\\p{Lu}|\\p{N}|["“‘\'])';

/** Rules for the start of a paragraph: the matched text is removed. */
export const LEADING_RULES: readonly WireRule[] = [
  {
    name: 'dateline',
    pattern: new RegExp(`^${NOT_PLACES}${PLACES}${DETAIL} ?\\(${CREDIT}\\) ?${DASH} ?${THEN}`, 'u'),
    why: 'a place in capitals and a wire credit ("MOSCOW (Reuters) - ", "WASHINGTON/MOSCOW, March 18 (AP) — ")',
  },
  {
    name: 'dateline-dash',
    pattern: new RegExp(`^${NOT_PLACES}${PLACES}${DETAIL} (?:—|–|--) ${THEN}`, 'u'),
    why: 'a place in capitals and a long dash ("WASHINGTON — "); a hyphen alone joins words',
  },
  {
    name: 'wire-credit',
    pattern: new RegExp(`^(?:${ANY_PLACE}${DETAIL} )?\\(${CREDIT}\\) ?(?:${DASH} ?)?${THEN}`, 'u'),
    why: 'a wire credit in brackets ("(CNN) — ", "Washington (CNN) ")',
  },
  {
    name: 'section-label',
    pattern: new RegExp(
      `^(?:Why it matters?(?:,\\s+via\\s+[^:]{1,60})?|The big picture|Big picture|Driving the news|What they['’]re saying|What (?:he|she)['’]s saying|State of play|By the numbers|Between the lines|Yes,? but|The bottom line|Bottom line|Go deeper|What['’]s next|What to watch|Be smart|Zoom in|Zoom out|Flashback|Reality check|The backstory|Catch up quick|Where it stands|Our thought bubble|The other side|What we['’]re (?:watching|hearing)|What['’]s happening|The intrigue|Of note|Worth noting|Threat level|Context|Details):\\s+${THEN}`,
      'u',
    ),
    why: 'a newsletter section label, whatever space follows it ("Why it matters: ", "The big picture: ", "Driving the news: "; "Why it matters, via Axios\' Margaret Talev: ")',
  },
];

/** Rules for the end of a paragraph: the matched text is removed. */
export const TRAILING_RULES: readonly WireRule[] = [
  {
    name: 'reporting-credit',
    pattern:
      /\s*\((?:[Rr]eporting|[Ww]riting|[Ee]diting|[Aa]dditional reporting) by [^()]{1,200}\)\s*$/u,
    why: 'a wire credit at the end of the last paragraph ("… (Reporting by Jane Doe; Editing by John Roe)")',
  },
];

/** Rules for a whole paragraph: a paragraph that matches becomes empty (its number stays). */
export const LINE_RULES: readonly WireRule[] = [
  {
    name: 'copyright',
    // "(c)" only before a year, "Copyright" or a credit: "(c) Raise taxes." is a list item.
    pattern: new RegExp(
      `^(?:©|\\(c\\)(?=\\s*(?:\\d{4}|copyright\\b|${CREDIT}\\b))|copyright\\s*(?:©|\\d{4}))\\s*(?:\\d{4}\\s*)?[\\p{L}\\p{N} .,&'’-]{0,80}$`,
      'iu',
    ),
    why: 'a copyright line ("© 2021 Reuters. All rights reserved.")',
  },
  {
    name: 'credit-line',
    pattern: new RegExp(`^[-–—]*\\s*\\(?${CREDIT}\\)?\\.?$`, 'u'),
    why: 'a paragraph that is only a wire credit ("(Reuters)", "— AP")',
  },
];

/** The paragraph without its dateline or wire credits; '' when it was nothing else. */
export function stripWire(paragraph: string): string {
  if (LINE_RULES.some((rule) => rule.pattern.test(paragraph.trim()))) return '';
  let text = paragraph;
  for (const rule of LEADING_RULES) {
    const match = rule.pattern.exec(text);
    if (match !== null && match[0].length < text.length) {
      text = text.slice(match[0].length);
      break;
    }
  }
  for (const rule of TRAILING_RULES) text = text.replace(rule.pattern, '');
  return text.trim();
}
