import { describe, expect, it } from 'vitest';
import {
  contrast,
  DEFAULT_LOOK,
  derivedDarkAccent,
  lookFrom,
  MIN_CONTRAST,
  paletteContrast,
  parseHex,
} from '../../../lambda/email/look.ts';

const rgb = (hex: string) => parseHex(hex) as [number, number, number];

describe('contrast (WCAG 2.x)', () => {
  it('is 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrast(rgb('#000000'), rgb('#ffffff'))).toBeCloseTo(21, 5);
    expect(contrast(rgb('#0b57d0'), rgb('#0b57d0'))).toBeCloseTo(1, 5);
  });

  it('matches published figures: #767676 on white is the lightest AA grey (4.54:1)', () => {
    expect(contrast(rgb('#767676'), rgb('#ffffff'))).toBeCloseTo(4.54, 2);
    expect(contrast(rgb('#777777'), rgb('#ffffff'))).toBeLessThan(MIN_CONTRAST);
  });

  it('is symmetric', () => {
    expect(contrast(rgb('#ffffff'), rgb('#336699'))).toBe(contrast(rgb('#336699'), rgb('#ffffff')));
  });

  it('takes the worse of card and page for a palette', () => {
    const c = rgb('#5f6368');
    expect(paletteContrast(c, 'light')).toBe(
      Math.min(contrast(c, rgb('#ffffff')), contrast(c, rgb('#f4f1ea'))),
    );
  });
});

describe('parseHex', () => {
  it('reads #rrggbb in either case and refuses anything else', () => {
    expect(parseHex('#0B57d0')).toEqual([11, 87, 208]);
    expect(parseHex(' #ffffff ')).toEqual([255, 255, 255]);
    for (const bad of ['#fff', 'red', '0b57d0', '#0b57d0ff', 'x#0b57d0', 'rgb(0,0,0)', '#gggggg']) {
      expect(parseHex(bad)).toBeUndefined();
    }
  });
});

describe('the default look', () => {
  it('passes its own contrast rule on both palettes', () => {
    expect(paletteContrast(rgb(DEFAULT_LOOK.accent), 'light')).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(paletteContrast(rgb(DEFAULT_LOOK.accentDark), 'dark')).toBeGreaterThanOrEqual(
      MIN_CONTRAST,
    );
  });
});

