-- The visitor's conversation: post, read and escalate through a session token (widget_session
-- in the previous migration), and the AI job's write path. Error codes as listed there.

-- Post a visitor message, idempotent on client_msg_id.
create function public.widget_post_message(p_session_token text, p_client_msg_id text, p_body text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  m record;
  dup boolean := false;
begin
  s := private.widget_session(p_session_token);
  perform private.widget_check_client_msg_id(p_client_msg_id);
  if p_body is null or btrim(p_body) = '' or char_length(p_body) > 4000 then
    raise exception 'body must be 1 to 4000 characters' using errcode = '22023';
  end if;

  insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body)
  values (s.organization_id, s.conversation_id, 'visitor', s.visitor_id::text, p_client_msg_id, p_body)
  on conflict (organization_id, conversation_id, client_msg_id) do nothing
  returning id, created_at, sender_type into m;
  if m.id is null then
    dup := true;
    select id, created_at, sender_type into m from public.messages
    where organization_id = s.organization_id and conversation_id = s.conversation_id and client_msg_id = p_client_msg_id;
    if m.sender_type <> 'visitor' then
      raise exception 'client_msg_id is already used in this conversation' using errcode = '23505';
    end if;
  end if;
  return jsonb_build_object('id', m.id, 'created_at', m.created_at, 'duplicate', dup);
end
$$;
comment on function public.widget_post_message(text, text, text) is
  'Widget: post a visitor message into the session''s conversation. Idempotent on client_msg_id (8..100 chars); body 1..4000 chars. '
  'Returns {id, created_at, duplicate}. Errors: 28000 bad session, 22023 bad argument, 23505 key used by another sender.';

-- The session's conversation as the visitor may see it.
create function public.widget_messages(p_session_token text, p_after timestamptz default null)
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
           'is_resolved', c.is_resolved, 'agent_name', c.agent_name)
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
  'Widget: {conversation {id, status, is_escalated, is_resolved, agent_name}, messages [{id, sender_type, body, created_at, sources, agent_name}]} '
  'of the session''s conversation, oldest first, at most 200 (the latest 200, or the first 200 after p_after). '
  'Never internal notes or system messages. Errors: 28000 bad session, 22023 bad argument.';

