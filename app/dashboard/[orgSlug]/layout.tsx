import type { ReactNode } from 'react';
import { DashboardShell } from '@/components/dashboard/shell';
import { LiveProvider } from '@/components/live/live-provider';
import { authProvider } from '@/lib/auth/provider';
import { getOrgContext, getUserSupabase } from '@/lib/dashboard/context';
import { getInboxCounts } from '@/lib/data/conversations';
import { getMyAvailability } from '@/lib/data/members';
import { countUnreadNotifications, getDeskAlerts, listNotifications, NOTIFICATION_PAGE_SIZE } from '@/lib/data/notifications';
import { getMyMemberships } from '@/lib/data/organizations';
import { serverEnv } from '@/lib/env/server';

/** Every page under /dashboard/<orgSlug>: a member of that organization, or a 404; live updates for the organization. */
export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await getOrgContext(orgSlug);
  const { supabase: userClient } = await getUserSupabase();
  const [memberships, inbox, available, notifications, unreadNotifications, deskAlerts] = await Promise.all([
    getMyMemberships(userClient, { userId: ctx.user.userId }),
    getInboxCounts(ctx.supabase),
    ctx.role === 'viewer' ? null : getMyAvailability(ctx.supabase, { organizationId: ctx.org.id, userId: ctx.user.userId }),
    listNotifications(ctx.supabase, { offset: 0, limit: NOTIFICATION_PAGE_SIZE }),
    countUnreadNotifications(ctx.supabase),
    getDeskAlerts(ctx.supabase, { organizationId: ctx.org.id, userId: ctx.user.userId }),
  ]);
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_ANON_KEY: anonKey } = serverEnv();
  return (
    <LiveProvider
      key={ctx.org.id}
      api={{ url, anonKey }}
      orgId={ctx.org.id}
      orgSlug={ctx.org.slug}
      me={{ id: ctx.user.userId, name: ctx.user.name ?? ctx.user.email }}
    >
      <DashboardShell
        org={{ slug: ctx.org.slug, name: ctx.org.name, role: ctx.role }}
        organizations={memberships.map((m) => ({ slug: m.organization.slug, name: m.organization.name, role: m.role }))}
        user={{ name: ctx.user.name, email: ctx.user.email }}
        provider={authProvider()}
        unreadCount={inbox.unread}
        available={available}
        notifications={{ initial: { ...notifications, unread: unreadNotifications }, deskAlerts }}
      >
        {children}
      </DashboardShell>
    </LiveProvider>
  );
}
