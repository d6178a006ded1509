import { describe, expect, it } from 'vitest';
import { markdownToHtml, markdownToText, parseMarkdown } from '../../supabase/functions/_shared/markdown';
import { parseMarkdown as widgetParse } from '../../widget/src/markdown';

/** The outbound channels' Markdown (supabase/functions/_shared/markdown.ts): email HTML and Messenger/Zalo text. */
const reply = [
  'Hi **Robin**, here is what to do:',
  '',
  '- open *Settings*',
  '- click [Billing](https://acme.com/billing)',
  '',
  '1. copy `ORDER-42`',
  '2. paste it ~~here~~ there',
  '',
  '```',
  'npm install **not bold**',
  '```',
  '',
  'See https://acme.com/help. Or mail [us](mailto:help@acme.com).',
].join('\n');

describe('markdownToText', () => {
  it('drops emphasis markers, keeps lists as "- " and numbers, links as "text (url)", code unfenced', () => {
    expect(markdownToText(reply)).toBe(
      [
        'Hi Robin, here is what to do:',
        '',
        '- open Settings',
        '- click Billing (https://acme.com/billing)',
        '',
        '1. copy ORDER-42',
        '2. paste it here there',
        '',
        'npm install **not bold**',
        '',
        'See https://acme.com/help. Or mail us (help@acme.com).',
      ].join('\n'),
    );
  });

  it('keeps an unsafe link as its text only, and HTML as the visible text it was', () => {
    expect(markdownToText('[click](javascript:void) <b>hi</b>')).toBe('click <b>hi</b>');
  });

  it('leaves plain text as it is, line breaks included', () => {
    expect(markdownToText('Thanks!\nSee you soon')).toBe('Thanks!\nSee you soon');
    expect(markdownToText('')).toBe('');
  });
});

describe('markdownToHtml', () => {
  it('renders the subset as known tags, links opening a new tab without opener', () => {
    const html = markdownToHtml(reply);
    expect(html).toContain('<p>Hi <strong>Robin</strong>, here is what to do:</p>');
    expect(html).toContain(
      '<ul><li>open <em>Settings</em></li><li>click <a href="https://acme.com/billing" target="_blank" rel="noopener nofollow">Billing</a></li></ul>',
    );
    expect(html).toContain('<ol><li>copy <code>ORDER-42</code></li><li>paste it <del>here</del> there</li></ol>');
    expect(html).toContain('<pre><code>npm install **not bold**</code></pre>');
    expect(html).toContain('<a href="https://acme.com/help" target="_blank" rel="noopener nofollow">https://acme.com/help</a>.');
  });

  it('never lets the author write markup: HTML is escaped, unsafe links are text', () => {
    const html = markdownToHtml('<img src=x onerror=alert(1)> [x](javascript:void) [y](data:text/html,hi) "quoted" & \'single\'');
    expect(html).toBe('<p>&lt;img src=x onerror=alert(1)&gt; x y &quot;quoted&quot; &amp; &#39;single&#39;</p>');
    expect(markdownToHtml('[a](https://x.example/?q="><script>)')).not.toContain('<script>');
  });

  it("keeps a paragraph's line breaks", () => {
    expect(markdownToHtml('one\ntwo')).toBe('<p>one<br>two</p>');
  });
});

describe('one parser for every channel', () => {
  it('parses exactly as the widget does', () => {
    for (const source of [reply, '**a *b* c** __d__ snake_case www.acme.com/x).', '* one\n+ two\n\n3) three', '```js\nx\n', '# Title\ntext']) {
      expect(parseMarkdown(source)).toEqual(widgetParse(source));
    }
  });
});
