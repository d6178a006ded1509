'use client';

import { Anchor, Button, Card, NavLink, type AnchorProps, type ButtonProps, type CardProps, type NavLinkProps } from '@mantine/core';
import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * Mantine components rendered as Next links. `component={Link}` passes a function as a prop,
 * which server components cannot do; these client wrappers let server pages use them.
 */
type LinkExtras = {
  href: string;
  children?: ReactNode;
  'aria-label'?: string;
  'aria-current'?: 'page' | 'true';
  role?: string;
  'data-testid'?: string;
};

export function ButtonLink(props: ButtonProps & LinkExtras) {
  return <Button component={Link} {...props} />;
}

export function AnchorLink(props: AnchorProps & LinkExtras) {
  return <Anchor component={Link} {...props} />;
}

export function CardLink(props: CardProps & LinkExtras) {
  return <Card component={Link} {...props} />;
}

export function NavLinkLink(props: NavLinkProps & LinkExtras) {
  return <NavLink component={Link} {...props} />;
}
