-- Deliberate refusals answered as 4xx instead of HTTP 500.
--
-- PostgREST 12 answers P0001, its own PTnnn codes and most SQLSTATE classes with a 4xx, but every
-- other P0 code (P0002 "not found") and class 55 (55000 "not in a state for it") with HTTP 500.
-- The RPCs below raise those two on purpose, so a caller sending an unknown key or acting twice got
-- a 500 that a 5xx monitor counts as our failure (RELIABILITY.md, failure 9; the fuzz test).
-- They now raise through private.refuse: sqlstate 'PGRST' with the HTTP status in DETAIL, which
-- PostgREST answers with that status and a body whose `code` is still the SQLSTATE callers
-- compare (P0002, 55000), so supabase-js callers, the functions' errors.ts and the dashboard read
-- the same code as before. 54000 needs nothing: PostgREST answers class 54 with 413.
-- Each function is re-created from its latest definition (named above it); only the raise changed.

create or replace function private.refuse(p_code text, p_status integer, p_message text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  -- PostgREST reads MESSAGE as its error body and DETAIL's status as the HTTP status
  raise sqlstate 'PGRST'
    using message = pg_catalog.jsonb_build_object('code', p_code, 'message', p_message, 'details', null, 'hint', null)::text,
      detail = pg_catalog.jsonb_build_object('status', p_status, 'headers', '{}'::jsonb)::text;
end
$$;

comment on function private.refuse(text, integer, text) is
  'Raises a deliberate refusal that PostgREST answers with HTTP p_status and {code: p_code, message: p_message}.';

revoke execute on function private.refuse(text, integer, text) from public;
-- save_contact is security invoker (the member's own rights); the others are security definer
grant execute on function private.refuse(text, integer, text) to authenticated;

-- public.accept_invitation: latest definition was in 20261201000410_require_consent_for_membership.sql
create or replace function public.accept_invitation(p_invitation_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_user text := auth.jwt() ->> 'sub';
  v_email text;
  inv public.invitations;
  v_role public.member_role;
begin
  select u.email into v_email from public.users u where u.id = v_user and u.email_verified;
  select * into inv from public.invitations i where i.id = p_invitation_id for update;
  -- someone else's invitation is reported as missing: its existence is not the caller's business
  if v_email is null or not found or inv.email <> v_email then
    perform private.refuse('P0002', 404, 'no invitation for you with this id');
  end if;
  if inv.status <> 'pending' then
    raise exception 'the invitation was % and can no longer be accepted', inv.status using errcode = '22023';
  end if;
  if inv.expires_at <= now() then
    raise exception 'the invitation has expired; ask for a new one' using errcode = '22023';
  end if;
  update public.invitations set status = 'accepted', accepted_at = now() where id = inv.id;
  insert into public.organization_members (organization_id, user_id, role)
  values (inv.organization_id, v_user, inv.role)
  on conflict (organization_id, user_id) do update
    set role = greatest(public.organization_members.role, excluded.role)
  returning role into v_role;
  return jsonb_build_object('organization_id', inv.organization_id,
    'slug', (select o.slug from public.organizations o where o.id = inv.organization_id), 'role', v_role);
end
$$;

-- public.approve_article_proposal: latest definition was in 20261203060200_create_article_proposals.sql
create or replace function public.approve_article_proposal(p_proposal_id uuid, p_title text default null, p_body text default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('agent'));
  sub text := (select auth.jwt() ->> 'sub');
  p public.article_proposals;
  target public.articles;
  v_title text;
  v_body text;
  result uuid;
begin
  if org is null then
    raise exception 'only an agent of the organization may approve a proposal' using errcode = '42501';
  end if;
  select * into p from public.article_proposals where id = p_proposal_id and organization_id = org for update;
  if p.id is null then
    perform private.refuse('P0002', 404, 'unknown proposal');
  end if;
  if p.status <> 'pending' then
    perform private.refuse('55000', 409, pg_catalog.format('the proposal was already %s', p.status));
  end if;
  v_title := coalesce(nullif(btrim(p_title), ''), left(p.question, 300));
  v_body := coalesce(nullif(btrim(p_body), ''), p.answer);
  if char_length(v_title) > 300 then
    raise exception 'title must be at most 300 characters' using errcode = '22023';
  end if;
  if char_length(v_body) > 100000 then
    raise exception 'body must be at most 100000 characters' using errcode = '22023';
  end if;

  select * into target from public.articles where id = p.article_id and organization_id = org;
  if target.id is not null and not target.is_published then
    update public.articles
    set body = body || E'\n\n## ' || v_title || E'\n\n' || v_body, updated_by = sub
    where id = target.id and organization_id = org
    returning id into result;
  else
    insert into public.articles (organization_id, title, slug, body, is_published, collection, language, created_by, updated_by)
    values (org, v_title, private.free_article_slug(org, v_title),
      case when target.id is null then v_body
           else target.body || E'\n\n## ' || v_title || E'\n\n' || v_body end,
      false, target.collection, coalesce(target.language, 'en'), sub, sub)
    returning id into result;
  end if;

  update public.article_proposals
  set status = 'approved', result_article_id = result, decided_by = sub, decided_at = now()
  where id = p.id and organization_id = org;
  return result;
end
$$;

-- public.disconnect_integration: latest definition was in 20261203080100_create_channel_functions.sql
create or replace function public.disconnect_integration(p_integration uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := private.org_with_role('admin');
begin
  update public.integrations
  set status = 'disconnected', status_reason = null, disconnected_at = now()
  where id = p_integration and organization_id = v_org;
  if not found then
    perform private.refuse('P0002', 404, 'no such channel in your organization');
  end if;
  delete from private.integration_secrets where integration_id = p_integration and organization_id = v_org;
end
$$;

-- public.dismiss_article_proposal: latest definition was in 20261203060200_create_article_proposals.sql
create or replace function public.dismiss_article_proposal(p_proposal_id uuid) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('agent'));
begin
  if org is null then
    raise exception 'only an agent of the organization may dismiss a proposal' using errcode = '42501';
  end if;
  update public.article_proposals
  set status = 'dismissed', decided_by = (select auth.jwt() ->> 'sub'), decided_at = now()
  where id = p_proposal_id and organization_id = org and status = 'pending';
  if not found then
    perform private.refuse('P0002', 404, 'no pending proposal has this id');
  end if;
end
$$;

-- public.domain_verification_challenge: latest definition was in 20261201000400_verify_organization_domains.sql
create or replace function public.domain_verification_challenge(p_domain text) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  org uuid := private.org_with_role('admin');
  claim public.organization_domains;
begin
  if org is null then
    raise exception 'only admins of the active organization verify its domains' using errcode = '42501';
  end if;
  select * into claim from public.organization_domains d where d.organization_id = org and d.domain = p_domain;
  if not found then
    perform private.refuse('P0002', 404, 'the organization has not added this domain');
  end if;
  return jsonb_build_object('organization_id', claim.organization_id, 'domain', claim.domain,
    'token', claim.verification_token, 'verified', claim.verified_at is not null);
end
$$;

-- public.hand_back_conversation: latest definition was in 20261202010300_create_conversation_handling_rpcs.sql
create or replace function public.hand_back_conversation(p_conversation_id uuid) returns public.conversation_state
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor jsonb := private.conversation_agent(p_conversation_id);
begin
  if not private.move_conversation((actor ->> 'org')::uuid, p_conversation_id, 'bot', actor || '{"via": "hand_back"}',
      '{waiting_for_agent,with_agent,needs_reply}') then
    perform private.refuse('55000', 409, 'only a conversation with the team can be handed back to the assistant');
  end if;
  return 'bot';
end
$$;

-- public.redeliver_webhook: latest definition was in 20261204090000_create_webhooks.sql
create or replace function public.redeliver_webhook(p_delivery uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := private.org_with_role('admin');
begin
  if v_org is null then
    raise exception 'only admins and owners redeliver webhooks' using errcode = '42501';
  end if;
  update public.webhook_deliveries d
  set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null, redelivered_at = now()
  where d.id = p_delivery and d.organization_id = v_org and d.status <> 'sending';
  if not found then
    perform private.refuse('P0002', 404, 'no such delivery in your organization, or it is being sent right now');
  end if;
end
$$;

-- public.resolve_conversation: latest definition was in 20261202010300_create_conversation_handling_rpcs.sql
create or replace function public.resolve_conversation(p_conversation_id uuid) returns public.conversation_state
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor jsonb := private.conversation_agent(p_conversation_id);
begin
  if not private.move_conversation((actor ->> 'org')::uuid, p_conversation_id, 'resolved', actor || '{"via": "resolve"}') then
    perform private.refuse('55000', 409, 'the conversation is already resolved');
  end if;
  return 'resolved';
end
$$;

-- public.rotate_webhook_secret: latest definition was in 20261204090000_create_webhooks.sql
create or replace function public.rotate_webhook_secret(p_endpoint uuid) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := private.org_with_role('admin');
  v_secret text := private.webhook_new_secret();
begin
  if v_org is null then
    raise exception 'only admins and owners manage webhooks' using errcode = '42501';
  end if;
  update private.webhook_secrets s set secret = v_secret, updated_at = now()
  where s.endpoint_id = p_endpoint and s.organization_id = v_org;
  if not found then
    perform private.refuse('P0002', 404, 'no such webhook endpoint in your organization');
  end if;
  update public.webhook_endpoints e set secret_hint = pg_catalog.right(v_secret, 4)
  where e.id = p_endpoint and e.organization_id = v_org;
  return v_secret;
end
$$;

-- public.save_contact: latest definition was in 20261203070100_create_team_matching.sql
create or replace function public.save_contact(p_profile_id uuid, p_session_id uuid default null, p_reason text default '')
returns table (saved_contact_id uuid, already_saved boolean)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('viewer'));
  new_id uuid;
begin
  if org is null or not exists (select 1 from public.profiles p where p.id = p_profile_id and p.organization_id = org) then
    perform private.refuse('P0002', 404, 'profile not found');
  end if;
  insert into public.saved_contacts (organization_id, user_id, profile_id, session_id, reason)
  values (org, (select auth.jwt()) ->> 'sub', p_profile_id, p_session_id, left(coalesce(p_reason, ''), 500))
  on conflict (organization_id, user_id, profile_id) do nothing
  returning id into new_id;
  if new_id is not null then
    return query select new_id, false;
  else
    return query select c.id, true from public.saved_contacts c
      where c.organization_id = org and c.user_id = (select auth.jwt()) ->> 'sub' and c.profile_id = p_profile_id;
  end if;
end
$$;

-- public.take_over_conversation: latest definition was in 20261203060000_record_escalation_reasons.sql
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
    perform private.refuse('55000', 409, 'only a conversation with the assistant can be taken over');
  end if;
  update public.conversations
  set assignee_id = coalesce(assignee_id, actor ->> 'id'),
    escalated_reason = coalesce(escalated_reason, 'agent_takeover')
  where id = p_conversation_id and organization_id = org;
  return 'with_agent';
end
$$;

-- public.widget_appearance: latest definition was in 20261204080000_create_widget_appearance.sql
create or replace function public.widget_appearance(p_website_key text, p_origin text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  w public.websites;
  org_settings jsonb;
begin
  if p_website_key is null or p_website_key !~ '^wk_[A-Za-z0-9_]{4,64}$' then
    raise exception 'invalid website key' using errcode = '22023';
  end if;
  if p_origin is null or char_length(p_origin) > 255
     or p_origin !~* '^https?://[a-z0-9.-]+(:[0-9]{1,5})?$' then
    raise exception 'invalid origin: expected scheme://host[:port]' using errcode = '22023';
  end if;
  select * into w from public.websites where public_key = p_website_key;
  if not found then
    perform private.refuse('P0002', 404, 'unknown website key');
  end if;
  if not exists (select 1 from unnest(w.allowed_origins) o where lower(o) = lower(p_origin)) then
    raise exception 'origin % is not allowed for this website', p_origin using errcode = '42501';
  end if;
  select settings into org_settings from public.organizations where id = w.organization_id;

  -- greeting: the website's, else the organization's own (only when it wrote one), else null and
  -- the widget greets in the visitor's language from its catalogue
  return jsonb_build_object(
    'brand_color', w.brand_color,
    'position', w.widget_position,
    'launcher_icon', w.launcher_icon,
    'avatar_url', w.avatar_url,
    'greeting', coalesce(w.greeting, org_settings ->> 'greeting'),
    'input_placeholder', w.input_placeholder,
    'language', w.widget_language,
    'assistant_name', (private.assistant_settings(org_settings)) ->> 'name'
  );
end
$$;

-- public.widget_identify: latest definition was in 20261201000300_separate_identified_widget_visitors.sql
create or replace function public.widget_identify(p_session_token text, p_external_id text, p_email text, p_hmac text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  v_email text;
  secret text;
  current_external_id text;
  existing uuid;
  target uuid;
begin
  s := private.widget_session(p_session_token);
  if p_external_id is null or p_external_id !~ '^[\x21-\x7e]{1,255}$' then
    raise exception 'external_id must be 1 to 255 printable ASCII characters without spaces' using errcode = '22023';
  end if;
  if p_hmac is null or p_hmac !~ '^(v2\.[0-9]{1,12}\.)?[0-9a-fA-F]{64}$' then
    raise exception 'hmac must be v2.<expiry>.<64 hex> or, deprecated, 64 hex characters (HMAC-SHA256)' using errcode = '22023';
  end if;
  v_email := private.normalize_email(p_email);

  select identity_secret into secret from public.website_secrets
  where website_id = s.website_id and organization_id = s.organization_id;
  if secret is null then
    perform private.refuse('55000', 409, 'identity verification is not configured for this website');
  end if;
  perform private.verify_identity_signature(secret, p_external_id, p_email, p_hmac);

  -- Lock the session, then its visitor, and read both again: two identify calls racing on one
  -- anonymous session must not both claim it (the second then sees the first's identity).
  select * into s from public.visitor_sessions where id = s.id for update;
  select external_id into current_external_id from public.visitors
  where id = s.visitor_id and organization_id = s.organization_id
  for update;

  if current_external_id is not null and current_external_id <> p_external_id then
    raise exception 'this session belongs to another identified visitor; start a new session'
      using errcode = 'PT409';
  end if;

  select id into existing from public.visitors
  where organization_id = s.organization_id and external_id = p_external_id;

  if existing is null or existing = s.visitor_id then
    target := s.visitor_id;
    update public.visitors
    set external_id = p_external_id, email = coalesce(v_email, email), last_seen_at = now()
    where id = target and organization_id = s.organization_id
      and (external_id is null or external_id = p_external_id);
  else
    -- an anonymous session claimed by a known customer (log-in, or a new browser): the session
    -- and its conversation move to them; only ever away from the anonymous visitor
    target := existing;
    update public.visitors
    set email = coalesce(v_email, email), last_seen_at = now()
    where id = target and organization_id = s.organization_id;
    update public.visitor_sessions set visitor_id = target where id = s.id;
    update public.conversations set visitor_id = target
    where id = s.conversation_id and organization_id = s.organization_id and visitor_id = s.visitor_id;
  end if;

  return (select jsonb_build_object('visitor_id', v.id, 'external_id', v.external_id, 'email', v.email, 'identified', true)
          from public.visitors v where v.id = target and v.organization_id = s.organization_id);
end
$$;

-- public.widget_rate_answer: latest definition was in 20261203060100_create_answer_feedback.sql
create or replace function public.widget_rate_answer(p_session_token text, p_message_id uuid, p_rating integer)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
begin
  s := private.widget_session(p_session_token);
  if p_rating is null or p_rating not in (-1, 1) then
    raise exception 'rating must be 1 (helpful) or -1 (not helpful)' using errcode = '22023';
  end if;
  -- only an answer of the assistant in the session's own conversation
  if not exists (
    select 1 from public.messages m
    where m.id = p_message_id and m.organization_id = s.organization_id and m.conversation_id = s.conversation_id
      and m.sender_type = 'ai'
  ) then
    perform private.refuse('P0002', 404, 'no answer of this conversation has this id');
  end if;
  insert into public.answer_feedback (organization_id, conversation_id, message_id, rating)
  values (s.organization_id, s.conversation_id, p_message_id, p_rating)
  on conflict (organization_id, message_id) do update
    set rating = excluded.rating
    where public.answer_feedback.rating is distinct from excluded.rating;
  return jsonb_build_object('message_id', p_message_id, 'rating', p_rating);
end
$$;

-- public.widget_start_session: latest definition was in 20261201000300_separate_identified_widget_visitors.sql
create or replace function public.widget_start_session(p_website_key text, p_origin text, p_session_token text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  w public.websites;
  org_settings jsonb;
  s public.visitor_sessions;
  new_token text;
  v_id uuid;
  c_id uuid;
  identified boolean := false;
begin
  if p_website_key is null or p_website_key !~ '^wk_[A-Za-z0-9_]{4,64}$' then
    raise exception 'invalid website key' using errcode = '22023';
  end if;
  if p_origin is null or char_length(p_origin) > 255
     or p_origin !~* '^https?://[a-z0-9.-]+(:[0-9]{1,5})?$' then
    raise exception 'invalid origin: expected scheme://host[:port]' using errcode = '22023';
  end if;
  if p_session_token is not null and p_session_token !~ '^vst_[0-9a-f]{64}$' then
    raise exception 'invalid session token format' using errcode = '22023';
  end if;

  select * into w from public.websites where public_key = p_website_key;
  if not found then
    perform private.refuse('P0002', 404, 'unknown website key');
  end if;
  if not exists (select 1 from unnest(w.allowed_origins) o where lower(o) = lower(p_origin)) then
    raise exception 'origin % is not allowed for this website', p_origin using errcode = '42501';
  end if;
  select settings into org_settings from public.organizations where id = w.organization_id;

  -- resume: only a live session of this same website
  if p_session_token is not null then
    select * into s from public.visitor_sessions v
    where v.token_hash = encode(sha256(convert_to(p_session_token, 'UTF8')), 'hex')
      and v.website_id = w.id and v.organization_id = w.organization_id
      and v.revoked_at is null and v.expires_at > now();
  end if;

  if s.id is not null then
    update public.visitor_sessions set last_seen_at = now() where id = s.id;
    update public.visitors set last_seen_at = now() where id = s.visitor_id and organization_id = s.organization_id
    returning external_id is not null into identified;
    v_id := s.visitor_id;
    c_id := s.conversation_id;
  else
    new_token := 'vst_' || replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
    insert into public.visitors (organization_id, website_id)
    values (w.organization_id, w.id)
    returning id into v_id;
    insert into public.conversations (organization_id, website_id, visitor_id, channel)
    values (w.organization_id, w.id, v_id, 'web')
    returning id into c_id;
    insert into public.visitor_sessions (organization_id, website_id, visitor_id, conversation_id, token_hash)
    values (w.organization_id, w.id, v_id, c_id, encode(sha256(convert_to(new_token, 'UTF8')), 'hex'))
    returning * into s;
  end if;

  return jsonb_strip_nulls(jsonb_build_object(
    'session_token', new_token,
    'resumed', new_token is null,
    'identified', identified,
    'expires_at', s.expires_at,
    'visitor_id', v_id,
    'conversation_id', c_id,
    'website', jsonb_build_object('id', w.id, 'name', w.name),
    'assistant', private.assistant_settings(org_settings) - 'escalation_threshold'
  ));
end
$$;

-- private.erase_visitor_data: latest definition was in 20261204060000_create_data_lifecycle.sql
create or replace function private.erase_visitor_data(p_visitor uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v public.visitors;
  conversation_ids uuid[];
  erased_messages int;
begin
  select * into v from public.visitors where id = p_visitor;
  if not found then
    perform private.refuse('P0002', 404, 'unknown visitor');
  end if;
  select coalesce(array_agg(c.id), '{}') into conversation_ids from public.conversations c where c.visitor_id = p_visitor;
  update public.messages m set body = '[erased at the visitor''s request]', metadata = '{}'::jsonb
  where m.conversation_id = any(conversation_ids) and m.sender_type = 'visitor';
  get diagnostics erased_messages = row_count;
  update public.conversations c set summary = null, external_customer_id = null where c.id = any(conversation_ids);
  update public.tickets t set customer_email = null, customer_name = null, original_query = '[erased at the visitor''s request]'
  where t.conversation_id = any(conversation_ids);
  if v.email is not null then
    delete from public.email_outbox e where e.organization_id = v.organization_id and lower(e.recipient) = lower(v.email) and e.status <> 'sent';
  end if;
  delete from public.visitors where id = p_visitor;
  return jsonb_build_object('visitor_id', p_visitor, 'conversations', cardinality(conversation_ids), 'messages_erased', erased_messages);
end
$$;

-- private.org_search_articles: latest definition was in 20261204025000_answer_channel_messages_with_ai.sql
create or replace function private.org_search_articles(p_org uuid, p_site_domain text, p_query text, p_limit integer default 3)
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
    perform private.refuse('P0002', 404, 'unknown organization');
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

