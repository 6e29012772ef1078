/**
 * A strict reader of the XML the app writes (no DTD, no CDATA): elements, attributes, text,
 * comments, the five predefined entities and character references. It throws on anything
 * not well-formed (an unescaped `<` or `&`, a mismatched or unclosed tag, a duplicate
 * attribute, a character XML 1.0 forbids), so "it parses" means something.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what XML forbids
const FORBIDDEN = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new SyntaxError(`unescaped < at ${where}`);
  return raw.replace(/&([^;]*);?/gu, (match, ref: string) => {
    if (!match.endsWith(';')) throw new SyntaxError(`unterminated reference at ${where}`);
    const named = ENTITIES[ref];
    if (named !== undefined) return named;
    const code = /^#x([0-9a-f]+)$/iu.exec(ref)?.[1];
    const dec = /^#([0-9]+)$/u.exec(ref)?.[1];
    const point =
      code !== undefined ? Number.parseInt(code, 16) : dec !== undefined ? Number(dec) : NaN;
    if (Number.isNaN(point)) throw new SyntaxError(`unknown entity &${ref}; at ${where}`);
    const char = String.fromCodePoint(point);
    if (FORBIDDEN.test(char)) throw new SyntaxError(`forbidden character reference at ${where}`);
    return char;
  });
}

export function parseXml(source: string): XmlElement {
  if (FORBIDDEN.test(source)) throw new SyntaxError('a character XML 1.0 forbids');
  let at = 0;
  const skipSpace = () => {
    while (at < source.length && /\s/u.test(source[at] ?? '')) at++;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) throw new SyntaxError('unterminated comment');
        at = end + 3;
      } else return;
    }
  };
  if (source.startsWith('<?xml', at)) {
    const end = source.indexOf('?>', at);
    if (end < 0) throw new SyntaxError('unterminated XML declaration');
    at = end + 2;
  }
  skipMisc();
  const readName = () => {
    const name = NAME.exec(source.slice(at))?.[0];
    if (name === undefined) throw new SyntaxError(`expected a name at ${at}`);
    at += name.length;
    return name;
  };
  const readElement = (): XmlElement => {
    if (source[at] !== '<') throw new SyntaxError(`expected < at ${at}`);
    at++;
    const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = at;
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return element;
      }
      if (source[at] === '>') {
        at++;
        break;
      }
      if (at === before) throw new SyntaxError(`expected space before attribute at ${at}`);
      const name = readName();
      if (name in element.attributes) throw new SyntaxError(`duplicate attribute ${name}`);
      skipSpace();
      if (source[at] !== '=') throw new SyntaxError(`expected = at ${at}`);
      at++;
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") throw new SyntaxError(`expected a quote at ${at}`);
      const end = source.indexOf(quote, at + 1);
      if (end < 0) throw new SyntaxError('unterminated attribute');
      element.attributes[name] = decode(source.slice(at + 1, end), at);
      at = end + 1;
    }
    for (;;) {
      const next = source.indexOf('<', at);
      if (next < 0) throw new SyntaxError(`unclosed <${element.name}>`);
      const text = source.slice(at, next);
      if (text.includes(']]>')) throw new SyntaxError(`]]> in text at ${at}`);
      element.text += decode(text, at);
      at = next;
      if (source.startsWith('</', at)) {
        at += 2;
        const name = readName();
        if (name !== element.name) {
          throw new SyntaxError(`</${name}> closes <${element.name}>`);
        }
        skipSpace();
        if (source[at] !== '>') throw new SyntaxError(`expected > at ${at}`);
        at++;
        return element;
      }
      if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at + 4);
        if (end < 0) throw new SyntaxError('unterminated comment');
        at = end + 3;
        continue;
      }
      if (source.startsWith('<!', at) || source.startsWith('<?', at)) {
        throw new SyntaxError(`unsupported markup at ${at}`);
      }
      element.children.push(readElement());
    }
  };
  const root = readElement();
  skipMisc();
  if (at !== source.length) throw new SyntaxError(`content after the root element at ${at}`);
  return root;
}

/** The child elements of `element` named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The one child named `name`; throws when there is none or several. */
export function onlyChild(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  if (found.length !== 1) {
    throw new Error(`expected one <${name}> in <${element.name}>, found ${found.length}`);
  }
  return found[0] as XmlElement;
}
