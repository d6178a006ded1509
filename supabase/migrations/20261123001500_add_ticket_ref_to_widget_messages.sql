-- The widget shows the ticket reference after a reload, so the visitor's view of the conversation
-- carries it (replaces the first version of widget_messages; grants are kept).

create or replace function public.widget_messages(p_session_token text, p_after timestamptz default null)
returns jsonb
language plpgsql
volatile
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
           'is_resolved', c.is_resolved, 'agent_name', c.agent_name,
           'ticket_ref', (select t.ref from public.tickets t
                          where t.organization_id = c.organization_id and t.conversation_id = c.id))
  into conv
  from public.conversations c
  where c.id = s.conversation_id and c.organization_id = s.organization_id;

  select coalesce(jsonb_agg(x.j order by x.created_at, x.id), '[]'::jsonb) into msgs
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
            coalesce(c.agent_name, (select split_part(u.name, ' ', 1) from public.users u where u.id = m.sender_id), 'Support')
          end
      ) as j
    from public.messages m
    join public.conversations c on c.id = m.conversation_id and c.organization_id = m.organization_id
    where m.organization_id = s.organization_id
      and m.conversation_id = s.conversation_id
      and not m.is_internal
      and m.sender_type in ('visitor', 'ai', 'agent')
      and (p_after is null or m.created_at > p_after)
    order by
      case when p_after is null then m.created_at end desc,
      case when p_after is not null then m.created_at end asc,
      m.id
    limit 200
  ) x;

  return jsonb_build_object('conversation', conv, 'messages', msgs);
end
$$;
comment on function public.widget_messages(text, timestamptz) is
  'Widget: {conversation {id, status, is_escalated, is_resolved, agent_name, ticket_ref}, messages [{id, sender_type, body, created_at, sources, agent_name}]} '
  'of the session''s conversation, oldest first, at most 200 (the latest 200, or the first 200 after p_after). '
  'Never internal notes or system messages. Errors: 28000 bad session, 22023 bad argument.';
