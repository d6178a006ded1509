import { isValidElement } from 'react';
import { expect, it } from 'vitest';
import { highlight, queryTerms } from '@/components/inbox/message-results';
import { badgeCount } from '@/lib/dashboard/format';

/** The small formatting rules of the inbox: the navigation badge and the search highlight. */
it('the navigation badge says "9+" past nine instead of overflowing its circle ("3..")', () => {
  expect([0, 1, 9, 10, 34, 1200].map(badgeCount)).toEqual(['0', '1', '9', '9+', '9+', '9+']);
});

it('highlights the words of a web-style query, not its operators or excluded words', () => {
  expect(queryTerms('"charged twice" or refund -xml a')).toEqual(['charged', 'twice', 'refund']);
  const parts = highlight('I was CHARGED twice, please refund (x.y)', queryTerms('charged refund (x.y'));
  const marked = parts.filter(isValidElement).map((p) => (p.props as { children: string }).children);
  expect(marked).toEqual(['CHARGED', 'refund', 'x.y']);
});

it('shows the part of a long message around the first match', () => {
  const body = `${'a'.repeat(500)} needle ${'b'.repeat(500)}`;
  const text = highlight(body, ['needle'])
    .map((p) => (isValidElement(p) ? (p.props as { children: string }).children : p))
    .join('');
  expect(text.startsWith('…')).toBe(true);
  expect(text).toContain('needle');
  expect(text.length).toBeLessThan(300);
});
