import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseInline, parseMarkdown, safeHref, toDom, type MdNode } from '@/widget/src/markdown';

/**
 * The widget's Markdown renderer builds DOM from a tree of a few known tags. Hostile input (HTML,
 * script URLs, deep nesting) must come out as text, never as markup or a live link.
 */
const a = (href: string, ...children: MdNode[]): MdNode => ({ tag: 'a', href, children });

/** every node of a tree, depth first */
function walk(nodes: MdNode[]): MdNode[] {
  return nodes.flatMap((n) => (typeof n === 'string' ? [n] : [n, ...walk(n.children)]));
}
const text = (nodes: MdNode[]) =>
  walk(nodes)
    .filter((n) => typeof n === 'string')
    .join('');
const links = (nodes: MdNode[]) => walk(nodes).flatMap((n) => (typeof n !== 'string' && n.tag === 'a' ? [n.href] : []));

describe('the widget Markdown parser', () => {
  it('renders bold, italic, strikethrough, code, lists, code blocks and links', () => {
    expect(parseMarkdown('**Hi** *there* ~~old~~ `npm i`')).toEqual([
      {
        tag: 'p',
        children: [
          { tag: 'strong', children: ['Hi'] },
          ' ',
          { tag: 'em', children: ['there'] },
          ' ',
          { tag: 'del', children: ['old'] },
          ' ',
          { tag: 'code', children: ['npm i'] },
        ],
      },
    ]);
    expect(parseMarkdown('Steps:\n- one\n- **two**\n\n1. first\n2. second')).toEqual([
      { tag: 'p', children: ['Steps:'] },
      {
        tag: 'ul',
        children: [
          { tag: 'li', children: ['one'] },
          { tag: 'li', children: [{ tag: 'strong', children: ['two'] }] },
        ],
      },
      {
        tag: 'ol',
        children: [
          { tag: 'li', children: ['first'] },
          { tag: 'li', children: ['second'] },
        ],
      },
    ]);
    expect(parseMarkdown('```\nconst a = **1**;\n<b>x</b>\n```')).toEqual([
      { tag: 'pre', children: [{ tag: 'code', children: ['const a = **1**;\n<b>x</b>'] }] },
    ]);
    expect(parseInline('See [the docs](https://acme.com/docs?a=1).')).toEqual(['See ', a('https://acme.com/docs?a=1', 'the docs'), '.']);
  });

  it('turns plain URLs into links, leaving the sentence punctuation outside', () => {
    expect(parseInline('Go to https://acme.com/reset, then www.acme.com.')).toEqual([
      'Go to ',
      a('https://acme.com/reset', 'https://acme.com/reset'),
      ', then ',
      a('https://www.acme.com/', 'www.acme.com'),
      '.',
    ]);
    expect(parseInline('(see https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      '(see ',
      a('https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'),
      ')',
    ]);
  });

  it('keeps raw HTML as visible text, never as elements', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>';
    const tree = parseMarkdown(hostile);
    expect(text(tree)).toBe(hostile);
    expect(
      walk(tree)
        .filter((n) => typeof n !== 'string')
        .map((n) => (n as { tag: string }).tag),
    ).toEqual(['p']);
  });

  it.each([
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](  javascript:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD4=)',
    '[click](vbscript:msgbox(1))',
    '[click](//evil.example/x)',
    '[click](/relative)',
    '[click](java\tscript:alert(1))',
    'javascript:alert(1)',
    '**[nested](javascript:alert(1))**',
    '[[inner](javascript:x)](https://ok.example)',
  ])('never links a script, data or relative target: %s', (input) => {
    for (const href of links(parseMarkdown(input))) expect(href).toMatch(/^https:\/\/|^mailto:/);
  });

  it('keeps a link label as text when the target is refused, and nested emphasis bounded', () => {
    expect(parseInline('[click](javascript:alert(1))')).toEqual(['[click](javascript:alert(1))']);
    const deep = `${'**'.repeat(40)}x${'**'.repeat(40)}`;
    expect(text(parseMarkdown(deep)).replace(/\*/g, '')).toBe('x');
    expect(parseInline('**a *b* c**')).toEqual([{ tag: 'strong', children: ['a ', { tag: 'em', children: ['b'] }, ' c'] }]);
  });

  it('parses a long hostile message in linear-ish time', () => {
    const input = `${'*a_`['.repeat(5000)}](${'('.repeat(5000)}`;
    const started = performance.now();
    parseMarkdown(input);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts only http(s) and mailto link targets', () => {
    expect(safeHref('https://acme.com/a b')).toBe('https://acme.com/a%20b');
    expect(safeHref('mailto:help@acme.com')).toBe('mailto:help@acme.com');
    expect(safeHref('ftp://acme.com')).toBeNull();
    expect(safeHref('https://')).toBeNull();
  });
});

describe('the widget Markdown DOM', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** a document that records what the renderer builds (the widget tests run without a DOM) */
  interface Fake {
    tag?: string;
    text?: string;
    attrs: Record<string, string>;
    children: Fake[];
  }
  const fakeDocument = {
    createTextNode: (text: string): Fake => ({ text, attrs: {}, children: [] }),
    createElement: (tag: string): Fake & Record<string, unknown> => {
      const el: Fake & Record<string, unknown> = { tag, attrs: {}, children: [] };
      el.setAttribute = (name: string, value: string) => (el.attrs[name] = value);
      el.addEventListener = () => {
        throw new Error('markdown must not attach handlers');
      };
      el.append = (...nodes: (Fake | string)[]) =>
        el.children.push(...nodes.map((n) => (typeof n === 'string' ? { text: n, attrs: {}, children: [] } : n)));
      return el;
    },
  };

  it('builds links that open a new tab without an opener, and text as text nodes', () => {
    vi.stubGlobal('document', fakeDocument);
    const el = toDom({ tag: 'p', children: ['<b>hi</b> ', a('https://acme.com/', 'site')] }) as unknown as Fake;
    expect(el).toMatchObject({
      tag: 'p',
      children: [
        { text: '<b>hi</b> ' },
        { tag: 'a', attrs: { href: 'https://acme.com/', target: '_blank', rel: 'noopener nofollow' }, children: [{ text: 'site' }] },
      ],
    });
  });
});
