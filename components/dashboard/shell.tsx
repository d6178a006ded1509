'use client';

import { UserButton } from '@clerk/nextjs';
import { AppShell, Avatar, Burger, Button, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { AvailabilityToggle } from '@/components/dashboard/availability-toggle';
import { UnreadBadge } from '@/components/live/unread-badge';
import { NotificationCenter, type NotificationsSnapshot } from '@/components/notifications/notification-center';
import { BrandMark } from '@/components/ui/brand';
import { signOut } from '@/lib/auth/local-actions';
import { atLeast, ROLE_LABELS, type MemberRole } from '@/lib/dashboard/roles';

export interface ShellOrg {
  slug: string;
  name: string;
  role: MemberRole;
}

export interface ShellProps {
  org: ShellOrg;
  organizations: ShellOrg[];
  user: { name: string | null; email: string };
  provider: 'clerk' | 'local';
  /** open conversations with a visitor message the signed-in member has not seen */
  unreadCount: number;
  /** The member's own availability for automatic assignment; null for viewers, who are never assigned. */
  available: boolean | null;
  /** The member's own notifications (the header's centre) and whether they opted into browser alerts. */
  notifications: { initial: NotificationsSnapshot; deskAlerts: boolean };
  children: ReactNode;
}

const NAV = [
  { segment: 'tickets', label: 'Tickets' },
  { segment: 'conversations', label: 'Conversations' },
  { segment: 'knowledge', label: 'Knowledge base' },
  { segment: 'canned-responses', label: 'Canned responses' },
  { segment: 'labels', label: 'Labels' },
  { segment: 'visitors', label: 'Visitors' },
  { segment: 'websites', label: 'Websites' },
  { segment: 'integrations', label: 'Integrations', admin: true },
  { segment: 'analytics', label: 'Analytics' },
  { segment: 'proposals', label: 'Proposals' },
  { segment: 'team', label: 'Team' },
  { segment: 'members', label: 'Members' },
  { segment: 'preferences', label: 'Your notifications' },
  // admin-only pages answer the other roles 403, so they do not offer them
  { segment: 'settings', label: 'Settings', exact: true, admin: true },
  { segment: 'settings/api-keys', label: 'API keys', admin: true },
  { segment: 'webhooks', label: 'Webhooks', admin: true },
  { segment: 'business-hours', label: 'Business hours', admin: true },
  { segment: 'sla', label: 'SLA policies', admin: true },
] as const;

/** The dashboard frame: header with org switcher and account menu, navigation (a drawer on phones). */
export function DashboardShell({ org, organizations, user, provider, unreadCount, available, notifications, children }: ShellProps) {
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = usePathname();
  const base = `/dashboard/${org.slug}`;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      {/* the first tab stop: past the header and the navigation, straight to the page (WCAG 2.4.1) */}
      <a
        href="#main-content"
        className="skip-link"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <BrandMark href="/dashboard" />
            <OrgSwitcher current={org} organizations={organizations} />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationCenter orgSlug={org.slug} initial={notifications.initial} deskAlerts={notifications.deskAlerts} />
            {available !== null && <AvailabilityToggle orgSlug={org.slug} available={available} />}
            {provider === 'clerk' ? <UserButton /> : <AccountMenu user={user} role={org.role} orgSlug={org.slug} />}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Dashboard">
        <AppShell.Section grow component={ScrollArea}>
          {NAV.filter((item) => !('admin' in item) || atLeast(org.role, 'admin')).map((item) => {
            const href = `${base}/${item.segment}`;
            const active = 'exact' in item ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
            return (
              <NavLink
                key={item.segment}
                component={Link}
                href={href}
                label={item.label}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={close}
                rightSection={item.segment === 'conversations' ? <UnreadBadge initial={unreadCount} /> : undefined}
              />
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

function OrgSwitcher({ current, organizations }: { current: ShellOrg; organizations: ShellOrg[] }) {
  return (
    <Menu position="bottom-start" width={260} withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs" aria-label={`Organization: ${current.name}. Switch organization`} data-testid="org-switcher">
          <Text size="sm" fw={600} truncate maw={{ base: 110, sm: 220 }}>
            {current.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your organizations</Menu.Label>
        {organizations.map((o) => (
          <Menu.Item
            key={o.slug}
            component={Link}
            href={`/dashboard/${o.slug}/tickets`}
            aria-current={o.slug === current.slug ? 'true' : undefined}
            rightSection={
              <Text size="xs" c="dimmed">
                {ROLE_LABELS[o.role]}
              </Text>
            }
          >
            {o.name}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item component={Link} href="/dashboard">
          All organizations
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function AccountMenu({ user, role, orgSlug }: { user: { name: string | null; email: string }; role: MemberRole; orgSlug: string }) {
  const label = user.name ?? user.email;
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${label}`}>
          <Group gap={8} wrap="nowrap">
            <Avatar name={label} color="initials" size="sm" />
            <Text size="sm" visibleFrom="sm">
              {label}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user.email} · {ROLE_LABELS[role]}
        </Menu.Label>
        {/* reopens the team profile onboarding dialog (issue 15) */}
        <Menu.Item component={Link} href={`/dashboard/${orgSlug}/team?onboarding=1`}>
          Team profile
        </Menu.Item>
        <form action={signOut}>
          <Menu.Item component="button" type="submit">
            Sign out
          </Menu.Item>
        </form>
      </Menu.Dropdown>
    </Menu>
  );
}
