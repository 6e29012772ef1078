/**
 * The newsletter's own look: an accent colour for each palette, an optional logo and the
 * footer's sender line. Colours are checked for contrast (WCAG 2.x) against the surfaces the
 * templates put text on, in the light palette and in the dark one that clients apply.
 */

export interface Logo {
  /** An https URL: mail clients block or warn about plain http images. */
  url: string;
  alt: string;
  /** CSS pixels as shown (the image itself may be larger, for sharp high-density screens). */
  width: number;
  height: number;
}

export interface Look {
  /** Links, the contents list and section marks on the light palette (#rrggbb). */
  accent: string;
  /** The same on the dark palette (#rrggbb). */
  accentDark: string;
  logo?: Logo;
  /** Who sends the newsletter, shown above the postal address. */
  senderLine?: string;
}

/** Surfaces text sits on: the card and the page around it, in each palette (head.mjml). */
export const PALETTES = {
  light: { card: '#ffffff', page: '#f4f1ea' },
  dark: { card: '#1e1e1e', page: '#121212' },
} as const;

/** WCAG 2.x AA for body-size text. */
export const MIN_CONTRAST = 4.5;

export const DEFAULT_LOOK: Look = { accent: '#0b57d0', accentDark: '#8ab4f8' };

/** The widest a logo may be shown: the 600 px layout less its 24 px side padding. */
export const LOGO_MAX_WIDTH = 552;
export const LOGO_MAX_HEIGHT = 200;

const HEX = /^#([0-9a-f]{6})$/iu;

type Rgb = [number, number, number];

export function parseHex(colour: string): Rgb | undefined {
  const m = HEX.exec(colour.trim());
  if (!m?.[1]) return undefined;
  const n = Number.parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (rgb: Rgb): string =>
  `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The WCAG contrast ratio of two colours, 1 to 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The lowest contrast of a colour against both surfaces of a palette. */
export function paletteContrast(colour: Rgb, palette: keyof typeof PALETTES): number {
  const { card, page } = PALETTES[palette];
  return Math.min(contrast(colour, parseHex(card) as Rgb), contrast(colour, parseHex(page) as Rgb));
}

/**
 * A dark-palette accent for a light one: the accent mixed with white, step by step, until it
 * reads on the dark card (a saturated blue on white is too dark on #1e1e1e).
 */
export function derivedDarkAccent(accent: string): string {
  const rgb = parseHex(accent);
  if (!rgb) return DEFAULT_LOOK.accentDark;
  for (let mix = 0; mix <= 1; mix += 0.05) {
    const candidate = rgb.map((c) => c + (255 - c) * mix) as Rgb;
    if (paletteContrast(candidate, 'dark') >= MIN_CONTRAST) return toHex(candidate);
  }
  return '#ffffff';
}

/** Settings as an operator writes them, by the names problems are reported under. */
export interface LookSettings {
  accent?: { key: string; value: string };
  accentDark?: { key: string; value: string };
  logoUrl?: { key: string; value: string };
  logoAlt?: { key: string; value: string };
  logoWidth?: { key: string; value: number };
  logoHeight?: { key: string; value: number };
  senderLine?: { key: string; value: string };
}

function checkColour(
  setting: { key: string; value: string },
  palette: keyof typeof PALETTES,
  problems: string[],
): string | undefined {
  const rgb = parseHex(setting.value);
  if (!rgb) {
    problems.push(`${setting.key}: "${setting.value}" is not a colour; expected #rrggbb`);
    return undefined;
  }
  const ratio = paletteContrast(rgb, palette);
  if (ratio < MIN_CONTRAST) {
    const { card, page } = PALETTES[palette];
    problems.push(
      `${setting.key}: ${setting.value} has a contrast of ${ratio.toFixed(2)}:1 on the ${palette} palette (${card} card, ${page} page); expected at least ${MIN_CONTRAST}:1 — pick a ${palette === 'light' ? 'darker' : 'lighter'} colour`,
    );
  }
  return setting.value.toLowerCase();
}

function checkLogo(s: LookSettings, problems: string[]): Logo | undefined {
  const { logoUrl, logoAlt, logoWidth, logoHeight } = s;
  if (!logoUrl) {
    const stray = [logoAlt, logoWidth, logoHeight].filter((x) => x !== undefined);
    for (const x of stray) problems.push(`${x?.key}: set without a logo URL; expected it too`);
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(logoUrl.value);
  } catch {
    problems.push(`${logoUrl.key}: "${logoUrl.value}" is not a URL; expected an https URL`);
  }
  if (url && url.protocol !== 'https:') {
    problems.push(`${logoUrl.key}: "${logoUrl.value}" is not https; expected an https URL`);
  }
  const alt = logoAlt?.value.trim() ?? '';
  if (alt === '')
    problems.push(`${logoAlt?.key ?? 'logo alt text'}: missing; a logo needs alt text`);
  const sized = (x: { key: string; value: number } | undefined, max: number, what: string) => {
    if (x === undefined) problems.push(`logo ${what}: missing; a logo needs its ${what} in pixels`);
    else if (!Number.isInteger(x.value) || x.value < 1 || x.value > max) {
      problems.push(
        `${x.key}: ${x.value} is not a ${what}; expected a whole number of pixels from 1 to ${max}`,
      );
    }
  };
  sized(logoWidth, LOGO_MAX_WIDTH, 'width');
  sized(logoHeight, LOGO_MAX_HEIGHT, 'height');
  return {
    url: url?.href ?? logoUrl.value,
    alt,
    width: logoWidth?.value ?? 0,
    height: logoHeight?.value ?? 0,
  };
}

/** The look, or every problem with the settings (each naming its key and what was expected). */
export function lookFrom(s: LookSettings): { look: Look; problems: string[] } {
  const problems: string[] = [];
  const accent = s.accent ? checkColour(s.accent, 'light', problems) : DEFAULT_LOOK.accent;
  const accentDark = s.accentDark
    ? checkColour(s.accentDark, 'dark', problems)
    : s.accent
      ? derivedDarkAccent(s.accent.value)
      : DEFAULT_LOOK.accentDark;
  const logo = checkLogo(s, problems);
  const senderLine = s.senderLine?.value.trim();
  const look: Look = {
    accent: accent ?? DEFAULT_LOOK.accent,
    accentDark: accentDark ?? DEFAULT_LOOK.accentDark,
    ...(logo ? { logo } : {}),
    ...(senderLine ? { senderLine } : {}),
  };
  return { look, problems };
}
