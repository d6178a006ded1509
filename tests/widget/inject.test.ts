import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { WIDGET_BUNDLE } from '../../scripts/build-widget';

vi.mock('server-only', () => ({}));
const { injectFunctionsUrl } = await import('@/app/widget.js/bundle');

/**
 * /widget.js writes the deployment's functions URL into the bundle's string literal. A URL with
 * characters that end a string or a script (quotes, backticks, `${`, backslashes, line
 * separators, `</script>`) must come out as the same URL, with no code of its own.
 */
const PLACEHOLDER = '__CONCIERGE_FUNCTIONS_URL__';
const HOSTILE = [
  'https://api.example.com/functions/v1',
  'https://x.example/"+alert(1)+"',
  "https://x.example/'+alert(1)+'",
  'https://x.example/`+alert(1)+`${alert(2)}',
  'https://x.example/\\"+alert(1)//',
  'https://x.example/\u2028alert(1)\u2029',
  'https://x.example/\n</script><script>alert(1)</script>',
  'https://user:p@ss@x.example:8443/a b?c=d&e=%22#f',
];

describe('injectFunctionsUrl', () => {
  it.each(HOSTILE)('keeps %j one string in double, single and template literals', (url) => {
    for (const quote of ['"', "'", '`']) {
      const code = injectFunctionsUrl(`return ${quote}${PLACEHOLDER}${quote};`, url);
      // evaluates to the URL itself: nothing in it ran or closed the literal
      expect(new Function(code)()).toBe(url);
      expect(code).not.toMatch(/<\/script/i);
    }
  });

  it('leaves the built bundle valid JavaScript with the URL in it', () => {
    const bundle = readFileSync(WIDGET_BUNDLE, 'utf8');
    expect(bundle).toContain(PLACEHOLDER);
    const url = HOSTILE[1]!;
    const injected = injectFunctionsUrl(bundle, url);
    expect(injected).not.toContain(PLACEHOLDER);
    expect(injected).not.toContain('"+alert(1)+"');
    // parses (without running: new Function only compiles the body)
    expect(() => new Function(injected)).not.toThrow();
  });
});
