-- The AI concierge answers channel messages (issue 14): Messenger and Zalo customers have no
-- visitor session or website, so the widget's article search is split into an organization-scoped
-- core (private.org_search_articles) that both use -- one retrieval, not a copy -- and the
-- facebook-webhook / zalo-webhook functions get two service-role entry points: the AI turn of a
-- stored customer message, and the hand-over to the team that the widget does through the
-- visitor's session.

-- The search itself, as private.widget_search_articles of 20261204010200 did it, for one
-- organization; p_site_domain is the website whose help center citations link to (null: none).
create function private.org_search_articles(p_org uuid, p_site_domain text, p_query text, p_limit integer default 3)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  org public.organizations;
  site_domain text := p_site_domain;
  vocab text[];
  w text;
  fix text;
  words text[] := '{}';
  question text;
  terms text[];
  hits jsonb;
begin
  if p_query is null or char_length(p_query) > 4000 then
    raise exception 'query must be at most 4000 characters' using errcode = '22023';
  end if;
  if p_limit is null or p_limit not between 1 and 10 then
    raise exception 'limit must be between 1 and 10' using errcode = '22023';
  end if;
  select * into org from public.organizations where id = p_org;
  if org.id is null then
    raise exception 'unknown organization' using errcode = 'P0002';
  end if;

  -- the words the organization's published articles use
  select coalesce(array_agg(distinct v), '{}') into vocab
  from public.article_chunks c
  join public.articles a on a.id = c.article_id and a.organization_id = c.organization_id
  cross join lateral unnest(c.words) v
  where c.organization_id = p_org and a.is_published;

  -- spelling: a word of 5+ letters the articles never use (and no stop word) becomes the nearest one they do
  foreach w in array regexp_split_to_array(lower(p_query), '[^[:alnum:]]+') loop
    continue when w = '';
    if char_length(w) >= 5 and w ~ '^[[:alpha:]]+$' and not (w = any(vocab))
       and length(to_tsvector('english'::regconfig, w)) > 0 then
      select v into fix from unnest(vocab) v
      where char_length(v) = char_length(w) and left(v, 1) = left(w, 1)
        and (select string_agg(ch, '' order by ch) from regexp_split_to_table(v, '') ch)
          = (select string_agg(ch, '' order by ch) from regexp_split_to_table(w, '') ch)
      order by v limit 1;
      if fix is null then
        select v into fix from unnest(vocab) v
        where left(v, 1) = left(w, 1) and extensions.similarity(v, w) >= 0.5
        order by extensions.similarity(v, w) desc, v limit 1;
      end if;
      w := coalesce(fix, w);
      fix := null;
    end if;
    words := words || w;
  end loop;
  question := array_to_string(words, ' ');

  -- the (corrected) question's English stems, for the local provider's sentence scoring
  select coalesce(array_agg(distinct t.lexeme), '{}') into terms
  from unnest(to_tsvector('english'::regconfig, question)) t;

  with chunk as (
    select c.*, a.title, a.slug, a.language
    from public.article_chunks c
    join public.articles a on a.id = c.article_id and a.organization_id = c.organization_id
    where c.organization_id = p_org and a.is_published
  ),
  -- the question parsed in each language configuration the articles use
  per_config as (
    select x.ts_config,
      coalesce((select array_agg(distinct t.lexeme) from unnest(to_tsvector(x.ts_config::regconfig, question)) t), '{}') as terms
    from (select distinct ts_config from chunk) x
  ),
  scored as (
    select ch.*, p.terms,
      array(select t from unnest(p.terms) t where ch.fts @@ to_tsquery('simple'::regconfig, quote_literal(t))) as hit,
      ts_rank_cd(ch.fts, (select string_agg(quote_literal(t), ' | ')::tsquery from unnest(p.terms) t), 32) as rank
    from chunk ch join per_config p on p.ts_config = ch.ts_config
    where cardinality(p.terms) > 0
  ),
  -- terms that occur in no article of the organization carry no retrieval signal of their own
  known as (
    select sc.ts_config, count(distinct t) as n from scored sc cross join lateral unnest(sc.hit) t group by sc.ts_config
  ),
  best as (
    select sc.*,
      -- mostly the share of the question it covers; a little for covering the terms any article
      -- knows, so one unknown filler word does not sink a good match
      round((0.8 * cardinality(sc.hit) / cardinality(sc.terms) + 0.2 * cardinality(sc.hit) / k.n)::numeric, 3) as confidence,
      row_number() over (partition by sc.article_id order by cardinality(sc.hit) desc, sc.rank desc, sc.seq) as nth
    from scored sc join known k on k.ts_config = sc.ts_config
    where cardinality(sc.hit) > 0
  )
  select coalesce(jsonb_agg(h order by (h ->> 'confidence')::numeric desc, (h ->> 'rank')::numeric desc), '[]'::jsonb)
  into hits
  from (
    select jsonb_build_object(
      'id', b.article_id,
      'title', b.title,
      'slug', b.slug,
      'language', b.language,
      'body', b.body,
      'rank', round(b.rank::numeric, 4),
      'confidence', b.confidence,
      'section', case when b.heading is null then null else jsonb_build_object('heading', b.heading, 'anchor', b.anchor) end,
      'url', case when coalesce((org.settings ->> 'help_center_enabled')::boolean, false)
                  then '/help/' || org.slug || '/articles/' || b.slug || coalesce('?site=' || site_domain, '')
                       || coalesce('#' || b.anchor, '') end
    ) as h
    from best b
    where b.nth = 1
    order by b.confidence desc, b.rank desc
    limit p_limit
  ) x;

  return jsonb_build_object(
    'assistant', private.assistant_settings(org.settings),
    'terms', to_jsonb(terms),
    'articles', coalesce(hits, '[]'::jsonb)
  );
