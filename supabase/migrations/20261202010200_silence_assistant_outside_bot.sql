-- The assistant answers only while the conversation is with it (state bot). Once the team has
-- the conversation, a visitor message is stored (and moves the state: needs_reply, or a reopen),
-- and the widget is told that the team has it instead of getting an AI answer: widget_chat_turn
-- hands the chat function nothing to ask the model, and store_ai_reply refuses an answer that
-- finished streaming after a person took over. The widget also reads the state and the
-- customer-facing transitions (took over, back to the assistant, resolved, reopened) as system
-- lines of the thread. Signatures and grants are unchanged.
set local lock_timeout = '5s';

create or replace function public.widget_chat_turn(p_session_token text, p_client_msg_id text, p_body text, p_history integer default 0)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  posted jsonb;
  conv record;
  turns jsonb := '[]'::jsonb;
begin
  -- checked first so a bad argument stores nothing
  if p_history is null or p_history not between 0 and 20 then
    raise exception 'history must be between 0 and 20 messages' using errcode = '22023';
  end if;

  posted := public.widget_post_message(p_session_token, p_client_msg_id, p_body);
  -- a resent message that already has its reply needs no retrieval: the function replays it
  if jsonb_typeof(posted -> 'reply') = 'object' then
    return posted;
  end if;

  -- read after the insert, whose trigger may just have moved the state (needs_reply, a reopen)
  select c.organization_id, c.state, c.agent_name into conv
  from public.conversations c where c.id = (posted ->> 'conversation_id')::uuid;
  if conv.state <> 'bot' then
    -- the silence rule: no AI turn is counted, nothing is retrieved, the model is not asked
    return posted || jsonb_build_object('handled_by_team', true, 'state', conv.state, 'agent_name', conv.agent_name);
  end if;

  if private.quota_take('ai_turns_per_day', conv.organization_id, private.quota_limit(conv.organization_id, 'ai_turns_per_day'), 86400) > 0 then
    return posted || jsonb_build_object('handled_by_team', false, 'ai_over_budget', true);
  end if;

  if p_history > 0 then
    -- the latest p_history messages the visitor can see, oldest first, without the one just posted
    select coalesce(jsonb_agg(jsonb_build_object('sender_type', x.m ->> 'sender_type', 'body', x.m ->> 'body') order by x.ord), '[]'::jsonb)
    into turns
    from (
      select t.m, t.ord
      from jsonb_array_elements(public.widget_messages(p_session_token) -> 'messages') with ordinality t(m, ord)
      where t.m ->> 'id' <> posted ->> 'id' and t.m ->> 'sender_type' in ('visitor', 'ai', 'agent')
      order by t.ord desc
      limit p_history
    ) x;
  end if;

  -- 3 articles, as the chat function always asked for: the answer cites at most two of them
  return posted || jsonb_build_object(
    'handled_by_team', false,
    'ai_over_budget', false,
    'retrieval', public.widget_search_articles(p_session_token, p_body, 3),
    'history', turns
  );
end
$$;
comment on function public.widget_chat_turn(text, text, text, integer) is
  'One visitor chat turn: stores the message; in state bot returns what the assistant needs (retrieval, history), otherwise handled_by_team with the state and no AI work.';

