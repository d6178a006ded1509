-- A shared browser must not mix visitors, and a signed identity must cover what it claims.
--
-- Before: widget_identify rewrote the session visitor's external_id to whatever the page claimed,
-- or moved the session and its conversation to another identified visitor, so the next person to
-- log in on a shared browser inherited (or took over) the previous person's thread. The identity
-- HMAC covered external_id only, so a captured hash let anyone attach any email, forever.
--
-- Now:
-- * A session whose visitor is identified stays that visitor's: identifying someone else on it is
--   refused with PT409 (PostgREST answers 409), and the caller starts a fresh session. An
--   anonymous session may still be claimed (the normal log-in flow); if the claimed external_id
--   already belongs to a visitor, the anonymous session and its conversation move to them.
-- * widget_start_session says whether the resumed visitor is identified, so the widget-session
--   function can start a fresh anonymous session for a page that identifies no one (logged out).
-- * The identity signature v2, `v2.<exp>.<hex>`, is HMAC-SHA256(identity_secret,
--   'v2|' || external_id || '|' || email || '|' || exp) with email '' when absent and exp in Unix
--   seconds; it is refused once exp has passed. v1 (64 hex = HMAC of external_id alone) is still
--   read for one release and is deprecated (see notes in SECURITY.md).
-- Signatures keep their (text, text, text, text) and (text, text, text) shapes, so grants and the
-- catalog tests that name them stay valid.

-- Byte-wise comparison without an early exit, so the time taken does not reveal how many leading
-- bytes of a guessed signature were right.
create function private.constant_time_equal(a bytea, b bytea) returns boolean
language plpgsql
immutable
set search_path = ''
as $$
declare
  diff integer := 0;
begin
  if a is null or b is null or length(a) <> length(b) then
    return false;
  end if;
  for i in 0 .. length(a) - 1 loop
    diff := diff | (get_byte(a, i) # get_byte(b, i));
  end loop;
  return diff = 0;
end
$$;
comment on function private.constant_time_equal(bytea, bytea) is
  'True when a and b are equal, comparing every byte (no early exit) so timing does not leak a partial match.';

-- Raises 28000 unless p_signature signs (external_id[, email, exp]) with p_secret; returns 'v1' or 'v2'.
create function private.verify_identity_signature(p_secret text, p_external_id text, p_email text, p_signature text)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  parts text[];
  message text;
  version text;
begin
  parts := regexp_match(p_signature, '^v2\.([0-9]{1,12})\.([0-9a-fA-F]{64})$');
  if parts is not null then
    -- email sits between the last two separators: a '|' inside it would make the string ambiguous
    if position('|' in coalesce(p_email, '')) > 0 then
      raise exception 'email must not contain |' using errcode = '22023';
    end if;
    version := 'v2';
    message := 'v2|' || p_external_id || '|' || coalesce(p_email, '') || '|' || parts[1];
  elsif p_signature ~ '^[0-9a-fA-F]{64}$' and left(p_external_id, 3) <> 'v2|' then
    -- v1, deprecated: an external_id shaped like a v2 message could otherwise pass its v1 hash off as v2
    version := 'v1';
    message := p_external_id;
    parts := array[null, p_signature];
  else
    raise exception 'identity verification failed' using errcode = '28000';
  end if;

  if not private.constant_time_equal(
       decode(lower(parts[2]), 'hex'),
       extensions.hmac(convert_to(message, 'UTF8'), convert_to(p_secret, 'UTF8'), 'sha256')) then
    raise exception 'identity verification failed' using errcode = '28000';
  end if;
  if version = 'v2' and parts[1]::bigint <= extract(epoch from now()) then
    raise exception 'identity signature expired' using errcode = '28000';
  end if;
  return version;
end
$$;
comment on function private.verify_identity_signature(text, text, text, text) is
  'Checks a widget identity signature: v2.<exp>.<hex HMAC-SHA256 of v2|external_id|email|exp> (refused after exp) '
  'or, deprecated, v1 = hex HMAC-SHA256 of external_id. Raises 28000 when wrong or expired; returns the version.';

revoke all on function private.constant_time_equal(bytea, bytea), private.verify_identity_signature(text, text, text, text)
  from public, anon, authenticated;

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
    raise exception 'identity verification is not configured for this website' using errcode = '55000';
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
comment on function public.widget_identify(text, text, text, text) is
  'Widget: link the session''s visitor to external_id, proven by p_hmac = v2.<exp>.<hex HMAC-SHA256(identity_secret, v2|external_id|email|exp)> '
  '(email '''' when null, exp Unix seconds, refused once past) or, deprecated for one release, hex HMAC-SHA256(identity_secret, external_id). '
  'An anonymous session is claimed; if another visitor of the organization already has external_id, the session and its conversation move to it. '
  'A session of a visitor identified as someone else is refused (PT409): start a new session. '
  'Returns {visitor_id, external_id, email, identified}. Errors: 28000 bad session, wrong or expired signature; '
  '22023 bad argument; 55000 no secret configured; PT409 session of another identified visitor.';

-- Same as 20261123001200 except for the `identified` flag in the result.
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
    raise exception 'unknown website key' using errcode = 'P0002';
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
comment on function public.widget_start_session(text, text, text) is
  'Widget: open a session for a website key from an allowed origin, or resume the live session of p_session_token on the same website. '
  'Returns {session_token (new sessions only), resumed, identified (the resumed visitor has an external_id), expires_at, visitor_id, '
  'conversation_id, website {id, name}, assistant {name, greeting}}. '
  'Errors: 22023 bad argument, P0002 unknown website key, 42501 origin not allowed.';

comment on table public.website_secrets is
  'One identity-verification secret per website: the customer''s server signs a visitor''s identity with it '
  '(v2.<exp>.<hex HMAC-SHA256 of v2|external_id|email|exp>; deprecated v1: hex HMAC-SHA256 of external_id) and '
  'public.widget_identify checks the signature. Admins only; never sent to the widget.';