end
$$;
comment on function private.org_search_articles(uuid, text, text, integer) is
  'The article search of one organization''s published articles (widget and channels); not callable through the API.';
revoke all on function private.org_search_articles(uuid, text, text, integer) from public, anon, authenticated;

-- The widget's search: the visitor's session decides the organization and the website.
create or replace function private.widget_search_articles(p_session_token text, p_query text, p_limit integer default 3)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
begin
  if p_session_token is null or p_session_token !~ '^vst_[0-9a-f]{64}$' then
    raise exception 'invalid visitor session' using errcode = '28000';
  end if;
  select * into s from public.visitor_sessions v
  where v.token_hash = encode(sha256(convert_to(p_session_token, 'UTF8')), 'hex')
    and v.revoked_at is null and v.expires_at > now();
  if not found then
    raise exception 'invalid visitor session' using errcode = '28000';
  end if;
  -- citations link to the help center of the website the widget runs on
  return private.org_search_articles(s.organization_id,
    (select w.domain from public.websites w where w.id = s.website_id and w.organization_id = s.organization_id),
    p_query, p_limit);
end
$$;

-- Channels: the organization's search, for the service role alone (a channel customer has no
-- session to scope it; the caller names the conversation's organization).
create function public.channel_search_articles(p_org uuid, p_query text, p_limit integer default 3)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.org_search_articles(p_org, null, p_query, p_limit)
$$;
comment on function public.channel_search_articles(uuid, text, integer) is
  'Service role (channel webhooks): the published-article search of one organization, as the widget''s.';
revoke all on function public.channel_search_articles(uuid, text, integer) from public, anon, authenticated;
grant execute on function public.channel_search_articles(uuid, text, integer) to service_role;

-- The AI turn of a channel conversation's latest customer message, after channel_receive stored
-- it: what widget_chat_turn gives the chat function (retrieval, history, the organization's
-- settings, a repeated question), with the same silence rule (any state but bot: nothing is
-- retrieved, no AI turn is counted). The customer message gets a client_msg_id (ch:<id>) so the
-- reply is stored through public.store_ai_reply under its reply key: a second call for the same
-- message (a retried function) finds the reply and does nothing. Skipped when the integration's
-- AI is off.
create function public.channel_ai_turn(p_conversation_id uuid, p_history integer default 0) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  conv record;
  q record;
  key text;
  turns jsonb := '[]'::jsonb;
  repeated boolean;
begin
  if p_history is null or p_history not between 0 and 20 then
    raise exception 'history must be between 0 and 20 messages' using errcode = '22023';
  end if;
  select c.id, c.organization_id, c.state, c.state_changed_at, i.ai_enabled,
    coalesce(o.settings ->> 'low_confidence_action', 'offer_person') as low_confidence_action
  into conv
  from public.conversations c
  join public.integrations i on i.id = c.integration_id and i.organization_id = c.organization_id
  join public.organizations o on o.id = c.organization_id
  where c.id = p_conversation_id
  for update of c;
  if conv.id is null then
    raise exception 'unknown channel conversation' using errcode = 'P0002';
  end if;
  if not conv.ai_enabled then
    return jsonb_build_object('skip', 'ai_disabled');
  end if;
  -- the silence rule: with the team, nothing is retrieved and no AI turn is counted
  if conv.state <> 'bot' then
    return jsonb_build_object('skip', 'handled_by_team', 'state', conv.state);
  end if;

  select m.id, m.body, m.client_msg_id into q
  from public.messages m
  where m.organization_id = conv.organization_id and m.conversation_id = conv.id and m.sender_type = 'visitor'
  -- one delivery's messages share created_at (one transaction): the platform's time orders them
  order by m.created_at desc, m.metadata ->> 'platform_at' desc nulls last, m.id desc limit 1;
  if q.id is null then
    return jsonb_build_object('skip', 'no_question');
  end if;
  if q.client_msg_id is null then
    q.client_msg_id := 'ch:' || q.id;
    update public.messages set client_msg_id = q.client_msg_id where id = q.id and organization_id = conv.organization_id;
  end if;
  key := private.ai_reply_key(q.client_msg_id);
  if exists (select 1 from public.messages r
             where r.organization_id = conv.organization_id and r.conversation_id = conv.id and r.client_msg_id = key) then
    return jsonb_build_object('skip', 'answered');
  end if;

  if private.quota_take('ai_turns_per_day', conv.organization_id, private.quota_limit(conv.organization_id, 'ai_turns_per_day'), 86400) > 0 then
    return jsonb_build_object('id', q.id, 'conversation_id', conv.id, 'reply_key', key, 'question', q.body, 'ai_over_budget', true);
  end if;

  if p_history > 0 then
    select coalesce(jsonb_agg(jsonb_build_object('sender_type', x.sender_type, 'body', x.body) order by x.created_at, x.id), '[]'::jsonb)
    into turns
    from (
      select m.sender_type, m.body, m.created_at, m.id
      from public.messages m
      where m.organization_id = conv.organization_id and m.conversation_id = conv.id and m.id <> q.id
        and m.sender_type in ('visitor', 'ai', 'agent') and not m.is_internal
      order by m.created_at desc, m.id desc
      limit p_history
    ) x;
  end if;

  -- as in widget_chat_turn: the same question since the assistant last got the conversation
  select exists (
    select 1 from public.messages p
    where p.organization_id = conv.organization_id and p.conversation_id = conv.id and p.sender_type = 'visitor'
      and p.id <> q.id and p.created_at >= conv.state_changed_at
      and private.question_words(p.body) = private.question_words(q.body)
  ) and cardinality(private.question_words(q.body)) >= 2
  into repeated;

  return jsonb_build_object(
    'id', q.id,
    'conversation_id', conv.id,
    'reply_key', key,
    'question', q.body,
    'ai_over_budget', false,
    'low_confidence_action', conv.low_confidence_action,
    'repeated_question', repeated,
    'retrieval', private.org_search_articles(conv.organization_id, null, q.body, 3),
    'history', turns
  );
