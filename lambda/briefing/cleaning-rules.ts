/**
 * A paragraph-level boilerplate rule. Rules are data so they can be listed, tested one by one
 * and extended without touching the cleaning loop; `why` is shown to whoever debugs a drop.
 * `maxWords` keeps a rule from eating a long real paragraph that merely ends like boilerplate.
 */
export interface CleaningRule {
  name: string;
  pattern: RegExp;
  why: string;
  maxWords?: number;
}

// Agencies and outlets that end a photo credit ("… / TASS / Getty Images").
const AGENCY =
  '(?:Getty Images|AFP|AP(?: Photo)?|Associated Press|Reuters|TASS|EPA(?:-EFE)?|Shutterstock|Bloomberg|Sipa(?: USA)?|NurPhoto|Pool|Alamy|PA(?: Wire| Media)?|Anadolu(?: Agency)?|Xinhua|Sputnik|ZUMA(?: Press| Wire)?|SOPA Images|LightRocket|Corbis|WireImage|Redux|Polaris|Abaca)';

/**
 * Patterns are anchored to the whole paragraph (or its end) on purpose: a rule drops a paragraph
 * only when the paragraph *is* boilerplate, never because a real sentence mentions an app or AFP.
 */
export const cleaningRules: readonly CleaningRule[] = [
  {
    name: 'empty',
    pattern: /^[\s\p{P}\p{S}]*$/u,
    why: 'nothing but whitespace or punctuation',
  },
  {
    name: 'app-promotion',
    pattern:
      /^(?:download|get|install|try)\s+(?:the\s+)?(?:free\s+)?[\p{L}\p{N}&'’ .-]{0,40}\bapps?\b/iu,
    why: 'an outlet advertising its own app ("Download NBC News app for news and policies")',
    maxWords: 25,
  },
  {
    name: 'call-to-action',
    pattern:
      /^(?:sign up|subscribe|click here|tap here|follow us|like us on|advertisement$|story continues|continue reading|share this)|^(?:read more|related|watch|listen|more|see also|also read)\s*[:|]/iu,
    why: 'calls to action and navigation left over from the web page',
    maxWords: 30,
  },
  {
    name: 'photo-credit',
    pattern: new RegExp(
      `\\s?/\\s?${AGENCY}\\s*\\.?\\)?$|\\((?:AP|AFP|Reuters|Getty)[^()]{0,60}\\)$`,
      'u',
    ),
    why: 'a photo caption ending in a credit ("… File Valery Sharifulin / TASS / Getty Images")',
    maxWords: 40,
  },
  {
    name: 'photo-label',
    pattern:
      /^(?:image|photo|picture|video|media) (?:caption|copyright|credit|source)\b|^\(?(?:photo|image|picture)s? (?:by|credit|courtesy)\b|^(?:photo|image|credit):/iu,
    why: 'caption and credit labels from picture blocks',
    maxWords: 40,
  },
  {
    name: 'sign-off',
    pattern:
      /^[-–—]+\s*\p{Lu}[\p{Lu}\p{N}&. ]{0,20}$|^\(\s*(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Aa]dditional reporting) by\b/u,
    why: 'an outlet sign-off ("-BBC") or a wire credit line ("(Reporting by …; Editing by …)")',
    maxWords: 40,
  },
  {
    name: 'byline',
    pattern:
      /^(?:[Bb]y|[Ww]ritten by|[Rr]eporting by)\s+\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|and|&)\s*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}){0,3}(?:\s*[,|–—-]\s*[\p{L} ,'’]{0,60})?$/u,
    why: 'a byline ("By Jane Doe, Moscow correspondent")',
    maxWords: 16,
  },
  {
    name: 'timestamp',
    pattern: /^(?:updated|published|posted|last updated)\b[^.!?]*$/iu,
    why: 'a timestamp line ("Updated 3:14 PM ET, Thu March 18, 2021")',
    maxWords: 16,
  },
];
