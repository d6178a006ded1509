-- Knowledge retrieval for the AI concierge: the published articles of the session's organization
-- that best match a visitor's question, with a confidence the chat function compares with the
-- organization's escalation threshold. Callable with the anon key by design: it reveals only
-- published help-center articles of the organization the session belongs to.

create function public.widget_search_articles(p_session_token text, p_query text, p_limit integer default 3)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  org_settings jsonb;
  terms text[];
  known text[];
  q tsquery;
  hits jsonb;
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
  if p_query is null or char_length(p_query) > 4000 then
    raise exception 'query must be at most 4000 characters' using errcode = '22023';
  end if;
  if p_limit is null or p_limit not between 1 and 10 then
    raise exception 'limit must be between 1 and 10' using errcode = '22023';
  end if;
  select settings into org_settings from public.organizations where id = s.organization_id;

  -- the question's stemmed terms, stop words dropped; matched with OR so a partial match ranks
  select coalesce(array_agg(distinct t.lexeme), '{}') into terms
  from unnest(to_tsvector('english'::regconfig, p_query)) t;
  -- terms that occur in no article of the organization carry no retrieval signal of their own
  select coalesce(array_agg(t), '{}') into known
  from unnest(terms) t
  where exists (
    select 1 from public.articles a
    where a.organization_id = s.organization_id and a.is_published
      and a.fts @@ to_tsquery('simple'::regconfig, quote_literal(t))
  );

  if cardinality(known) > 0 then
    q := (select string_agg(quote_literal(t), ' | ')::tsquery from unnest(known) t);
    select coalesce(jsonb_agg(h order by (h ->> 'confidence')::numeric desc, (h ->> 'rank')::numeric desc), '[]'::jsonb)
    into hits
    from (
      select jsonb_build_object(
        'id', a.id,
        'title', a.title,
        'body', a.body,
        'rank', round(ts_rank_cd(a.fts, q, 32)::numeric, 4),
        -- mostly the share of the question it covers; a little for covering the terms any
        -- article knows, so one unknown filler word does not sink a good match
        'confidence', round((0.8 * m.matched / cardinality(terms) + 0.2 * m.matched / cardinality(known))::numeric, 3)
      ) as h
      from public.articles a
      cross join lateral (
        select count(*) as matched from unnest(known) t where a.fts @@ to_tsquery('simple'::regconfig, quote_literal(t))
      ) m
      where a.organization_id = s.organization_id and a.is_published and a.fts @@ q
      order by m.matched desc, ts_rank_cd(a.fts, q, 32) desc
      limit p_limit
    ) x;
  end if;

  return jsonb_build_object(
    'assistant', private.assistant_settings(org_settings),
    'terms', to_jsonb(terms),
    'articles', coalesce(hits, '[]'::jsonb)
  );
end
$$;
comment on function public.widget_search_articles(text, text, integer) is
  'Widget AI: up to p_limit published articles of the session''s organization matching p_query (English full-text, terms OR-ed), '
  'best first, each {id, title, body, rank, confidence 0..1}; plus the assistant settings {name, greeting, escalation_threshold} '
  'and the question''s terms. Errors: 28000 bad session, 22023 bad argument.';

revoke all on function public.widget_search_articles(text, text, integer) from public, anon, authenticated, service_role;
grant execute on function public.widget_search_articles(text, text, integer) to anon, authenticated;

-- The key an AI reply to a visitor message is stored under: derived from the visitor's
-- client_msg_id, so a resent message finds its reply and a retried job stores it once.
create function private.ai_reply_key(p_client_msg_id text) returns text
language sql
immutable
set search_path = ''
as $$
  select 'ai:' || case when char_length(p_client_msg_id) <= 97 then p_client_msg_id
                       else encode(sha256(convert_to(p_client_msg_id, 'UTF8')), 'hex') end
$$;
comment on function private.ai_reply_key(text) is 'client_msg_id of the AI reply to a visitor message (ai:<key>, hashed when too long).';
revoke all on function private.ai_reply_key(text) from public, anon, authenticated;

-- Post a visitor message (replaces the first version): adds the per-visitor rate limit, and on a
-- resend returns the reply already stored for it.
create or replace function public.widget_post_message(p_session_token text, p_client_msg_id text, p_body text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  m record;
  reply jsonb;
  dup boolean := false;
  recent integer;
  per_minute constant integer := 10;
begin
  s := private.widget_session(p_session_token);
  perform private.widget_check_client_msg_id(p_client_msg_id);
  if p_body is null or btrim(p_body) = '' or char_length(p_body) > 4000 then
    raise exception 'body must be 1 to 4000 characters' using errcode = '22023';
  end if;

  select id, created_at, sender_type into m from public.messages
  where organization_id = s.organization_id and conversation_id = s.conversation_id and client_msg_id = p_client_msg_id;

  if m.id is not null then
    dup := true;
  else
    -- enforced here, not only in the Edge Function, because the anon key can call this directly
    select count(*) into recent from public.messages
    where organization_id = s.organization_id and conversation_id = s.conversation_id
      and sender_type = 'visitor' and created_at > now() - interval '1 minute';
    if recent >= per_minute then
      raise exception 'too many messages: at most % per minute', per_minute
        using errcode = 'PT429', hint = 'retry-after=60';
    end if;
    insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body)
    values (s.organization_id, s.conversation_id, 'visitor', s.visitor_id::text, p_client_msg_id, p_body)
    on conflict (organization_id, conversation_id, client_msg_id) do nothing
    returning id, created_at, sender_type into m;
    if m.id is null then
      -- a concurrent resend won the insert
      dup := true;
      select id, created_at, sender_type into m from public.messages
      where organization_id = s.organization_id and conversation_id = s.conversation_id and client_msg_id = p_client_msg_id;
    end if;
  end if;
  if m.sender_type <> 'visitor' then
    raise exception 'client_msg_id is already used in this conversation' using errcode = '23505';
  end if;

  if dup then
    select jsonb_build_object('id', r.id, 'body', r.body, 'created_at', r.created_at,
             'confidence', r.metadata -> 'confidence', 'intent', r.metadata -> 'intent',
             'offer_human', coalesce(r.metadata -> 'offer_human', 'false'::jsonb),
             'sources', coalesce((select jsonb_agg(jsonb_build_object('id', src -> 'id', 'title', src -> 'title'))
                                  from jsonb_array_elements(case when jsonb_typeof(r.metadata -> 'sources') = 'array'
                                    then r.metadata -> 'sources' else '[]'::jsonb end) src), '[]'::jsonb))
    into reply
    from public.messages r
    where r.organization_id = s.organization_id and r.conversation_id = s.conversation_id
      and r.client_msg_id = private.ai_reply_key(p_client_msg_id) and r.sender_type = 'ai';
  end if;

  return jsonb_build_object('id', m.id, 'created_at', m.created_at, 'duplicate', dup,
    'conversation_id', s.conversation_id, 'reply_key', private.ai_reply_key(p_client_msg_id), 'reply', reply);
end
$$;
comment on function public.widget_post_message(text, text, text) is
  'Widget: post a visitor message into the session''s conversation. Idempotent on client_msg_id (8..100 chars); body 1..4000 chars; '
  'at most 10 new visitor messages per minute per conversation. Returns {id, created_at, duplicate, conversation_id, reply_key, '
  'reply (the stored AI reply for a resent message, else null)}. Errors: 28000 bad session, 22023 bad argument, '
  '23505 key used by another sender, PT429 rate limit (HTTP 429).';
