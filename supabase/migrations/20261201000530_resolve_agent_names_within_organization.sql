-- The name shown to a visitor for an agent ("Alan joined") was looked up in public.users by the
-- message's sender_id alone. The ingest API stores the sender_id its caller sends, so an
-- organization's API key could name another organization's user and read their first name back
-- from the conversation (dashboard, widget). Now a name comes only from a member of the message's
-- organization; anyone else is 'Support', as for an agent without a profile.

-- First name (or the local part of the email) of p_user_id, if they are a member of p_org.
-- Invoker rights: its callers are definer functions already.
create function private.member_first_name(p_org uuid, p_user_id text) returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  return (
    select coalesce(nullif(split_part(btrim(u.name), ' ', 1), ''), split_part(u.email, '@', 1))
    from public.organization_members m
    join public.users u on u.id = m.user_id
    where m.organization_id = p_org and m.user_id = p_user_id);
end
$$;
comment on function private.member_first_name(uuid, text) is
  'First name of a user who is a member of the organization; null for anyone else (never another organization''s user).';
revoke all on function private.member_first_name(uuid, text) from public, anon, authenticated;

create or replace function private.record_agent_joins() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set agent_joined_at = j.created_at,
      agent_name = coalesce(c.agent_name, private.member_first_name(j.organization_id, j.sender_id), 'Support')
  from (select distinct on (conversation_id, organization_id) conversation_id, organization_id, created_at, sender_id
        from new_rows where sender_type = 'agent' and not is_internal
        order by conversation_id, organization_id, created_at) j
  where c.id = j.conversation_id
    and c.organization_id = j.organization_id
    and c.agent_joined_at is null;
  return null;
end
$$;
comment on function private.record_agent_joins() is
  'AFTER INSERT statement trigger on messages: the first visible agent reply of a conversation records agent_name '
  '(first name of a member of its organization, else Support) and agent_joined_at, once.';

-- widget_messages as in 20261123001500, with the per-message agent name read the same way.
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
    order by
      case when p_after is null then m.created_at end desc,
      case when p_after is not null then m.created_at end asc,
      m.id
    limit 200
  ) x;

  return jsonb_build_object('conversation', conv, 'messages', msgs);
end
$$;

