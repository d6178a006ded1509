-- The visitor API: narrow security definer functions that the widget's Edge Functions call
-- through PostgREST RPC with the anon key. A visitor proves itself only with its session token
-- (hashed and looked up in visitor_sessions); organization, website and conversation always come
-- from the session or the website key, never from the caller.
--
-- Error codes (SQLSTATE) the API maps:
--   22023 invalid_parameter_value          an argument is missing, too long or malformed  -> 400
--   28000 invalid_authorization_specification  unknown, forged, expired or revoked session
--                                          token; wrong identity HMAC                     -> 401
--   42501 insufficient_privilege           origin not allowed for this website key        -> 403
--   P0002 no_data_found                    unknown website key / conversation             -> 404
--   55000 object_not_in_prerequisite_state identity verification not configured           -> 409
--   23505 unique_violation                 client_msg_id already used by another sender   -> 409

-- hmac() for identity verification (present on hosted Supabase; in extensions as there).
create extension if not exists pgcrypto with schema extensions;

-- The live session for a token, locked against concurrent revocation; 28000 otherwise.
create function private.widget_session(p_session_token text) returns public.visitor_sessions
language plpgsql
volatile
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
  -- throttle the write: polling every few seconds need not rewrite the row each time
  if s.last_seen_at < now() - interval '1 minute' then
    update public.visitor_sessions set last_seen_at = now() where id = s.id;
    update public.visitors set last_seen_at = now()
    where id = s.visitor_id and organization_id = s.organization_id;
  end if;
  return s;
end
$$;
comment on function private.widget_session(text) is
  'Live visitor session for a widget token (hash lookup), bumping last_seen_at; raises 28000 for a bad token. Internal to widget_* functions.';

create function private.widget_check_client_msg_id(p_client_msg_id text) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_client_msg_id is null or p_client_msg_id !~ '^[\x21-\x7e]{8,100}$' then
    raise exception 'client_msg_id must be 8 to 100 printable ASCII characters without spaces'
      using errcode = '22023';
  end if;
end
$$;
comment on function private.widget_check_client_msg_id(text) is 'Raises 22023 unless the idempotency key is 8..100 printable ASCII characters.';

create function private.normalize_email(p_email text) returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  e text := lower(btrim(p_email));
begin
  if e is null or e = '' then
    return null;
  end if;
  if char_length(e) > 254 or e !~ '^[^@\s]+@[^@\s]+\.[^@\s.]+$' then
    raise exception 'invalid email address' using errcode = '22023';
  end if;
  return e;
end
$$;
comment on function private.normalize_email(text) is 'Trimmed lower-case email, null for null/blank; raises 22023 for a malformed one.';

revoke all on function private.widget_session(text), private.widget_check_client_msg_id(text), private.normalize_email(text)
  from public, anon, authenticated;

-- Open or resume a widget session.
create function public.widget_start_session(p_website_key text, p_origin text, p_session_token text default null)
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
    update public.visitors set last_seen_at = now() where id = s.visitor_id and organization_id = s.organization_id;
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
  'Returns {session_token (new sessions only), resumed, expires_at, visitor_id, conversation_id, website {id, name}, assistant {name, greeting}}. '
  'Errors: 22023 bad argument, P0002 unknown website key, 42501 origin not allowed.';

-- Link the visitor to the customer's own user id, proven by an HMAC from the customer's server.
create function public.widget_identify(p_session_token text, p_external_id text, p_email text, p_hmac text)
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
  existing uuid;
  target uuid;
begin
  s := private.widget_session(p_session_token);
  if p_external_id is null or p_external_id !~ '^[\x21-\x7e]{1,255}$' then
    raise exception 'external_id must be 1 to 255 printable ASCII characters without spaces' using errcode = '22023';
  end if;
  if p_hmac is null or p_hmac !~ '^[0-9a-fA-F]{64}$' then
    raise exception 'hmac must be 64 hex characters (HMAC-SHA256)' using errcode = '22023';
  end if;
  v_email := private.normalize_email(p_email);

  select identity_secret into secret from public.website_secrets
  where website_id = s.website_id and organization_id = s.organization_id;
  if secret is null then
    raise exception 'identity verification is not configured for this website' using errcode = '55000';
  end if;
  if lower(p_hmac) <> encode(extensions.hmac(convert_to(p_external_id, 'UTF8'), convert_to(secret, 'UTF8'), 'sha256'), 'hex') then
    raise exception 'identity verification failed' using errcode = '28000';
  end if;

  select id into existing from public.visitors
  where organization_id = s.organization_id and external_id = p_external_id;

  if existing is null or existing = s.visitor_id then
    target := s.visitor_id;
    update public.visitors
    set external_id = p_external_id, email = coalesce(v_email, email), last_seen_at = now()
    where id = target and organization_id = s.organization_id;
  else
    -- a known customer on a new browser: move this session and its conversation to them
    target := existing;
    update public.visitors
    set email = coalesce(v_email, email), last_seen_at = now()
    where id = target and organization_id = s.organization_id;
    update public.visitor_sessions set visitor_id = target where id = s.id;
    update public.conversations set visitor_id = target
    where id = s.conversation_id and organization_id = s.organization_id;
  end if;

  return (select jsonb_build_object('visitor_id', v.id, 'external_id', v.external_id, 'email', v.email, 'identified', true)
          from public.visitors v where v.id = target and v.organization_id = s.organization_id);
end
$$;
comment on function public.widget_identify(text, text, text, text) is
  'Widget: link the session''s visitor to external_id when p_hmac = hex HMAC-SHA256(external_id, website identity_secret); '
  'if another visitor of the organization already has that external_id, the session and its conversation move to it. '
  'Returns {visitor_id, external_id, email, identified}. Errors: 28000 bad session or wrong HMAC, 22023 bad argument, 55000 no secret configured.';

revoke all on function
  public.widget_start_session(text, text, text),
  public.widget_identify(text, text, text, text)
  from public, anon, authenticated, service_role;
grant execute on function
  public.widget_start_session(text, text, text),
  public.widget_identify(text, text, text, text)
  to anon, authenticated;