end
$$;
comment on function public.channel_ai_turn(uuid, integer) is
  'Service role (channel webhooks): what the assistant needs to answer a channel conversation''s latest customer message, '
  'or skip (AI off for the integration, already answered, with the team).';
revoke all on function public.channel_ai_turn(uuid, integer) from public, anon, authenticated;
grant execute on function public.channel_ai_turn(uuid, integer) to service_role;

-- The hand-over of a channel conversation, as widget_escalate does it for the widget: the ticket
-- once (subject: the customer's question; no email, the team answers on the channel) with the
-- assistant's reason, and the conversation to waiting_for_agent. A conversation a person already
-- has keeps agent_takeover.
create function public.channel_hand_over(p_conversation_id uuid, p_reason text) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  conv public.conversations;
  v_reason text := p_reason;
  t record;
  question text;
  ai_meta jsonb;
  actor jsonb := jsonb_build_object('type', 'system', 'via', 'escalate');
begin
  if not private.is_escalation_reason(v_reason) then
    raise exception 'reason must be one of low_confidence, visitor_request, negative_sentiment, repeated_question, agent_takeover'
      using errcode = '22023';
  end if;
  select * into conv from public.conversations where id = p_conversation_id and integration_id is not null for update;
  if conv.id is null then
    raise exception 'unknown channel conversation' using errcode = 'P0002';
  end if;

  select id, ref into t from public.tickets where organization_id = conv.organization_id and conversation_id = conv.id;
  if found then
    perform private.move_conversation(conv.organization_id, conv.id, 'waiting_for_agent', actor, '{bot,resolved}');
    return jsonb_build_object('ticket_ref', t.ref, 'ticket_id', t.id, 'created', false);
  end if;
  if conv.escalated_reason = 'agent_takeover' then
    v_reason := 'agent_takeover';
  end if;
  select metadata into ai_meta from public.messages
  where organization_id = conv.organization_id and conversation_id = conv.id and sender_type = 'ai'
  order by created_at desc, id desc limit 1;
  select body into question from public.messages
  where organization_id = conv.organization_id and conversation_id = conv.id and sender_type = 'visitor'
  order by created_at desc, id desc limit 1;

  insert into public.tickets (organization_id, conversation_id, subject, original_query, ai_context)
  values (conv.organization_id, conv.id,
    coalesce(left(nullif(btrim(regexp_replace(question, '\s+', ' ', 'g')), ''), 300), 'Chat conversation'),
    question,
    coalesce(ai_meta, '{}'::jsonb) || jsonb_build_object('reason', v_reason))
  returning id, ref into t;

  update public.conversations set escalated_reason = v_reason where id = conv.id and organization_id = conv.organization_id;
  perform private.move_conversation(conv.organization_id, conv.id, 'waiting_for_agent', actor, '{bot,resolved}');
  update public.conversations
  set is_escalated = true, escalated_at = coalesce(escalated_at, now())
  where id = conv.id and organization_id = conv.organization_id and not is_escalated;
  return jsonb_build_object('ticket_ref', t.ref, 'ticket_id', t.id, 'created', true);
end
$$;
comment on function public.channel_hand_over(uuid, text) is
  'Service role (channel webhooks): hands a channel conversation to the team with the assistant''s reason (ticket once, waiting_for_agent).';
revoke all on function public.channel_hand_over(uuid, text) from public, anon, authenticated;
grant execute on function public.channel_hand_over(uuid, text) to service_role;