describe('derivedDarkAccent', () => {
  it('lightens a dark accent just enough to read on the dark palette', () => {
    const dark = derivedDarkAccent('#8a1538');
    expect(dark).toMatch(/^#[0-9a-f]{6}$/);
    expect(paletteContrast(rgb(dark), 'dark')).toBeGreaterThanOrEqual(MIN_CONTRAST);
    // Not simply white: the hue stays (red channel still leads).
    const [r, g, b] = rgb(dark);
    expect(r).toBeGreaterThan(g);
    expect(r).toBeGreaterThan(b);
    expect(dark).not.toBe('#ffffff');
  });

  it('keeps an accent that already reads on the dark palette', () => {
    expect(derivedDarkAccent('#8ab4f8')).toBe('#8ab4f8');
  });
});

const key = <T>(k: string, value: T) => ({ key: k, value });

describe('lookFrom', () => {
  it('gives the defaults when nothing is set', () => {
    expect(lookFrom({})).toEqual({ look: DEFAULT_LOOK, problems: [] });
  });

  it('takes an accent that passes, lower-cased, and derives its dark twin', () => {
    const { look, problems } = lookFrom({ accent: key('BRAID_ACCENT', '#8A1538') });
    expect(problems).toEqual([]);
    expect(look.accent).toBe('#8a1538');
    expect(look.accentDark).toBe(derivedDarkAccent('#8a1538'));
  });

  it('refuses an accent that fails contrast on the light palette, naming the key and ratio', () => {
    const { problems } = lookFrom({ accent: key('BRAID_ACCENT', '#ffcc00') });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^BRAID_ACCENT: #ffcc00 has a contrast of 1\.\d\d:1 on the light palette/,
    );
    expect(problems[0]).toContain('expected at least 4.5:1');
    expect(problems[0]).toContain('darker');
  });

  it('refuses a dark accent that fails on the dark palette', () => {
    const { problems } = lookFrom({ accentDark: key('BRAID_ACCENT_DARK', '#0b57d0') });
    expect(problems[0]).toMatch(
      /^BRAID_ACCENT_DARK: #0b57d0 has a contrast of .* on the dark palette/,
    );
    expect(problems[0]).toContain('lighter');
  });

  it('refuses a colour that is not #rrggbb', () => {
    expect(lookFrom({ accent: key('BRAID_ACCENT', 'navy') }).problems).toEqual([
      'BRAID_ACCENT: "navy" is not a colour; expected #rrggbb',
    ]);
  });

  const logo = {
    logoUrl: key('BRAID_LOGO_URL', 'https://cdn.example.org/logo.png'),
    logoAlt: key('BRAID_LOGO_ALT', 'Braid'),
    logoWidth: key('BRAID_LOGO_WIDTH', 160),
    logoHeight: key('BRAID_LOGO_HEIGHT', 40),
  };

  it('takes a logo with https URL, alt text and size', () => {
    const { look, problems } = lookFrom(logo);
    expect(problems).toEqual([]);
    expect(look.logo).toEqual({
      url: 'https://cdn.example.org/logo.png',
      alt: 'Braid',
      width: 160,
      height: 40,
    });
  });

  it('refuses a logo URL that is not https', () => {
    const { problems } = lookFrom({
      ...logo,
      logoUrl: key('BRAID_LOGO_URL', 'http://cdn.example.org/l.png'),
    });
    expect(problems).toEqual([
      'BRAID_LOGO_URL: "http://cdn.example.org/l.png" is not https; expected an https URL',
    ]);
  });

  it('refuses a logo URL that is not a URL', () => {
    const { problems } = lookFrom({ ...logo, logoUrl: key('BRAID_LOGO_URL', 'logo.png') });
    expect(problems).toEqual(['BRAID_LOGO_URL: "logo.png" is not a URL; expected an https URL']);
  });

  it('refuses a logo without alt text or size, and a size out of range', () => {
    const { problems } = lookFrom({
      logoUrl: logo.logoUrl,
      logoAlt: key('BRAID_LOGO_ALT', '  '),
      logoWidth: key('BRAID_LOGO_WIDTH', 900),
    });
    expect(problems).toEqual([
      'BRAID_LOGO_ALT: missing; a logo needs alt text',
      'BRAID_LOGO_WIDTH: 900 is not a width; expected a whole number of pixels from 1 to 552',
      'logo height: missing; a logo needs its height in pixels',
    ]);
  });

  it('refuses a logo size that is not a whole number of pixels in range', () => {
    for (const [width, ok] of [
      [0, false],
      [1, true],
      [1.5, false],
      [552, true],
      [553, false],
    ] as const) {
      const { problems } = lookFrom({ ...logo, logoWidth: key('BRAID_LOGO_WIDTH', width) });
      expect(problems.length, String(width)).toBe(ok ? 0 : 1);
    }
    const { problems } = lookFrom({ ...logo, logoHeight: key('BRAID_LOGO_HEIGHT', 201) });
    expect(problems).toEqual([
      'BRAID_LOGO_HEIGHT: 201 is not a height; expected a whole number of pixels from 1 to 200',
    ]);
  });

  it('asks for the alt text and width a logo lacks', () => {
    const { problems } = lookFrom({ logoUrl: logo.logoUrl, logoHeight: logo.logoHeight });
    expect(problems).toEqual([
      'logo alt text: missing; a logo needs alt text',
      'logo width: missing; a logo needs its width in pixels',
    ]);
  });

  it('refuses logo settings without a logo URL', () => {
    expect(lookFrom({ logoAlt: logo.logoAlt }).problems).toEqual([
      'BRAID_LOGO_ALT: set without a logo URL; expected it too',
    ]);
  });

  it('keeps a sender line, trimmed, and drops an empty one', () => {
    expect(
      lookFrom({ senderLine: key('BRAID_SENDER_LINE', ' Sent by the Braid desk ') }).look
        .senderLine,
    ).toBe('Sent by the Braid desk');
    expect(lookFrom({ senderLine: key('BRAID_SENDER_LINE', '  ') }).look).not.toHaveProperty(
      'senderLine',
    );
  });
});
