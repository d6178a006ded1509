'use client';

import { ActionIcon, Badge, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { useLive } from '@/components/live/live-provider';
import { showDeskAlert } from '@/components/notifications/alerts';
import { RelativeTime } from '@/components/notifications/relative-time';
import { clearNotificationsAction, markNotificationsReadAction } from '@/lib/dashboard/actions/notifications';
import { initialActionState } from '@/lib/dashboard/action-state';
import { badgeCount } from '@/lib/dashboard/format';
import { countUnreadNotifications, listNotifications, NOTIFICATION_PAGE_SIZE, type NotificationItem } from '@/lib/data/notifications';

export interface NotificationsSnapshot {
  items: NotificationItem[];
  total: number;
  unread: number;
}

const KIND_LABELS: Record<NotificationItem['kind'], string> = {
  escalation: 'New escalation',
  visitor_reply: 'Visitor replied',
};

const REFETCH_DEBOUNCE_MS = 300;

const newest = (items: NotificationItem[], since: string) => items.reduce((max, item) => (item.createdAt > max ? item.createdAt : max), since);

/**
 * The header's notification centre: a bell with the member's unread count and a popover with their
 * latest notifications (new escalations, visitor replies in their conversations). Server-rendered
 * with the layout; a message or conversation change announced on the organization's channel
 * refetches it through PostgREST as the member (RLS returns only their own rows). Marking read and
 * clearing go through server actions. With desk alerts on, a notification newer than any seen
 * before shows a browser notification and beeps, unless the member is looking at its conversation.
 */
export function NotificationCenter({ orgSlug, initial, deskAlerts }: { orgSlug: string; initial: NotificationsSnapshot; deskAlerts: boolean }) {
  const { client, onOrgEvent, onCatchUp } = useLive();
  const router = useRouter();
  const pathname = usePathname();
  const [opened, setOpened] = useState(false);
  const [failed, setFailed] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  // a server re-render of the layout (after an action or a live refresh) brings fresh data too
  const initialKey = JSON.stringify(initial);
  const [state, setState] = useState({ initialKey, data: initial });
  if (state.initialKey !== initialKey) setState({ initialKey, data: initial });
  const { items, total, unread } = state.data;
  const base = `/dashboard/${orgSlug}`;
  const hrefOf = useCallback((item: NotificationItem) => `${base}/conversations/${item.conversationId}`, [base]);

  // alerts: what is newer than everything this page has shown so far, whichever path brought it
  const seen = useRef(newest(initial.items, ''));
  const where = useRef({ pathname, deskAlerts });
  useEffect(() => {
    where.current = { pathname, deskAlerts };
  }, [pathname, deskAlerts]);
  useEffect(() => {
    const fresh = items.filter((item) => !item.read && item.createdAt > seen.current);
    seen.current = newest(items, seen.current);
    const first = fresh[0];
    if (!first || !where.current.deskAlerts) return;
    const href = hrefOf(first);
    if (document.visibilityState === 'visible' && where.current.pathname === href) return;
    showDeskAlert({
      title: KIND_LABELS[first.kind],
      body: first.ticketRef ? `${first.ticketRef} · ${first.subject}` : first.subject,
      tag: first.id,
      onClick: () => router.push(href),
    });
  }, [items, hrefOf, router]);

  const shown = useRef(items.length);
  useEffect(() => {
    shown.current = items.length;
  }, [items.length]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refetchNow = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (!client) return;
    const refetch = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        Promise.all([
          listNotifications(client, { offset: 0, limit: Math.max(NOTIFICATION_PAGE_SIZE, shown.current) }),
          countUnreadNotifications(client),
        ])
          .then(([list, count]) => {
            setFailed(false);
            setState((s) => ({ ...s, data: { items: list.items, total: list.total, unread: count } }));
          })
          .catch(() => setFailed(true));
      }, REFETCH_DEBOUNCE_MS);
    };
    const offEvent = onOrgEvent((event) => {
      if (event === 'messages_created' || event === 'conversations_changed') refetch();
    });
    const offCatchUp = onCatchUp(refetch);
    refetchNow.current = refetch;
    return () => {
      offEvent();
      offCatchUp();
      refetchNow.current = null;
      clearTimeout(timer.current);
    };
  }, [client, onOrgEvent, onCatchUp]);
  // opening a conversation marks its notifications read (mark_conversation_read), and the layout
  // holding the bell does not re-render on a navigation: look again once the page has changed
  useEffect(() => refetchNow.current?.(), [pathname]);

  const loadMore = () => {
    if (!client) return;
    setLoadingMore(true);
    listNotifications(client, { offset: items.length, limit: NOTIFICATION_PAGE_SIZE })
      .then((more) => {
        setFailed(false);
        setState((s) => {
          const known = new Set(s.data.items.map((item) => item.id));
          return { ...s, data: { ...s.data, items: [...s.data.items, ...more.items.filter((item) => !known.has(item.id))], total: more.total } };
        });
      })
      .catch(() => setFailed(true))
      .finally(() => setLoadingMore(false));
  };

  const run = (action: typeof markNotificationsReadAction, fields: { ids?: string[]; all?: boolean }) => {
    const form = new FormData();
    form.set('orgSlug', orgSlug);
    for (const id of fields.ids ?? []) form.append('ids', id);
    if (fields.all) form.set('all', 'on');
    startTransition(async () => {
      const result = await action(initialActionState, form);
      if (result.status === 'error') setFailed(true);
    });
  };
  const markRead = (item: NotificationItem) => {
    setOpened(false);
    if (item.read) return;
    setState((s) => ({
      ...s,
      data: { ...s.data, unread: Math.max(0, s.data.unread - 1), items: s.data.items.map((i) => (i.id === item.id ? { ...i, read: true } : i)) },
    }));
    run(markNotificationsReadAction, { ids: [item.id] });
  };
  const markAllRead = () => {
    setState((s) => ({ ...s, data: { ...s.data, unread: 0, items: s.data.items.map((i) => ({ ...i, read: true })) } }));
    run(markNotificationsReadAction, { all: true });
  };
  const clearAll = () => {
    setState((s) => ({ ...s, data: { items: [], total: 0, unread: 0 } }));
    run(clearNotificationsAction, { all: true });
  };

  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    // the indicator outside the popover: Popover.Target puts aria-expanded on its child, which must
    // be the button (on the indicator's div axe flags it, aria-allowed-attr)
    <Indicator label={badgeCount(unread)} size={16} color="orange" disabled={unread === 0} offset={4}>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" withinPortal trapFocus>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={label} data-testid="notification-bell" onClick={() => setOpened((o) => !o)}>
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0} data-testid="notification-centre" role="dialog" aria-label="Notifications">
          <Group justify="space-between" px="sm" py={8} wrap="nowrap">
            <Text fw={600} size="sm">
              Notifications
            </Text>
            <Group gap={4} wrap="nowrap">
              <Button size="compact-xs" variant="subtle" onClick={markAllRead} disabled={unread === 0}>
                Mark all read
              </Button>
              <Button size="compact-xs" variant="subtle" color="red" onClick={clearAll} disabled={items.length === 0}>
                Clear all
              </Button>
            </Group>
          </Group>
          {failed && (
            <Text size="xs" c="red.9" px="sm" pb={6} role="alert">
              Notifications could not be updated. Try again in a moment.
            </Text>
          )}
          {items.length === 0 ? (
            <Text size="sm" c="dimmed" px="sm" pb="md">
              No notifications. New escalations and visitor replies in your conversations show up here.
            </Text>
          ) : (
            <ScrollArea.Autosize mah={420}>
              <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Latest notifications">
                {items.map((item) => (
                  <li key={item.id}>
                    <UnstyledButton
                      component={Link}
                      href={hrefOf(item)}
                      onClick={() => markRead(item)}
                      px="sm"
                      py={8}
                      display="block"
                      data-testid="notification-item"
                      data-read={item.read}
                      style={{
                        borderTop: '1px solid var(--mantine-color-gray-2)',
                        background: item.read ? undefined : 'var(--mantine-color-blue-0)',
                      }}
                    >
                      <Group justify="space-between" wrap="nowrap" gap="xs">
                        <Text size="xs" fw={700} c={item.kind === 'escalation' ? 'orange.9' : 'blue.9'}>
                          {KIND_LABELS[item.kind]}
                          {!item.read && <VisuallyHidden component="span"> (unread)</VisuallyHidden>}
                        </Text>
                        <Text size="xs" c="dimmed">
                          <RelativeTime iso={item.createdAt} />
                        </Text>
                      </Group>
                      <Text size="sm" truncate>
                        {item.ticketRef && (
                          <Badge size="xs" variant="light" color="gray" mr={6} component="span">
                            {item.ticketRef}
                          </Badge>
                        )}
                        {item.subject}
                      </Text>
                    </UnstyledButton>
                  </li>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
          {items.length < total && (
            <Group justify="center" p={6}>
              <Button size="compact-xs" variant="subtle" onClick={loadMore} loading={loadingMore} disabled={!client}>
                Load more
              </Button>
            </Group>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

function BellIcon() {
  return (
    <svg
      width={20}
      height={20}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}
