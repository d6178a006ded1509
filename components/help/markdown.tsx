import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { Children, isValidElement } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { anchorSequence } from '@/lib/help/slug';

/**
 * An article body rendered safely: Markdown and GFM (tables, lists, strikethrough), raw HTML
 * dropped (skipHtml), link targets through react-markdown's URL filter (no javascript:), every
 * link rel="nofollow noopener", and headings with the anchors the retrieval cites
 * (private.heading_anchor), so a widget answer links to the right section.
 */
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

export function Markdown({ children }: { children: string }) {
  const anchor = anchorSequence();
  const heading =
    (Tag: 'h2' | 'h3' | 'h4' | 'h5' | 'h6') =>
    // eslint-disable-next-line react/display-name -- a factory of the six heading renderers
    ({ children: content, node: _node, ...props }: ComponentPropsWithoutRef<'h2'> & { node?: unknown }) => (
      <Tag id={anchor(textOf(content))} {...props}>
        {content}
      </Tag>
    );
  const components: Components = {
    // the page's title is the one h1; an article's own top-level headings become h2
    h1: heading('h2'),
    h2: heading('h2'),
    h3: heading('h3'),
    h4: heading('h4'),
    h5: heading('h5'),
    h6: heading('h6'),
    a: ({ node: _node, children: content, ...props }) => (
      <a {...props} rel="nofollow noopener">
        {content}
      </a>
    ),
    img: ({ node: _node, alt, ...props }) => (
      // eslint-disable-next-line @next/next/no-img-element -- remote images of any size; next/image needs known hosts
      <img {...props} alt={alt ?? ''} loading="lazy" />
    ),
  };
  return (
    <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
      {children}
    </ReactMarkdown>
  );
}
