'use client';

import { Badge } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useLive } from '@/components/live/live-provider';
import { badgeCount } from '@/lib/dashboard/format';

const REFETCH_DEBOUNCE_MS = 300;

/**
 * The navigation's count of conversations with visitor messages the signed-in member has not
 * seen. Server-rendered with the page; on any page, a message or conversation change announced on
 * the organization's channel refetches it (inbox_counts, through PostgREST as the member).
 */
export function UnreadBadge({ initial }: { initial: number }) {
  const { client, onOrgEvent, onCatchUp } = useLive();
  const [state, setState] = useState({ initial, count: initial });
  // a server re-render of the layout brings a fresh count too
  if (state.initial !== initial) setState({ initial, count: initial });
  const count = state.count;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!client) return;
    const refetch = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        void client
          .rpc('inbox_counts')
          .single()
          .then(({ data }) => {
            if (data) setState((s) => ({ ...s, count: data.unread }));
          });
      }, REFETCH_DEBOUNCE_MS);
    };
    const offEvent = onOrgEvent((event) => {
      if (event === 'messages_created' || event === 'conversations_changed') refetch();
    });
    const offCatchUp = onCatchUp(refetch);
    return () => {
      offEvent();
      offCatchUp();
      clearTimeout(timer.current);
    };
  }, [client, onOrgEvent, onCatchUp]);
  if (count <= 0) return null;
  return (
    <Badge size="sm" color="orange" circle={count <= 9} aria-label={`${count} unread`} data-testid="nav-unread">
      {badgeCount(count)}
    </Badge>
  );
}
