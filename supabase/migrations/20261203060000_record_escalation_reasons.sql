-- The concierge's hand-over (issue 12): the real reason an escalation happened, an
-- organization's choice of what a low-confidence answer does, and the cited articles of every
-- answer counted as mentions.
--   * Reasons: low_confidence, visitor_request, negative_sentiment, repeated_question and
--     agent_takeover are the codes the widget path, the chat function and the dashboard write.
--     The ingestion API keeps accepting other lower-case codes for conversations imported from
--     another help desk, so the table checks the code's shape and the writers the list.
--   * organizations.settings.low_confidence_action: offer_person (the default, what happened
--     before) or hand_over (the chat function escalates at once, asking for the email first when
--     it is unknown).
--   * widget_chat_turn tells the chat function that setting, whether the visitor's email is known
--     and whether the question repeats an earlier one; store_ai_reply records the cited articles;
--     widget_escalate takes the reason from the assistant's answer; take_over_conversation records
--     agent_takeover. Signatures and grants are unchanged.
set local lock_timeout = '5s';

create function private.is_escalation_reason(p_reason text) returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(p_reason in ('low_confidence', 'visitor_request', 'negative_sentiment', 'repeated_question', 'agent_takeover'), false)
$$;
comment on function private.is_escalation_reason(text) is
  'The escalation reasons the widget, the assistant and the dashboard may record.';
revoke all on function private.is_escalation_reason(text) from public, anon, authenticated;

-- The question's stemmed words, sorted and without duplicates: two phrasings with the same
-- words ("How do I reset my password?", "how to reset password") are the same question.
create function private.question_words(p_body text) returns text[]
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_agg(w order by w), '{}')
  from unnest(pg_catalog.tsvector_to_array(pg_catalog.to_tsvector('english'::regconfig, coalesce(p_body, '')))) w
$$;
comment on function private.question_words(text) is
  'The sorted distinct English stems of a question (repeated-question detection).';
revoke all on function private.question_words(text) from public, anon, authenticated;

alter table public.conversations add constraint conversations_escalated_reason_code
  check (escalated_reason ~ '^[a-z][a-z0-9_]{0,39}$');

alter table public.organizations add constraint organizations_low_confidence_action_valid check (
  not (settings ? 'low_confidence_action') or settings ->> 'low_confidence_action' in ('offer_person', 'hand_over')
);

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
  repeated boolean;
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
  select c.organization_id, c.state, c.agent_name, c.visitor_id,
    coalesce(o.settings ->> 'low_confidence_action', 'offer_person') as low_confidence_action,
    v.email is not null as email_known
  into conv
  from public.conversations c
  join public.organizations o on o.id = c.organization_id
  left join public.visitors v on v.id = c.visitor_id and v.organization_id = c.organization_id
  where c.id = (posted ->> 'conversation_id')::uuid;
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

  -- the same question again (the same stemmed words, at least two of them) means the earlier
  -- answer did not help: the chat function hands over with reason repeated_question
  select exists (
    select 1
    from public.messages q
    where q.organization_id = conv.organization_id
      and q.conversation_id = (posted ->> 'conversation_id')::uuid
      and q.sender_type = 'visitor'
      and q.id <> (posted ->> 'id')::uuid
      and private.question_words(q.body) = private.question_words(p_body)
  ) and cardinality(private.question_words(p_body)) >= 2
  into repeated;

  -- 3 articles, as the chat function always asked for: the answer cites at most two of them
  return posted || jsonb_build_object(
    'handled_by_team', false,
    'ai_over_budget', false,
    'low_confidence_action', conv.low_confidence_action,
    'visitor_email_known', conv.email_known,
    'repeated_question', repeated,
    'retrieval', public.widget_search_articles(p_session_token, p_body, 3),
    'history', turns
  );
end
$$;
comment on function public.widget_chat_turn(text, text, text, integer) is
  'One visitor chat turn: stores the message; in state bot returns what the assistant needs (retrieval, history, the '
  'organization''s low_confidence_action, whether the visitor''s email is known, whether the question repeats an earlier one), '
  'otherwise handled_by_team with the state and no AI work.';

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
  if meta ? 'escalation_reason' and not private.is_escalation_reason(meta ->> 'escalation_reason') then
    raise exception 'metadata.escalation_reason must be one of low_confidence, visitor_request, negative_sentiment, repeated_question, agent_takeover'
      using errcode = '22023';
  end if;
  if meta ? 'sources' and jsonb_typeof(meta -> 'sources') <> 'array' then
    raise exception 'metadata.sources must be an array' using errcode = '22023';
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
  else
    -- the answer's cited articles feed "top articles": recorded with the answer itself, so a
    -- retried answer (the same reply key) records nothing twice; the key names answer and article
    insert into public.article_mentions (organization_id, article_id, title, visitor_id, conversation_id,
      mentioned_at, idempotency_key, source)
    select org, a.id, left(a.title, 300), c.visitor_id, p_conversation_id, m.created_at,
      'answer:' || m.id || ':' || a.id, 'widget'
    from (select distinct src ->> 'id' as id
          from jsonb_array_elements(coalesce(meta -> 'sources', '[]'::jsonb)) src
          where jsonb_typeof(src) = 'object') s
    join public.articles a on a.organization_id = org and a.id::text = s.id
    join public.conversations c on c.id = p_conversation_id and c.organization_id = org
    on conflict (organization_id, idempotency_key) do nothing;
  end if;
  return jsonb_build_object('id', m.id, 'created_at', m.created_at, 'duplicate', dup, 'silenced', false);