create or replace function public.store_ai_reply(p_conversation_id uuid, p_client_msg_id text, p_body text, p_metadata jsonb default '{}'::jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  org uuid;
  st public.conversation_state;
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
  -- the row lock orders this against a take-over committing at the same moment
  select organization_id, state into org, st from public.conversations where id = p_conversation_id for share;
  if org is null then
    raise exception 'unknown conversation' using errcode = 'P0002';
  end if;
  if not exists (
    select 1 from public.messages v
    where v.organization_id = org and v.conversation_id = p_conversation_id
      and v.sender_type = 'visitor' and private.ai_reply_key(v.client_msg_id) = p_client_msg_id
  ) then
    raise exception 'no visitor message of this conversation has this reply key' using errcode = 'P0002';
  end if;
  -- a person took over while the answer streamed: it is dropped (a stored reply is still replayed)
  if st <> 'bot' and not exists (
    select 1 from public.messages r
    where r.organization_id = org and r.conversation_id = p_conversation_id and r.client_msg_id = p_client_msg_id
  ) then
    return jsonb_build_object('silenced', true, 'state', st);
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
  return jsonb_build_object('id', m.id, 'created_at', m.created_at, 'duplicate', dup, 'silenced', false);
end
$$;
comment on function public.store_ai_reply(uuid, text, text, jsonb) is
  'Stores the assistant''s answer to a visitor message (idempotent on the reply key); returns silenced instead when the conversation is no longer with the assistant.';

-- The customer-facing line of a transition, or null when the visitor is not shown it (an
-- escalation shows as the ticket bar; an agent's first reply speaks for itself).
create function private.customer_transition_line(p_from public.conversation_state, p_to public.conversation_state,
  p_via text, p_actor_name text) returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return case
    when p_to = 'resolved' then 'The conversation was marked as resolved'
    when p_from = 'resolved' then 'The conversation was reopened'
    when p_via = 'take_over' then coalesce(p_actor_name, 'Someone') || ' from the team took over the conversation'
    when p_via = 'hand_back' then 'You are chatting with the assistant again'
  end;
end
$$;
comment on function private.customer_transition_line(public.conversation_state, public.conversation_state, text, text) is
  'What the widget shows for a transition (resolved, reopened, taken over, handed back), or null for none.';
revoke all on function private.customer_transition_line(public.conversation_state, public.conversation_state, text, text)
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
           'handled_by_team', c.state <> 'bot',
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
comment on function public.widget_messages(text, timestamptz) is
  'The visitor''s conversation (state, ticket) and its visible messages plus customer-facing system lines (sender_type system), all or after p_after; at most 200.';

-- Escalation: one ticket per conversation. The ticket's subject is the question the visitor
-- needed a person for: the visitor message the assistant last answered with low confidence or an
-- offer of a person, else the visitor's latest message (not always the first, which is often a
-- greeting). Asking again after a hand-back or a resolution gives the conversation back to the
-- team and reopens the same ticket.
create or replace function public.widget_escalate(p_session_token text, p_email text, p_name text, p_reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  v_email text;
  v_name text := nullif(btrim(p_name), '');
  v_reason text := coalesce(nullif(btrim(p_reason), ''), 'visitor_request');
  t record;
  question text;
  ai_meta jsonb;
  actor jsonb;
begin
  s := private.widget_session(p_session_token);
  v_email := private.normalize_email(p_email);
  if v_name is not null and char_length(v_name) > 120 then
    raise exception 'name must be at most 120 characters' using errcode = '22023';
  end if;
  if v_reason !~ '^[a-z][a-z0-9_]{0,39}$' then
    raise exception 'reason must be a lower-case code such as visitor_request' using errcode = '22023';
  end if;
  actor := jsonb_build_object('type', 'visitor', 'id', s.visitor_id, 'via', 'escalate');

  -- serialize escalations of one conversation
  perform 1 from public.conversations
  where id = s.conversation_id and organization_id = s.organization_id for update;

  select id, ref into t from public.tickets
  where organization_id = s.organization_id and conversation_id = s.conversation_id;
  if found then
    perform private.move_conversation(s.organization_id, s.conversation_id, 'waiting_for_agent', actor, '{bot,resolved}');
    return jsonb_build_object('ticket_ref', t.ref, 'ticket_id', t.id, 'created', false);
  end if;

  if v_email is null then
    select email into v_email from public.visitors where id = s.visitor_id and organization_id = s.organization_id;
  end if;
  if v_email is null then
    raise exception 'an email address is required to reach a person' using errcode = '22023';
  end if;

  select metadata into ai_meta from public.messages
  where organization_id = s.organization_id and conversation_id = s.conversation_id and sender_type = 'ai'
  order by created_at desc, id desc limit 1;
  select q.body into question
  from public.messages a
  join public.messages q on q.organization_id = a.organization_id and q.conversation_id = a.conversation_id
    and q.sender_type = 'visitor'
    and (q.id::text = a.metadata ->> 'in_reply_to'
         or (not (a.metadata ? 'in_reply_to') and q.created_at <= a.created_at))
  where a.organization_id = s.organization_id and a.conversation_id = s.conversation_id and a.sender_type = 'ai'
    and (a.metadata ->> 'offer_human' = 'true'
         or (jsonb_typeof(a.metadata -> 'confidence') = 'number' and (a.metadata ->> 'confidence')::numeric < 0.5))
  order by a.created_at desc, a.id desc, q.created_at desc, q.id desc
  limit 1;
  if question is null then
    select body into question from public.messages
    where organization_id = s.organization_id and conversation_id = s.conversation_id and sender_type = 'visitor'
    order by created_at desc, id desc limit 1;
  end if;

  update public.visitors
  set email = v_email, name = coalesce(v_name, name), last_seen_at = now()
  where id = s.visitor_id and organization_id = s.organization_id;

  insert into public.tickets (organization_id, conversation_id, website_id, customer_email, customer_name,
    subject, original_query, ai_context)
  values (s.organization_id, s.conversation_id, s.website_id, v_email,
    coalesce(v_name, (select name from public.visitors where id = s.visitor_id and organization_id = s.organization_id)),
    coalesce(left(nullif(btrim(regexp_replace(question, '\s+', ' ', 'g')), ''), 300), 'Chat conversation'),
    question,
    coalesce(ai_meta, '{}'::jsonb) || jsonb_build_object('reason', v_reason))
  returning id, ref into t;

  update public.conversations
  set escalated_reason = v_reason
  where id = s.conversation_id and organization_id = s.organization_id;
  perform private.move_conversation(s.organization_id, s.conversation_id, 'waiting_for_agent', actor, '{bot,resolved}');
  -- already with the team (an agent took over or replied first): still an escalation for analytics
  update public.conversations
  set is_escalated = true, escalated_at = coalesce(escalated_at, now())
  where id = s.conversation_id and organization_id = s.organization_id and not is_escalated;

  return jsonb_build_object('ticket_ref', t.ref, 'ticket_id', t.id, 'created', true);
end
$$;
comment on function public.widget_escalate(text, text, text, text) is
  'Hands the visitor''s conversation to the team: creates its ticket once (subject: the question the visitor needed a person for) and moves it to waiting_for_agent; a second call reopens it for the team.';
