'use client';

import { Group, Text } from '@mantine/core';
import type { RealtimeChannel } from '@supabase/supabase-js';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLive } from '@/components/live/live-provider';

/** Events on `conversation:<id>` that change what the thread page shows. */
const THREAD_EVENTS = new Set(['messages_created', 'conversation_changed', 'ticket_changed']);
/** At most one "agent is typing" per this long; the widget shows it for a few seconds after each. */
const TYPING_THROTTLE_MS = 2000;
/** The widget sends "visitor is typing" while the visitor types: shown this long after the last one. */
const TYPING_SHOWN_MS = 5000;

export interface Colleague {
  id: string;
  name: string;
  replying: boolean;
}

interface ThreadLiveValue {
  /** Others on this conversation now (this member's other tabs excluded). */
  colleagues: Colleague[];
  visitorTyping: boolean;
  /** The reply box changed: `hasText` says whether a reply is being written, `toVisitor` whether the visitor may hear of it (not for internal notes). */
  composing: (hasText: boolean, toVisitor: boolean) => void;
}

const ThreadLiveContext = createContext<ThreadLiveValue | null>(null);

/** The open thread's live state, or null outside one (the reply form works without it). */
export function useThreadLive(): ThreadLiveValue | null {
  return useContext(ThreadLiveContext);
}

type PresenceMeta = { name?: unknown; replying?: unknown };

/**
 * An open conversation (its page, or its ticket's): joins the private channel
 * `conversation:<id>` to re-render on its messages and changes, and to show which colleagues are
 * here and whether one is replying (Presence, keyed by member); and the conversation's public
 * widget channel `widget:<widget topic>` for typing both ways with the visitor (payloads
 * `{ from: 'visitor' | 'agent' }`, nothing else, as the widget's contract says).
 */
export function ThreadLive({ conversationId, widgetTopic, children }: { conversationId: string; widgetTopic: string; children: ReactNode }) {
  const { client, me, refresh, onCatchUp } = useLive();
  const [colleagues, setColleagues] = useState<Colleague[]>([]);
  const [visitorTyping, setVisitorTyping] = useState(false);
  const threadChannel = useRef<RealtimeChannel | null>(null);
  const widgetChannel = useRef<RealtimeChannel | null>(null);
  const replying = useRef(false);
  const lastTypingSent = useRef(0);

  useEffect(() => onCatchUp(refresh), [onCatchUp, refresh]);

  useEffect(() => {
    if (!client) return;
    const track = (channel: RealtimeChannel) => void channel.track({ name: me.name, replying: replying.current });
    const thread = client
      .channel(`conversation:${conversationId}`, { config: { private: true, presence: { key: me.id } } })
      .on('broadcast', { event: '*' }, (message) => {
        if (THREAD_EVENTS.has(message.event)) refresh();
      })
      .on('presence', { event: 'sync' }, () => {
        const state = thread.presenceState<PresenceMeta>();
        setColleagues(
          Object.entries(state)
            .filter(([key, metas]) => key !== me.id && metas.length > 0)
            .map(([key, metas]) => ({
              id: key,
              name: typeof metas[0]?.name === 'string' ? metas[0].name : 'A colleague',
              replying: metas.some((m) => m.replying === true),
            })),
        );
      })
      .subscribe((status) => {
        if (status === 'SUBSCRIBED') track(thread);
      });
    threadChannel.current = thread;

    let hideTyping: ReturnType<typeof setTimeout> | undefined;
    const widget = client
      .channel(`widget:${widgetTopic}`)
      .on('broadcast', { event: 'typing' }, (message) => {
        if ((message.payload as { from?: unknown } | undefined)?.from !== 'visitor') return;
        setVisitorTyping(true);
        clearTimeout(hideTyping);
        hideTyping = setTimeout(() => setVisitorTyping(false), TYPING_SHOWN_MS);
      })
      .subscribe();
    widgetChannel.current = widget;
    return () => {
      clearTimeout(hideTyping);
      threadChannel.current = null;
      widgetChannel.current = null;
      void client.removeChannel(thread);
      void client.removeChannel(widget);
    };
  }, [client, conversationId, widgetTopic, me.id, me.name, refresh]);

  const composing = useCallback(
    (hasText: boolean, toVisitor: boolean) => {
      if (hasText !== replying.current) {
        replying.current = hasText;
        const thread = threadChannel.current;
        if (thread?.state === 'joined') void thread.track({ name: me.name, replying: hasText });
      }
      const widget = widgetChannel.current;
      const now = Date.now();
      // only over a joined socket: realtime-js would otherwise fall back to a REST broadcast
      if (!hasText || !toVisitor || widget?.state !== 'joined' || now - lastTypingSent.current < TYPING_THROTTLE_MS) return;
      lastTypingSent.current = now;
      void widget.send({ type: 'broadcast', event: 'typing', payload: { from: 'agent' } });
    },
    [me.name],
  );

  const value = useMemo(() => ({ colleagues, visitorTyping, composing }), [colleagues, visitorTyping, composing]);
  return <ThreadLiveContext.Provider value={value}>{children}</ThreadLiveContext.Provider>;
}

/** "Grace is viewing", "Grace is replying", "Visitor is typing…": who else is on this thread now. */
export function ThreadPresence({ visitorName }: { visitorName: string }) {
  const live = useThreadLive();
  const lines = [
    ...(live?.colleagues ?? []).map((c) => ({ key: c.id, text: `${c.name} is ${c.replying ? 'replying' : 'viewing'}`, warn: c.replying })),
    ...(live?.visitorTyping ? [{ key: 'visitor', text: `${visitorName} is typing…`, warn: false }] : []),
  ];
  return (
    <Group gap="md" aria-live="polite" data-testid="thread-presence" mih={20}>
      {lines.map((line) => (
        <Text key={line.key} size="xs" c={line.warn ? 'orange.8' : 'dimmed'} fw={line.warn ? 600 : undefined}>
          {line.text}
        </Text>
      ))}
    </Group>
  );
}
