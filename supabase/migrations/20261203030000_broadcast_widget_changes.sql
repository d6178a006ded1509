-- Live updates for the visitor's widget. A visitor has no JWT, so the widget listens on the
-- PUBLIC Realtime topic 'widget:<conversations.widget_topic>', named by that per-conversation
-- secret (20261203000100). What is sent there says only that something changed: `changed` with
-- {"kind": "message"} (a reply the visitor can see was stored) or {"kind": "state"} (the
-- conversation as the widget shows it changed: state, status, escalation, agent, ticket). Never a
-- message body, an id or a name: the widget then fetches through its token-checked RPC
-- (widget_messages), so a listener who somehow learned the topic learns when, never what.
-- Sent with realtime.send in the same transaction as the change: a rolled-back change is never
-- announced. Statement triggers: one event per conversation however many rows a statement writes.
set local lock_timeout = '5s';

-- Replies the visitor sees: the assistant's and the team's, never internal notes, never the
-- visitor's own message (the widget that sent it already shows it). The customer's lines about
-- the conversation itself (taken over, resolved, reopened) come from conversation_transitions,
-- which are written with the state change that the conversations trigger below announces.
create function private.broadcast_widget_messages() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send('{"kind": "message"}'::jsonb, 'changed', 'widget:' || c.widget_topic, false)
  from public.conversations c
  where (c.id, c.organization_id) in (
    select n.conversation_id, n.organization_id from new_rows n
    where not n.is_internal and n.sender_type in ('ai', 'agent'));
  return null;
end
$$;
revoke all on function private.broadcast_widget_messages() from public, anon, authenticated;

create trigger messages_broadcast_widget after insert on public.messages
  referencing new table as new_rows
  for each statement execute function private.broadcast_widget_messages();

-- Only what widget_messages shows of the conversation (and its transition lines, written with a
-- state change): a new last_message_at or summary, which every reply or job causes, is not news
-- to the visitor.
create function private.broadcast_widget_state() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send('{"kind": "state"}'::jsonb, 'changed', 'widget:' || n.widget_topic, false)
  from new_rows n join old_rows o on o.id = n.id
  where (n.state, n.status, n.is_escalated, n.is_resolved, n.agent_name)
        is distinct from (o.state, o.status, o.is_escalated, o.is_resolved, o.agent_name);
  return null;
end
$$;
revoke all on function private.broadcast_widget_state() from public, anon, authenticated;

create trigger conversations_broadcast_widget after update on public.conversations
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.broadcast_widget_state();

-- A ticket opened for the conversation: the widget shows its reference.
create function private.broadcast_widget_ticket() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send('{"kind": "state"}'::jsonb, 'changed', 'widget:' || c.widget_topic, false)
  from public.conversations c
  where (c.id, c.organization_id) in (
    select n.conversation_id, n.organization_id from new_rows n where n.conversation_id is not null);
  return null;
end
$$;
revoke all on function private.broadcast_widget_ticket() from public, anon, authenticated;

create trigger tickets_broadcast_widget after insert on public.tickets
  referencing new table as new_rows
  for each statement execute function private.broadcast_widget_ticket();

-- widget_messages as in 20261201000530, its conversation now naming its widget_topic: the widget
-- (widget-session and widget-messages return this) learns which public topic to listen on only
-- through its session token. A session's conversation never changes, so the chat turn, which
-- answers within that conversation, need not repeat it.
create or replace function public.widget_messages(p_session_token text, p_after timestamptz default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  conv jsonb;
  msgs jsonb;
begin
  s := private.widget_session(p_session_token);
  if p_after is not null and (p_after = 'infinity' or p_after = '-infinity') then
    raise exception 'p_after must be a finite timestamp' using errcode = '22023';
  end if;

  select jsonb_build_object('id', c.id, 'status', c.status, 'is_escalated', c.is_escalated,
           'is_resolved', c.is_resolved, 'agent_name', c.agent_name, 'state', c.state,
           'handled_by_team', c.state <> 'bot', 'widget_topic', c.widget_topic,
           'ticket_ref', (select t.ref from public.tickets t
                          where t.organization_id = c.organization_id and t.conversation_id = c.id))
  into conv
  from public.conversations c
  where c.id = s.conversation_id and c.organization_id = s.organization_id;

  select coalesce(jsonb_agg(x.j order by x.created_at, x.id), '[]'::jsonb) into msgs
  from (
    select y.id, y.created_at, y.j
    from (
      select m.id, m.created_at,
        jsonb_build_object(
          'id', m.id,
          'sender_type', m.sender_type,
          'body', m.body,
          'created_at', m.created_at,
          'sources', case when m.sender_type = 'ai' and jsonb_typeof(m.metadata -> 'sources') = 'array' then
              (select coalesce(jsonb_agg(jsonb_build_object('id', src -> 'id', 'title', src -> 'title')), '[]'::jsonb)
               from jsonb_array_elements(m.metadata -> 'sources') src where jsonb_typeof(src) = 'object')
            else '[]'::jsonb end,
          'agent_name', case when m.sender_type = 'agent' then
              coalesce(c.agent_name, private.member_first_name(m.organization_id, m.sender_id), 'Support')
            end
        ) as j
      from public.messages m
      join public.conversations c on c.id = m.conversation_id and c.organization_id = m.organization_id
      where m.organization_id = s.organization_id
        and m.conversation_id = s.conversation_id
        and not m.is_internal
        and m.sender_type in ('visitor', 'ai', 'agent')
        and (p_after is null or m.created_at > p_after)
      union all
      select t.id, t.created_at,
        jsonb_build_object('id', t.id, 'sender_type', 'system', 'created_at', t.created_at, 'sources', '[]'::jsonb,
          'agent_name', null,
          'body', private.customer_transition_line(t.from_state, t.to_state, t.via, t.actor_name))
      from public.conversation_transitions t
      where t.organization_id = s.organization_id
        and t.conversation_id = s.conversation_id
        and private.customer_transition_line(t.from_state, t.to_state, t.via, t.actor_name) is not null
        and (p_after is null or t.created_at > p_after)
    ) y
    order by
      case when p_after is null then y.created_at end desc,
      case when p_after is not null then y.created_at end asc,
      y.id
    limit 200
  ) x;

  return jsonb_build_object('conversation', conv, 'messages', msgs);
end
$$;