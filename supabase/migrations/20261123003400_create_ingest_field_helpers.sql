-- The ingest API's database side, part 1: typed field access and references. The Edge Function `ingest` calls public.ingest_batch (and
-- public.ingest_lookup) through PostgREST with the anon key; both are security definer functions
-- owned by concierge_ingest (previous migration), so their reads and writes pass RLS scoped to the
-- presented key's organization. The organization never comes from the items.
--
-- A batch is one transaction; each item runs in its own subtransaction, so a bad item is reported
-- in its result and the good ones are stored. Every item carries an idempotency_key (unique per
-- organization, across item types): a retried item returns its first result as `duplicate`.
-- Chats are conversations on channel 'api', keyed by the sender's chat id in
-- external_customer_id; messages use the item's idempotency_key as client_msg_id.
--
-- Errors of the whole call (SQLSTATE -> HTTP in the function): 28000 unknown or revoked key -> 401,
-- 42501 key lacks the scope -> 403, 22023 malformed envelope -> 400, 54000 too many items -> 413.

-- Typed access to item fields: absent or null -> null; a wrong JSON type or bad value -> 22023.
create function private.ingest_text(p_item jsonb, p_field text, p_max integer, p_required boolean default false)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v jsonb := p_item -> p_field;
begin
  if v is null or v = 'null'::jsonb then
    if p_required then
      raise exception '% is required', p_field using errcode = '22023';
    end if;
    return null;
  end if;
  if jsonb_typeof(v) <> 'string' or char_length(btrim(v #>> '{}')) not between 1 and p_max then
    raise exception '% must be a string of 1 to % characters', p_field, p_max using errcode = '22023';
  end if;
  return v #>> '{}';
end
$$;

create function private.ingest_key_text(p_item jsonb, p_field text, p_required boolean default false) returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v text := private.ingest_text(p_item, p_field, 255, p_required);
begin
  if v !~ '^[\x21-\x7e]{1,255}$' then
    raise exception '% must be 1 to 255 printable ASCII characters without spaces', p_field using errcode = '22023';
  end if;
  return v;
end
$$;

create function private.ingest_time(p_item jsonb, p_field text) returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
  t timestamptz;
begin
  if p_item -> p_field is null or p_item -> p_field = 'null'::jsonb then
    return null;
  end if;
  begin
    t := (p_item ->> p_field)::timestamptz;
  exception when others then
    t := null;
  end;
  if jsonb_typeof(p_item -> p_field) <> 'string' or t is null or (p_item ->> p_field) !~ '^\d{4}-\d\d-\d\d[T ]'
     or t < '2000-01-01' or t > now() + interval '1 day' then
    raise exception '% must be an ISO 8601 time between 2000-01-01 and tomorrow', p_field using errcode = '22023';
  end if;
  return t;
end
$$;

create function private.ingest_bool(p_item jsonb, p_field text) returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_item -> p_field is null or p_item -> p_field = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(p_item -> p_field) <> 'boolean' then
    raise exception '% must be true or false', p_field using errcode = '22023';
  end if;
  return (p_item -> p_field)::boolean;
end
$$;

create function private.ingest_object(p_item jsonb, p_field text, p_max_bytes integer) returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_item -> p_field is null or p_item -> p_field = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(p_item -> p_field) <> 'object' or octet_length((p_item -> p_field)::text) > p_max_bytes then
    raise exception '% must be a JSON object of at most % bytes', p_field, p_max_bytes using errcode = '22023';
  end if;
  return p_item -> p_field;
end
$$;

-- References by the sender's ids, resolved inside the key's organization (RLS does the scoping).
create function private.ingest_website(p_item jsonb) returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v_domain text := lower(private.ingest_text(p_item, 'website_domain', 260));
  site uuid;
begin
  if v_domain is null then
    return null;
  end if;
  select w.id into site from public.websites w where w.domain = v_domain;
  if site is null then
    raise exception 'unknown website_domain (add the website in the dashboard first)' using errcode = 'P0002';
  end if;
  return site;
end
$$;

-- The visitor with this external id, created (anonymous) if the sender has not identified it yet.
create function private.ingest_visitor_ref(p_org uuid, p_item jsonb) returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  ext text := private.ingest_key_text(p_item, 'visitor_external_id');
  v uuid;
begin
  if ext is null then
    return null;
  end if;
  insert into public.visitors (organization_id, external_id) values (p_org, ext)
  on conflict (organization_id, external_id) do nothing
  returning id into v;
  if v is null then
    select id into v from public.visitors where organization_id = p_org and external_id = ext;
  end if;
  return v;
end
$$;

create function private.ingest_chat_ref(p_org uuid, p_item jsonb, p_required boolean) returns public.conversations
language plpgsql
stable
set search_path = ''
as $$
declare
  ext text := private.ingest_key_text(p_item, 'chat_external_id', p_required);
  c public.conversations;
begin
  if ext is null then
    return c;
  end if;
  select * into c from public.conversations
  where organization_id = p_org and channel = 'api' and external_customer_id = ext;
  if c.id is null then
    raise exception 'unknown chat_external_id (send the chat item first)' using errcode = 'P0002';
  end if;
  return c;
end
$$;

create function private.ingest_article_ref(p_item jsonb) returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  a uuid;
begin
  if p_item ? 'article_id' and p_item -> 'article_id' <> 'null'::jsonb then
    if coalesce(private.ingest_text(p_item, 'article_id', 36), '') !~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' then
      raise exception 'article_id must be a uuid' using errcode = '22023';
    end if;
    select id into a from public.articles where id = (p_item ->> 'article_id')::uuid;
  elsif p_item ? 'article_slug' and p_item -> 'article_slug' <> 'null'::jsonb then
    select id into a from public.articles where slug = private.ingest_text(p_item, 'article_slug', 120);
  else
    if p_item -> 'url' is null or p_item -> 'url' = 'null'::jsonb then
      raise exception 'an article_id, article_slug or url is required' using errcode = '22023';
    end if;
    return null;
  end if;
  if a is null then
    raise exception 'unknown article' using errcode = 'P0002';
  end if;
  return a;
end
$$;

comment on function private.ingest_text(jsonb, text, integer, boolean) is 'Ingest: a string field of an item (trimmed length 1..p_max), null if absent; 22023 otherwise.';
comment on function private.ingest_key_text(jsonb, text, boolean) is 'Ingest: an id-like field (1..255 printable ASCII, no spaces), null if absent.';
comment on function private.ingest_time(jsonb, text) is 'Ingest: an ISO 8601 time field between 2000-01-01 and tomorrow, null if absent.';
comment on function private.ingest_bool(jsonb, text) is 'Ingest: a boolean field, null if absent.';
comment on function private.ingest_object(jsonb, text, integer) is 'Ingest: a JSON object field of at most p_max_bytes, null if absent.';
comment on function private.ingest_website(jsonb) is 'Ingest: website id of the item''s website_domain in the key''s organization (P0002 if unknown).';
comment on function private.ingest_visitor_ref(uuid, jsonb) is 'Ingest: visitor id for the item''s visitor_external_id, creating an anonymous visitor if needed.';
comment on function private.ingest_chat_ref(uuid, jsonb, boolean) is 'Ingest: the api-channel conversation of the item''s chat_external_id (P0002 if unknown).';
comment on function private.ingest_article_ref(jsonb) is 'Ingest: article id from article_id or article_slug (P0002 if unknown), null for a url-only reference.';
