'use client';

import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useTransition, type ReactNode } from 'react';
import { realtimeToken } from '@/lib/dashboard/actions/realtime';
import { createDashboardClient, tokenSource, type SupabaseApi } from '@/lib/realtime/browser';
import type { Client } from '@/lib/supabase/types';

/** What the database announces on `org:<id>` (migration …_broadcast_desk_changes.sql): ids only. */
export type OrgEvent = 'messages_created' | 'conversations_changed' | 'tickets_changed';
export type EventPayload = Record<string, unknown>;
type Listener = (event: string, payload: EventPayload) => void;

/**
 * connecting: the socket is being opened (nothing polls yet); live: the organization's channel is
 * joined; offline: it could not be joined or was lost, and pages fall back to polling until
 * realtime-js reconnects it.
 */
export type LiveStatus = 'connecting' | 'live' | 'offline';

export interface Me {
  id: string;
  name: string;
}

interface LiveContextValue {
  client: Client | null;
  status: LiveStatus;
  me: Me;
  /** Every broadcast on the organization's topic. Returns the unsubscribe. */
  onOrgEvent: (listener: Listener) => () => void;
  /** Called on the first join and each time the channel is back after being lost: fetch what was missed. */
  onCatchUp: (listener: () => void) => () => void;
  /** Re-render the page's server components (debounced; deferred while the tab is hidden or a form is sending). */
  refresh: () => void;
  /**
   * Holds re-renders back until the returned release is called (a form action is in flight): its
   * answer already carries the re-rendered page, and a re-render started meanwhile queues in front
   * of it and holds its result back. A change announced meanwhile re-renders once at the release.
   */
  holdRefresh: () => () => void;
}

const LiveContext = createContext<LiveContextValue | null>(null);

/** Too long without a joined channel: the page polls meanwhile (a proxy that drops WebSockets). */
const CONNECT_TIMEOUT_MS = 10_000;
/** Events that arrive together (a message and the conversation it changed) make one refresh. */
const REFRESH_DEBOUNCE_MS = 150;

export function useLive(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive() outside <LiveProvider>');
  return value;
}

/** useLive() for code that also runs outside the dashboard (forms): null there. */
export function useOptionalLive(): LiveContextValue | null {
  return useContext(LiveContext);
}

/**
 * The dashboard's live updates for one organization: one browser client acting as the member,
 * joined to the private channel `org:<id>` (RLS on realtime.messages lets members of the active
 * organization read it), whose database-sent events say what changed. Pages and the navigation
 * subscribe to the events they show and re-render or refetch; nothing polls while the channel is
 * joined. The member's token comes from the server (the same one its queries use) and is renewed
 * before it expires; realtime-js hands the renewed token to every channel.
 */
export function LiveProvider({
  api,
  orgId,
  orgSlug,
  me,
  children,
}: {
  api: SupabaseApi;
  orgId: string;
  orgSlug: string;
  me: Me;
  children: ReactNode;
}) {
  // props arrive as new objects at every server re-render: effects depend on their values only
  const { url, anonKey } = api;
  const { id: myId, name: myName } = me;
  const router = useRouter();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<Listener>());
  const catchUps = useRef(new Set<() => void>());
  const [pending, startTransition] = useTransition();

  const refreshState = useRef({
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    pending: false,
    again: false,
    stale: false,
    holds: 0,
    held: false,
  });
  useEffect(() => {
    refreshState.current.pending = pending;
    if (!pending && refreshState.current.again) {
      refreshState.current.again = false;
      if (refreshState.current.holds > 0) refreshState.current.held = true;
      else startTransition(() => router.refresh());
    }
  }, [pending, router]);
  const refresh = useCallback(() => {
    const state = refreshState.current;
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (document.visibilityState !== 'visible') {
        state.stale = true;
        return;
      }
      if (state.holds > 0) {
        state.held = true;
        return;
      }
      // a render already under way may have read the data before this change: one more after it
      if (state.pending) state.again = true;
      else startTransition(() => router.refresh());
    }, REFRESH_DEBOUNCE_MS);
  }, [router]);
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState !== 'visible' || !refreshState.current.stale) return;
      refreshState.current.stale = false;
      refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [refresh]);

  // in the browser only (the server renders no socket); one per organization (the layout keys it)
  const [live] = useState(() => {
    if (typeof window === 'undefined') return null;
    const tokens = tokenSource(async () => {
      const result = await realtimeToken(orgSlug);
      return 'token' in result ? result.token : null;
    });
    return { tokens, client: createDashboardClient({ url, anonKey }, tokens) };
  });
  // handed to the page only once it holds the member's token: a private join sent before that
  // would carry the API key alone and be refused
  const [authorized, setAuthorized] = useState(false);
  const client = authorized ? (live?.client ?? null) : null;

  useEffect(() => {
    if (!live) return;
    const { client: supabase, tokens } = live;
    // the page was rendered before the channel was joined: what changed in between is caught up
    // on the first join exactly as after a reconnect
    let lost = true;
    let closed = false;
    let renewTimer: ReturnType<typeof setTimeout> | undefined;
    // realtime-js also asks for the token at each heartbeat; this renews it on time even if none is due
    const scheduleRenewal = () => {
      renewTimer = setTimeout(
        () => {
          void supabase.realtime.setAuth().finally(scheduleRenewal);
        },
        Math.max(5_000, tokens.renewAt() - Date.now()),
      );
    };
    const connectTimer = setTimeout(() => setStatus((s) => (s === 'connecting' ? 'offline' : s)), CONNECT_TIMEOUT_MS);
    // the token first: a join pushed before it arrives would go out with the API key alone (refused)
    void supabase.realtime.setAuth().then(() => {
      if (closed) return;
      setAuthorized(true);
      scheduleRenewal();
      supabase
        .channel(`org:${orgId}`, { config: { private: true } })
        .on('broadcast', { event: '*' }, (message) => {
          for (const listener of listeners.current) listener(message.event, (message.payload ?? {}) as EventPayload);
        })
        .subscribe((state) => {
          if (closed) return;
          if (state === 'SUBSCRIBED') {
            clearTimeout(connectTimer);
            setStatus('live');
            if (lost) for (const listener of catchUps.current) listener();
            lost = false;
          } else {
            lost = true;
            setStatus('offline');
          }
        });
    });
    return () => {
      closed = true;
      clearTimeout(connectTimer);
      clearTimeout(renewTimer);
      // realtime-js closes the socket once its last channel is removed
      void supabase.removeAllChannels();
    };
  }, [live, orgId]);

  const holdRefresh = useCallback(() => {
    const state = refreshState.current;
    state.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.holds -= 1;
      if (state.holds === 0 && state.held) {
        state.held = false;
        refresh();
      }
    };
  }, [refresh]);
  const onOrgEvent = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const onCatchUp = useCallback((listener: () => void) => {
    catchUps.current.add(listener);
    return () => void catchUps.current.delete(listener);
  }, []);
  const value = useMemo<LiveContextValue>(
    () => ({ client, status, me: { id: myId, name: myName }, refresh, holdRefresh, onOrgEvent, onCatchUp }),
    [client, status, myId, myName, refresh, holdRefresh, onOrgEvent, onCatchUp],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Whether an event's id lists (`conversation_ids`, `ticket_ids`, …) name one of `ids`. */
export function eventNames(payload: EventPayload, ids: readonly string[]): boolean {
  return Object.values(payload).some((value) => Array.isArray(value) && value.some((id) => ids.includes(String(id))));
}