-- Hand the conversation to a person: one ticket per conversation.
create function public.widget_escalate(p_session_token text, p_email text, p_name text, p_reason text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  v_email text;
  v_name text := nullif(btrim(p_name), '');
  v_reason text := coalesce(nullif(btrim(p_reason), ''), 'visitor_request');
  t record;
  first_msg text;
  ai_meta jsonb;
begin
  s := private.widget_session(p_session_token);
  v_email := private.normalize_email(p_email);
  if v_name is not null and char_length(v_name) > 120 then
    raise exception 'name must be at most 120 characters' using errcode = '22023';
  end if;
  if v_reason !~ '^[a-z][a-z0-9_]{0,39}$' then
    raise exception 'reason must be a lower-case code such as visitor_request' using errcode = '22023';
  end if;

  -- serialize escalations of one conversation
  perform 1 from public.conversations
  where id = s.conversation_id and organization_id = s.organization_id for update;

  select id, ref into t from public.tickets
  where organization_id = s.organization_id and conversation_id = s.conversation_id;
  if found then
    return jsonb_build_object('ticket_ref', t.ref, 'ticket_id', t.id, 'created', false);
  end if;

  if v_email is null then
    select email into v_email from public.visitors where id = s.visitor_id and organization_id = s.organization_id;
  end if;
  if v_email is null then
    raise exception 'an email address is required to reach a person' using errcode = '22023';
  end if;

  select body into first_msg from public.messages
  where organization_id = s.organization_id and conversation_id = s.conversation_id
    and sender_type = 'visitor' and not is_internal
  order by created_at, id limit 1;
  select metadata into ai_meta from public.messages
  where organization_id = s.organization_id and conversation_id = s.conversation_id and sender_type = 'ai'
  order by created_at desc, id desc limit 1;

  update public.visitors
  set email = v_email, name = coalesce(v_name, name), last_seen_at = now()
  where id = s.visitor_id and organization_id = s.organization_id;

  insert into public.tickets (organization_id, conversation_id, website_id, customer_email, customer_name,
    subject, original_query, ai_context)
  values (s.organization_id, s.conversation_id, s.website_id, v_email,
    coalesce(v_name, (select name from public.visitors where id = s.visitor_id and organization_id = s.organization_id)),
    coalesce(left(nullif(btrim(regexp_replace(first_msg, '\s+', ' ', 'g')), ''), 300), 'Chat conversation'),
    first_msg,
    coalesce(ai_meta, '{}'::jsonb) || jsonb_build_object('reason', v_reason))
  returning id, ref into t;

  update public.conversations
  set is_escalated = true, escalated_reason = v_reason, escalated_at = coalesce(escalated_at, now())
  where id = s.conversation_id and organization_id = s.organization_id;

  return jsonb_build_object('ticket_ref', t.ref, 'ticket_id', t.id, 'created', true);
end
$$;
comment on function public.widget_escalate(text, text, text, text) is
  'Widget: escalate the session''s conversation to a ticket (subject and original_query from the first visitor message, ai_context from the last AI message), '
  'store the customer email/name on ticket and visitor, mark the conversation escalated. A repeat call returns the same ticket with created = false. '
  'p_email may be null if the visitor already has one. Returns {ticket_ref, ticket_id, created}. Errors: 28000 bad session, 22023 bad argument.';

-- Server-side AI job (service role): store the assistant's reply, idempotent on client_msg_id.
create function public.store_ai_reply(p_conversation_id uuid, p_client_msg_id text, p_body text, p_metadata jsonb default '{}')
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid;
  m record;
  dup boolean := false;
  meta jsonb := coalesce(p_metadata, '{}'::jsonb);
begin
  perform private.widget_check_client_msg_id(p_client_msg_id);
  if p_body is null or btrim(p_body) = '' or char_length(p_body) > 20000 then
    raise exception 'body must be 1 to 20000 characters' using errcode = '22023';
  end if;
  if jsonb_typeof(meta) <> 'object' or octet_length(meta::text) > 32768 then
    raise exception 'metadata must be a JSON object of at most 32 kB' using errcode = '22023';
  end if;
  if meta ? 'confidence' and (jsonb_typeof(meta -> 'confidence') <> 'number'
      or (meta ->> 'confidence')::numeric not between 0 and 1) then
    raise exception 'metadata.confidence must be a number between 0 and 1' using errcode = '22023';
  end if;
  select organization_id into org from public.conversations where id = p_conversation_id;
  if org is null then
    raise exception 'unknown conversation' using errcode = 'P0002';
  end if;

  insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body, metadata)
  values (org, p_conversation_id, 'ai', 'ai', p_client_msg_id, p_body, meta)
  on conflict (organization_id, conversation_id, client_msg_id) do nothing
  returning id, created_at, sender_type into m;
  if m.id is null then
    dup := true;
    select id, created_at, sender_type into m from public.messages
    where organization_id = org and conversation_id = p_conversation_id and client_msg_id = p_client_msg_id;
    if m.sender_type <> 'ai' then
      raise exception 'client_msg_id is already used in this conversation' using errcode = '23505';
    end if;
  end if;
  return jsonb_build_object('id', m.id, 'created_at', m.created_at, 'duplicate', dup);
end
$$;
comment on function public.store_ai_reply(uuid, text, text, jsonb) is
  'Service role only (AI job): store an AI reply in a conversation, idempotent on client_msg_id. Returns {id, created_at, duplicate}. '
  'Errors: 22023 bad argument, P0002 unknown conversation, 23505 key used by another sender.';

revoke all on function
  public.widget_post_message(text, text, text),
  public.widget_messages(text, timestamptz),
  public.widget_escalate(text, text, text, text),
  public.store_ai_reply(uuid, text, text, jsonb)
  from public, anon, authenticated, service_role;
grant execute on function
  public.widget_post_message(text, text, text),
  public.widget_messages(text, timestamptz),
  public.widget_escalate(text, text, text, text)
  to anon, authenticated;
grant execute on function public.store_ai_reply(uuid, text, text, jsonb) to service_role;