end
$$;
comment on function public.store_ai_reply(uuid, text, text, jsonb) is
  'Stores the assistant''s answer to a visitor message (idempotent on the reply key) and records its cited articles as '
  'article mentions once; returns silenced instead when the conversation is no longer with the assistant.';

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
  ai_reason text;
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
  if not private.is_escalation_reason(v_reason) then
    raise exception 'reason must be one of low_confidence, visitor_request, negative_sentiment, repeated_question, agent_takeover'
      using errcode = '22023';
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
  -- the widget always says visitor_request; when the assistant's latest answer offered a person
  -- for a reason of its own (written by the chat function through the service role, never by the
  -- visitor), that is the real reason
  ai_reason := ai_meta ->> 'escalation_reason';
  if ai_meta ->> 'offer_human' = 'true' and private.is_escalation_reason(ai_reason) then
    v_reason := ai_reason;
  end if;
  -- an agent who took over first keeps agent_takeover as the reason
  if exists (select 1 from public.conversations
             where id = s.conversation_id and organization_id = s.organization_id and escalated_reason = 'agent_takeover') then
    v_reason := 'agent_takeover';
  end if;
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
  'Hands the visitor''s conversation to the team: creates its ticket once (subject: the question the visitor needed a person for; '
  'reason: the assistant''s when its latest answer offered a person, else the given one) and moves it to waiting_for_agent; '
  'a second call reopens it for the team.';

-- Take over (as 20261202010300) recording agent_takeover as the conversation's reason when it
-- has none: the team stepped in before the assistant handed over. is_escalated stays as it was
-- (an escalation notifies the team, who are already there); the reasons chart counts both.
create or replace function public.take_over_conversation(p_conversation_id uuid) returns public.conversation_state
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor jsonb := private.conversation_agent(p_conversation_id);
  org uuid := (actor ->> 'org')::uuid;
begin
  if not private.move_conversation(org, p_conversation_id, 'with_agent', actor || '{"via": "take_over"}', '{bot}') then
    raise exception 'only a conversation with the assistant can be taken over' using errcode = '55000';
  end if;
  update public.conversations
  set assignee_id = coalesce(assignee_id, actor ->> 'id'),
    escalated_reason = coalesce(escalated_reason, 'agent_takeover')
  where id = p_conversation_id and organization_id = org;
  return 'with_agent';
end
$$;
comment on function public.take_over_conversation(uuid) is
  'Agents: takes a conversation from the assistant (bot -> with_agent), assigns it to the caller if unassigned and records '
  'agent_takeover as its reason when it has none. 55000 if not with the assistant.';

create or replace function public.analytics_escalation_reasons(p_from timestamptz, p_to timestamptz)
returns table (reason text, conversations bigint)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  select coalesce(c.escalated_reason, 'unspecified'), count(*)
  from public.conversations c
  where c.created_at >= p_from and c.created_at < p_to
    and (c.is_escalated or c.escalated_reason = 'agent_takeover')
  group by 1
  order by 2 desc, 1
$$;
comment on function public.analytics_escalation_reasons(timestamptz, timestamptz) is
  'Escalated (or taken over) conversations of the active organization started in [p_from, p_to), by escalated_reason.';

create or replace function public.update_organization_settings(p_organization_id uuid, p_settings jsonb, p_name text default null)
returns integer
language plpgsql
security invoker
set search_path = ''
as $$
declare
  changed integer;
begin
  -- only the keys the dashboard edits; default_org and anything unknown stay out of API reach
  -- (the check constraints on organizations validate each key's value)
  if p_settings is null or jsonb_typeof(p_settings) <> 'object' then
    raise exception 'settings must be a JSON object' using errcode = '22023';
  end if;
  if exists (
    select 1 from jsonb_object_keys(p_settings) k
    where k not in ('assistant_name', 'greeting', 'escalation_threshold', 'conversions', 'auto_assign', 'auto_assign_cap',
      'low_confidence_action')
  ) then
    raise exception 'unknown organization setting' using errcode = '22023';
  end if;
  -- security invoker: RLS (organizations_update, admins of the active organization) picks the row
  update public.organizations
  set name = coalesce(p_name, name), settings = settings || p_settings
  where id = p_organization_id;
  get diagnostics changed = row_count;
  return changed;
end;
$$;
comment on function public.update_organization_settings(uuid, jsonb, text) is
  'Merges the given settings keys (assistant_name, greeting, escalation_threshold, conversions, auto_assign, '
  'auto_assign_cap, low_confidence_action) into organizations.settings in one UPDATE, and renames the organization when '
  'p_name is given. Security invoker: RLS lets only admins of the active organization change it. Returns the rows changed (0 or 1).';
