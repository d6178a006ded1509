'use client';

import { Group, Text } from '@mantine/core';
import { useEffect } from 'react';
import { eventNames, useLive, type OrgEvent } from '@/components/live/live-provider';

/** How often a page re-renders while the live channel is down (the fallback, not the normal path). */
const FALLBACK_INTERVAL_MS = 4000;

/**
 * Keeps a page's server-rendered data current: re-renders it when the organization's channel
 * announces one of `events` (only those naming one of `ids`, when given), and once after a
 * reconnect to catch up on what was missed. Only while the channel cannot be joined does it fall
 * back to re-rendering every few seconds. Shows which of the two is happening.
 */
export function LiveRefresh({ events, ids }: { events: readonly OrgEvent[]; ids?: readonly string[] }) {
  const { status, onOrgEvent, onCatchUp, refresh } = useLive();
  const eventKey = events.join(',');
  const idKey = ids?.join(',') ?? '';
  useEffect(
    () =>
      onOrgEvent((event, payload) => {
        if (!eventKey.split(',').includes(event)) return;
        if (idKey && !eventNames(payload, idKey.split(','))) return;
        refresh();
      }),
    [onOrgEvent, refresh, eventKey, idKey],
  );
  useEffect(() => onCatchUp(refresh), [onCatchUp, refresh]);
  useEffect(() => {
    if (status !== 'offline') return;
    const id = setInterval(refresh, FALLBACK_INTERVAL_MS);
    return () => clearInterval(id);
  }, [status, refresh]);

  const label = status === 'live' ? 'Live' : status === 'offline' ? 'Reconnecting' : 'Connecting';
  return (
    <Group
      gap={6}
      aria-label={status === 'live' ? 'Updates live' : 'Updates every few seconds until the live connection is back'}
      data-testid="live-status"
      data-status={status}
    >
      <span
        aria-hidden
        style={{
          width: 8,
          height: 8,
          borderRadius: 8,
          background: status === 'live' ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-gray-5)',
        }}
      />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}
