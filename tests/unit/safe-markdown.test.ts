import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SafeMarkdown } from '@/components/markdown/safe-markdown';

/**
 * The dashboard's Markdown (agents' replies and notes, AI answers, articles): hostile input comes
 * out as text or not at all, never as markup, a script URL or an event handler.
 */
const render = (source: string, props: { anchors?: boolean } = {}) =>
  // no JSX in a .ts test file: the Markdown source goes in as the children prop
  // eslint-disable-next-line react/no-children-prop -- see above
  renderToStaticMarkup(createElement(SafeMarkdown, { compact: true, ...props, children: source }));

describe('SafeMarkdown', () => {
  it('renders bold, lists, code and links, bare URLs included, opening other sites in a new tab', () => {
    const html = render('**Reset** it:\n\n- open `Settings`\n- see [the guide](https://acme.com/guide) or https://acme.com/faq\n\n```\nnpm i\n```');
    expect(html).toContain('<strong>Reset</strong>');
    expect(html).toContain('<li>open <code>Settings</code></li>');
    expect(html).toContain('<a href="https://acme.com/guide" rel="noopener nofollow" target="_blank">the guide</a>');
    expect(html).toContain('<a href="https://acme.com/faq" rel="noopener nofollow" target="_blank">https://acme.com/faq</a>');
    expect(html).toContain('<pre><code>npm i\n</code></pre>');
  });

  it('shows a link whose target was refused as its text', () => {
    expect(render('[click](javascript:alert(1))')).toContain('<span>click</span>');
  });

  it('keeps same-page links in the tab', () => {
    expect(render('[below](#setup)')).toContain('<a href="#setup" rel="noopener nofollow">below</a>');
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>hello', /<script/i],
    ['an event handler', '<img src=x onerror=alert(1)>', /onerror/i],
    ['an iframe', '<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['a javascript: link', '[click](javascript:alert(1))', /javascript:/i],
    ['a mixed-case javascript: link', '[click](JaVaScRiPt:alert(1))', /javascript:/i],
    ['an entity-encoded javascript: link', '[click](&#106;avascript:alert(1))', /javascript:/i],
    ['a data: link', '[click](data:text/html;base64,PHNjcmlwdD4=)', /data:text/i],
    ['a javascript: image', '![x](javascript:alert(1))', /javascript:/i],
    ['a reference link', '[click][x]\n\n[x]: javascript:alert(1)', /javascript:/i],
    ['HTML nested in emphasis', '**<a href="javascript:alert(1)">x</a>**', /<a /i],
    ['a link nested in a link', '[[inner](javascript:alert(1))](https://ok.example)', /javascript:/i],
    ['an autolink', '<javascript:alert(1)>', /href="javascript/i],
  ])('drops %s', (_name, source, forbidden) => {
    const html = render(source);
    expect(html).not.toMatch(forbidden);
    expect(html).not.toMatch(/src=""/);
  });

  it('gives article headings the anchors the retrieval cites', () => {
    expect(render('# Lost your phone?\n\n## Lost your phone?', { anchors: true })).toMatch(
      /<h2 id="lost-your-phone">Lost your phone\?<\/h2>\s*<h2 id="lost-your-phone-1">/,
    );
  });
});
