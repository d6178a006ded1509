import { Typography } from '@mantine/core';
import type { ComponentProps, ComponentPropsWithoutRef, ReactNode } from 'react';
import { Children, isValidElement } from 'react';
import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { anchorSequence } from '@/lib/help/slug';
import classes from './compact.module.css';

/**
 * The one way Concierge renders Markdown written by members, the AI or imported from elsewhere
 * (articles in the dashboard and the help center, agents' replies, notes and AI answers in the
 * thread): GitHub-flavoured Markdown (bare URLs become links), with raw HTML dropped rather than
 * rendered (`skipHtml`: no <script>, <iframe> or event handlers can ride along), URLs limited to
 * http(s), mailto, tel and relative ones (react-markdown's defaultUrlTransform empties
 * javascript: and data: links), and every link marked rel="noopener nofollow" (a link is not an
 * endorsement, and a new tab gets no handle on this page). Links to other sites open in a new tab
 * (a reader keeps the conversation or article); in-page and same-site links stay in it.
 */
export const MARKDOWN_LINK_REL = 'noopener nofollow';

type NodeProps<T extends keyof React.JSX.IntrinsicElements> = ComponentProps<T> & { node?: unknown };

const isExternal = (href: string | undefined) => !!href && /^(https?:)?\/\//i.test(href);

function textOf(node: ReactNode): string {
  return Children.toArray(node)
    .map((child) =>
      typeof child === 'string' || typeof child === 'number'
        ? String(child)
        : isValidElement<{ children?: ReactNode }>(child)
          ? textOf(child.props.children)
          : '',
    )
    .join('');
}

const base: Components = {
  // a link whose URL the filter emptied (javascript:, data:) is shown as its text, not as a dead link
  a: ({ node: _node, href, children, ...props }: NodeProps<'a'>) =>
    href ? (
      <a {...props} href={href} rel={MARKDOWN_LINK_REL} target={isExternal(href) ? '_blank' : undefined}>
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // images load from the author's URL only after the same URL rule; lazy so a long article stays light
  // and an image whose URL the rule emptied (javascript:, data:) is left out, not requested as ""
  img: ({ node: _node, alt, src, ...props }: NodeProps<'img'>) =>
    src ? (
      // eslint-disable-next-line @next/next/no-img-element -- arbitrary authors' URLs, not optimizable assets
      <img {...props} src={src} alt={alt ?? ''} loading="lazy" referrerPolicy="no-referrer" style={{ maxWidth: '100%' }} />
    ) : null,
};

/**
 * Headings with the anchors the retrieval cites (private.heading_anchor), so a widget answer links
 * to the right section; the page's title is the one h1, so an article's top-level headings are h2.
 */
function withAnchors(): Components {
  const anchor = anchorSequence();
  const heading =
    (Tag: 'h2' | 'h3' | 'h4' | 'h5' | 'h6') =>
    // eslint-disable-next-line react/display-name -- a factory of the six heading renderers
    ({ children: content, node: _node, ...props }: ComponentPropsWithoutRef<'h2'> & { node?: unknown }) => (
      <Tag id={anchor(textOf(content))} {...props}>
        {content}
      </Tag>
    );
  return { ...base, h1: heading('h2'), h2: heading('h2'), h3: heading('h3'), h4: heading('h4'), h5: heading('h5'), h6: heading('h6') };
}

export function SafeMarkdown({
  children,
  label,
  anchors = false,
  bare = false,
  compact = false,
}: {
  children: string;
  label?: string;
  /** article headings get their section anchors (the help center) */
  anchors?: boolean;
  /** no Mantine typography around it: the page styles it (the help center's own stylesheet) */
  bare?: boolean;
  /** a chat bubble's Markdown: small type, tight blocks (messages, assistant turns) */
  compact?: boolean;
}) {
  const body = (
    <Markdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={defaultUrlTransform} components={anchors ? withAnchors() : base}>
      {children}
    </Markdown>
  );
  if (compact) {
    return (
      <div className={classes.compact} data-testid="markdown">
        {body}
      </div>
    );
  }
  if (bare) return body;
  return (
    <Typography>
      <div aria-label={label} role={label ? 'region' : undefined}>
        {body}
      </div>
    </Typography>
  );
}
