-- The widget showed the conversation's transition lines (resolved, reopened, taken over, handed
-- back) in English whatever the visitor's language: the line is made here, in SQL. Rather than a
-- second catalogue in SQL, widget_messages now also sends what kind of transition it was (and the
-- name of the person who took over as agent_name); the widget words it from its own catalogue
-- (widget/src/i18n.ts, five languages). `body` keeps the English line for widgets already cached
-- on visitors' pages and for any other reader of the JSON.
-- widget_messages is re-created from its latest definition (20261204080200_create_csat_ratings).

create function private.customer_transition_kind(p_from public.conversation_state, p_to public.conversation_state, p_via text)
returns text
language sql
immutable
set search_path = ''
as $$
  -- the same cases, in the same order, as private.customer_transition_line
  select case
    when p_to = 'resolved' then 'resolved'
    when p_from = 'resolved' then 'reopened'
    when p_via = 'take_over' then 'taken_over'
    when p_via = 'hand_back' then 'handed_back'
  end
$$;
comment on function private.customer_transition_kind(public.conversation_state, public.conversation_state, text) is
  'The kind of a transition the widget shows (resolved, reopened, taken_over, handed_back), or null for none; the widget words it.';
revoke all on function private.customer_transition_kind(public.conversation_state, public.conversation_state, text)
  from public, anon, authenticated;

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
           'csat_due', private.csat_due(c.organization_id, c.id, c.state),
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
              (select coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('id', src -> 'id', 'title', src -> 'title', 'url', src -> 'url'))), '[]'::jsonb)
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
          'agent_name', case when private.customer_transition_kind(t.from_state, t.to_state, t.via) = 'taken_over' then t.actor_name end,
          'kind', private.customer_transition_kind(t.from_state, t.to_state, t.via),
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

comment on function public.widget_messages(text, timestamptz) is
  'Widget: the conversation of a session token ({id, status, is_escalated, is_resolved, agent_name, state, handled_by_team, '
  'widget_topic, csat_due (resolved and its latest resolution not rated yet), ticket_ref}) and its public messages and transition '
  'lines (sender_type system, with kind resolved|reopened|taken_over|handed_back for the widget to word, agent_name the person who '
  'took over, body the English line), oldest first: the newest 200, or those after p_after (a finite timestamp). '
  'Errors: 28000 invalid session, 22023 bad p_after.';
