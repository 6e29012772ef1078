/**
 * HTML markup in an article: never interpreted (no link followed, no script run, no style
 * applied), only removed so that its text reads as text. Without this, `<b>Kremlin</b>`
 * reaches the reader as literal tags, since the email escapes what it is given.
 */

// Elements whose content is not article text: dropped whole, content and all. (`embed` is
// void: it has no content, so it is removed as a tag like `img`, not with the text after it.)
const DROPPED_ELEMENTS = ['script', 'style', 'iframe', 'object', 'noscript', 'template', 'svg'];

// Element names recognised as markup; `a <b` in prose ("x<y and z>w") is not a tag.
const ELEMENTS = new Set([
  ...DROPPED_ELEMENTS,
  ...'a abbr address article aside audio b bdi bdo big blockquote body br button caption center cite code col colgroup dd del details dfn div dl dt em embed figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i img input ins kbd label legend li link main mark meta nav ol optgroup option p picture pre q s samp section select small source span strike strong sub summary sup table tbody td textarea tfoot th thead time title tr track tt u ul var video wbr'.split(
    ' ',
  ),
]);

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?\/?>/gu;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/gu;
const DROPPED = new RegExp(
  // A self-closing one (`<svg … />`) ends at its tag: the text after it is kept.
  `<(${DROPPED_ELEMENTS.join('|')})\\b[^>]*?(?:/>|>[\\s\\S]*?(?:</\\1\\s*>|$))`,
  'giu',
);

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff && code !== 0 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export interface Unmarked {
  text: string;
  /** The tag names found, lower-cased, each once (`script`, `b`, `a`). */
  tags: string[];
}

/** The text with its HTML markup removed (and entities decoded when there was markup). */
export function stripMarkup(text: string): Unmarked {
  const tags = new Set<string>();
  let out = text.replace(DROPPED, (_whole, name: string) => {
    tags.add(name.toLowerCase());
    return ' ';
  });
  out = out.replace(COMMENT, () => {
    tags.add('!--');
    return ' ';
  });
  out = out.replace(TAG, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (!ELEMENTS.has(lower)) return whole;
    tags.add(lower);
    return lower === 'br' || lower === 'p' || lower === 'div' || lower === 'li' ? ' ' : '';
  });
  if (tags.size === 0) return { text, tags: [] };
  return {
    text: decodeEntities(out)
      .replace(/[ \t]{2,}/gu, ' ')
      .trim(),
    tags: [...tags],
  };
}

/** The warning for a field or body whose markup was removed. */
export function markupWarning(where: string, tags: readonly string[]): string {
  const shown = tags.map((t) => (t === '!--' ? '<!-- -->' : `<${t}>`)).join(', ');
  const dropped = tags.filter((t) => DROPPED_ELEMENTS.includes(t));
  const whole =
    dropped.length > 0
      ? `; ${dropped.map((t) => `<${t}>`).join(', ')} dropped with its content`
      : '';
  const links = tags.includes('a') ? '; link targets dropped' : '';
  return `${where}: HTML markup (${shown}) removed, its text kept${whole}${links}. Articles are plain text: paste the text, not the page's HTML.`;
}
