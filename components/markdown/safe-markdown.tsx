import { Typography } from '@mantine/core';
import type { ComponentProps } from 'react';
import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * The one way Concierge renders Markdown written by members or imported from elsewhere (articles
 * in the dashboard, and anywhere else that shows them): GitHub-flavoured Markdown, with raw HTML
 * dropped rather than rendered (`skipHtml`: no <script>, <iframe> or event handlers can ride
 * along), URLs limited to http(s), mailto, tel and relative ones (react-markdown's
 * defaultUrlTransform empties javascript: and data: links), and every link marked
 * rel="nofollow noopener" (an article's links are not endorsements, and a new tab gets no
 * handle on this page).
 */
export const MARKDOWN_LINK_REL = 'nofollow noopener';

const components: Components = {
  a: ({ node: _node, ...props }: ComponentProps<'a'> & { node?: unknown }) => <a {...props} rel={MARKDOWN_LINK_REL} />,
  // images load from the author's URL only after the same URL rule; lazy so a long article stays light
  img: ({ node: _node, alt, ...props }: ComponentProps<'img'> & { node?: unknown }) => (
    // eslint-disable-next-line @next/next/no-img-element -- arbitrary authors' URLs, not optimizable assets
    <img {...props} alt={alt ?? ''} loading="lazy" referrerPolicy="no-referrer" style={{ maxWidth: '100%' }} />
  ),
};

export function SafeMarkdown({ children, label }: { children: string; label?: string }) {
  return (
    <Typography>
      <div aria-label={label} role={label ? 'region' : undefined}>
        <Markdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={defaultUrlTransform} components={components}>
          {children}
        </Markdown>
      </div>
    </Typography>
  );
}
