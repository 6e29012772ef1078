import { describe, expect, it } from 'vitest';
import { markupWarning, stripMarkup } from '../../../lambda/content/markup.ts';

describe('stripMarkup: text without markup', () => {
  it.each([
    ['plain prose', 'The Kremlin said relations were very bad.'],
    ['a lone < and > in prose', 'It rose as a < b and c > d, the minister said.'],
    ['a < glued to a word that is no element', 'x<y and z>w'],
    ['an unknown element name', 'The <custom>widget</custom> stayed.'],
    ['entities are left alone when there is no markup', 'Tom &amp; Jerry &lt;3 &#8212;'],
    ['double spaces are left alone when there is no markup', 'one  two   three '],
    ['a < followed by a digit', 'fewer than <5 people'],
    ['an email address in angle brackets', 'Write to <jane@example.org> today.'],
  ])('%s: returned as it is, with no tags', (_name, text) => {
    expect(stripMarkup(text)).toEqual({ text, tags: [] });
  });
});

describe('stripMarkup: tags', () => {
  it('keeps the text of <b>, drops the tags', () => {
    expect(stripMarkup('The <b>Kremlin</b> said')).toEqual({
      text: 'The Kremlin said',
      tags: ['b'],
    });
  });

  it('lower-cases tag names and lists each once', () => {
    expect(stripMarkup('<B>one</B> <b>two</b> <I>three</i>')).toEqual({
      text: 'one two three',
      tags: ['b', 'i'],
    });
  });

  it('drops a link target, keeps the link text', () => {
    const out = stripMarkup('the <a href="javascript:alert(1)">unprecedented remarks</a> of');
    expect(out).toEqual({ text: 'the unprecedented remarks of', tags: ['a'] });
  });

  it('nested tags, in the order they are found', () => {
    expect(stripMarkup('<div><span><em>deep</em></span></div>')).toEqual({
      text: 'deep',
      tags: ['div', 'span', 'em'],
    });
  });

  it('self-closing and void tags', () => {
    expect(stripMarkup('line<br/>two<br />three<hr>four<img src="x.png" alt="x"/>')).toEqual({
      text: 'line two threefour',
      tags: ['br', 'hr', 'img'],
    });
  });

  it('a tag with a space before its end, and digits in its name', () => {
    expect(stripMarkup('<b >x</b > <h2>Title</h2>')).toEqual({
      text: 'x Title',
      tags: ['b', 'h2'],
    });
  });

  it('block tags become a space so words do not run together', () => {
    expect(stripMarkup('<p>One</p><p>Two</p>').text).toBe('One Two');
    expect(stripMarkup('<div>One</div><div>Two</div>').text).toBe('One Two');
    expect(stripMarkup('<li>One</li><li>Two</li>').text).toBe('One Two');
    expect(stripMarkup('One<br>Two').text).toBe('One Two');
  });

  it('inline tags leave nothing, so a word split by them stays whole', () => {
    expect(stripMarkup('Krem<b>lin</b>').text).toBe('Kremlin');
    expect(stripMarkup('Krem<span>lin</span>').text).toBe('Kremlin');
  });

  it('unknown elements stay as text beside known ones', () => {
    expect(stripMarkup('<b>x</b> <custom>y</custom>')).toEqual({
      text: 'x <custom>y</custom>',
      tags: ['b'],
    });
  });

  it('a lone < in prose is not a tag, even beside markup', () => {
    expect(stripMarkup('<i>Note</i>: a < b and c > d')).toEqual({
      text: 'Note: a < b and c > d',
      tags: ['i'],
    });
  });

  it('an attribute holding a < is not a tag', () => {
    expect(stripMarkup('<b title="a<b">x</b>').text).toBe('<b title="a<b">x');
  });

  it('collapses the spaces and tabs markup leaves, and trims', () => {
    expect(stripMarkup('  a  <b>b</b>\t\t c  ').text).toBe('a b c');
    expect(stripMarkup('<p>a</p>\n\n<p>b</p>').text).toBe('a \n\n b');
  });
});

describe('stripMarkup: elements dropped with their content', () => {
  it.each(['script', 'style', 'iframe', 'object', 'noscript', 'template', 'svg'])(
    '<%s> and all it holds',
    (name) => {
      expect(stripMarkup(`Before <${name} id="x">secret <b>bold</b></${name}> after`)).toEqual({
        text: 'Before after',
        tags: [name],
      });
    },
  );

  it('in any case, with attributes', () => {
    expect(stripMarkup('<STYLE type="text/css">p { color: red }</STYLE >Text')).toEqual({
      text: 'Text',
      tags: ['style'],
    });
  });

  it('leaves a space where it was, so the words around it stay apart', () => {
    expect(stripMarkup('a<script>x</script>b').text).toBe('a b');
    expect(stripMarkup('a<!--x-->b').text).toBe('a b');
  });

  it('only up to its own closing tag', () => {
    expect(stripMarkup('<script>a</style>b</script>c <script>d</script>e').text).toBe('c e');
  });

  it('an unclosed one runs to the end of the text', () => {
    expect(stripMarkup('Text <script>alert("x")')).toEqual({ text: 'Text', tags: ['script'] });
  });

  it('a self-closing one ends at its tag: the text after it is kept', () => {
    expect(stripMarkup('A chart <svg viewBox="0 0 1 1"/> shows the rise.')).toEqual({
      text: 'A chart shows the rise.',
      tags: ['svg'],
    });
  });

  it('<embed> is void: the text after it is kept', () => {
    expect(stripMarkup('Watch <embed src="talks.mp4"> the video of the talks.')).toEqual({
      text: 'Watch the video of the talks.',
      tags: ['embed'],
    });
  });

  it('a name that only starts like one is not dropped', () => {
    expect(stripMarkup('<scripts>x</scripts> <b>y</b>').text).toBe('<scripts>x</scripts> y');
  });
});

