'use client';

import { Group, Text } from '@mantine/core';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useTransition } from 'react';

/**
 * Re-renders the server page every few seconds so new conversations and escalations appear
 * without a reload (the local stack has no realtime server; polling is cheap: one page render).
 * Skips a tick while the previous refresh is still rendering, and while the tab is hidden.
 */
export function AutoRefresh({ intervalMs = 4000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const busy = useRef(false);
  useEffect(() => {
    busy.current = pending;
  }, [pending]);
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState !== 'visible' || busy.current) return;
      startTransition(() => router.refresh());
    }, intervalMs);
    return () => clearInterval(id);
  }, [router, intervalMs]);
  return (
    <Group gap={6} aria-label="Updates automatically">
      <span aria-hidden style={{ width: 8, height: 8, borderRadius: 8, background: 'var(--mantine-color-teal-6)' }} />
      <Text size="xs" c="dimmed">
        Live
      </Text>
    </Group>
  );
}