describe('stripMarkup: comments', () => {
  it('are removed', () => {
    expect(stripMarkup('<!-- note --> text <!--x-->more')).toEqual({
      text: 'text more',
      tags: ['!--'],
    });
  });

  it('a comment spanning lines', () => {
    expect(stripMarkup('a<!-- one\ntwo -->b').text).toBe('a b');
  });

  it('an unclosed comment runs to the end of the text', () => {
    expect(stripMarkup('kept <!-- not kept')).toEqual({ text: 'kept', tags: ['!--'] });
  });

  it('is taken lazily: text between two comments stays', () => {
    expect(stripMarkup('<!--a-->b<!--c-->').text).toBe('b');
  });
});

describe('stripMarkup: entities, decoded once there is markup', () => {
  it.each([
    ['&amp;', '&'],
    ['&lt;', '<'],
    ['&gt;', '>'],
    ['&quot;', '"'],
    ['&apos;', "'"],
    ['a&nbsp;b', 'a b'],
    ['&mdash;', '—'],
    ['&ndash;', '–'],
    ['&hellip;', '…'],
    ['&lsquo;', '‘'],
    ['&rsquo;', '’'],
    ['&ldquo;', '“'],
    ['&rdquo;', '”'],
    ['&AMP;', '&'],
    ['&#65;', 'A'],
    ['&#8212;', '—'],
    ['&#x2014;', '—'],
    ['&#X2014;', '—'],
    ['&#x1F600;', '😀'],
    ['&#1114111;', '\u{10ffff}'],
  ])('%s', (entity, text) => {
    expect(stripMarkup(`<b>x</b>${entity}`).text).toBe(`x${text}`);
  });

  it.each([
    ['NUL', '&#0;'],
    ['NUL in hex', '&#x0;'],
    ['beyond U+10FFFF', '&#1114112;'],
    ['beyond U+10FFFF in hex', '&#x110000;'],
    ['an unknown name', '&bogus;'],
    ['no semicolon', '&amp'],
    ['not hex', '&#xZZ;'],
  ])('%s stays as written', (_name, entity) => {
    expect(stripMarkup(`<b>x</b>${entity}`).text).toBe(`x${entity}`);
  });

  it('an escaped tag becomes text, not markup', () => {
    expect(stripMarkup('<b>x</b> &lt;script&gt;')).toEqual({ text: 'x <script>', tags: ['b'] });
  });
});

describe('markupWarning', () => {
  const TAIL = ". Articles are plain text: paste the text, not the page's HTML.";

  it('lists the tags', () => {
    expect(markupWarning('a.md: the body', ['b', 'i'])).toBe(
      `a.md: the body: HTML markup (<b>, <i>) removed, its text kept${TAIL}`,
    );
  });

  it('names the dropped elements and the link targets', () => {
    expect(markupWarning('a.md: the body', ['script', 'b', 'a', 'style'])).toBe(
      `a.md: the body: HTML markup (<script>, <b>, <a>, <style>) removed, its text kept; <script>, <style> dropped with its content; link targets dropped${TAIL}`,
    );
  });

  it('shows a comment as <!-- -->', () => {
    expect(markupWarning('a.md: field "title"', ['!--'])).toBe(
      `a.md: field "title": HTML markup (<!-- -->) removed, its text kept${TAIL}`,
    );
  });

  it('a tag that only contains an a is no link', () => {
    expect(markupWarning('w', ['abbr', 'span'])).not.toContain('link targets');
  });

  it('<embed> is not said to be dropped with its content', () => {
    expect(markupWarning('w', ['embed'])).toBe(
      `w: HTML markup (<embed>) removed, its text kept${TAIL}`,
    );
  });

  it('matches what stripMarkup found', () => {
    const { tags } = stripMarkup('<a href="x">l</a><svg><path/></svg><!-- c -->');
    expect(markupWarning('f', tags)).toBe(
      `f: HTML markup (<svg>, <!-- -->, <a>) removed, its text kept; <svg> dropped with its content; link targets dropped${TAIL}`,
    );
  });
});
