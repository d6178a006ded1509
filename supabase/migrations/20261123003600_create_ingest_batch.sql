-- The ingest API's database side, part 3: the two entry points the `ingest` Edge Function calls
-- with the anon key. Both are owned by concierge_ingest (no BYPASSRLS), so everything they do is
-- subject to the concierge_ingest policies, i.e. to the presented key's organization.

-- One item: idempotency ledger first, then the writer of its type.
create function private.ingest_item(p_org uuid, p_key_id uuid, p_item jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  k text;
  t text;
  h text;
  rec public.ingest_receipts;
  result jsonb;
begin
  if jsonb_typeof(p_item) <> 'object' then
    raise exception 'each item must be a JSON object' using errcode = '22023';
  end if;
  k := private.ingest_text(p_item, 'idempotency_key', 100, true);
  if k !~ '^[\x21-\x7e]{8,100}$' then
    raise exception 'idempotency_key must be 8 to 100 printable ASCII characters without spaces' using errcode = '22023';
  end if;
  t := private.ingest_text(p_item, 'type', 20, true);
  if t not in ('visitor', 'chat', 'message', 'event', 'article_view', 'article_mention') then
    raise exception 'type must be one of visitor, chat, message, event, article_view, article_mention' using errcode = '22023';
  end if;
  h := encode(sha256(convert_to(p_item::text, 'UTF8')), 'hex');

  -- concurrent batches carrying the same key wait here for the first to commit
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(p_org::text || '/' || k, 0));
  select * into rec from public.ingest_receipts where organization_id = p_org and idempotency_key = k;
  if found then
    if rec.payload_hash <> h then
      raise exception 'idempotency_key was already used for a different item' using errcode = 'CI409';
    end if;
    return jsonb_build_object('id', rec.target_id, 'status', 'duplicate');
  end if;

  result := case t
    when 'visitor' then private.ingest_visitor(p_org, p_item)
    when 'chat' then private.ingest_chat(p_org, p_item)
    when 'message' then private.ingest_message(p_org, p_item)
    when 'event' then private.ingest_event(p_org, p_item)
    else private.ingest_article_activity(p_org, p_item)
  end;
  insert into public.ingest_receipts (organization_id, idempotency_key, item_type, target_id, payload_hash, api_key_id)
  values (p_org, k, t, (result ->> 'id')::uuid, h, p_key_id);
  return result;
end
$$;
comment on function private.ingest_item(uuid, uuid, jsonb) is
  'Ingest one item for organization p_org: a known idempotency_key returns the first result (duplicate), a reused key with another payload raises CI409.';

-- An item's failure as {status: error, error: {code, message}}; unexpected errors say nothing internal.
create function private.ingest_error(p_state text, p_message text) returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('status', 'error', 'error', case
    when p_state like '22%' or p_state in ('23502', '23514') then jsonb_build_object('code', 'invalid_item', 'message', p_message)
    when p_state in ('P0002', '23503') then jsonb_build_object('code', 'not_found', 'message', p_message)
    when p_state = 'CI409' then jsonb_build_object('code', 'idempotency_conflict', 'message', p_message)
    when p_state = '23505' then jsonb_build_object('code', 'conflict', 'message', 'the item conflicts with a stored row')
    when p_state in ('40P01', '40001', '55P03') then jsonb_build_object('code', 'retry', 'message', 'a concurrent write got in the way; send the item again')
    else jsonb_build_object('code', 'internal_error', 'message', 'the item could not be stored')
  end)
$$;
comment on function private.ingest_error(text, text) is 'Ingest: per-item error result for a SQLSTATE and message.';

create function public.ingest_batch(p_api_key text, p_items jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  k public.api_keys := private.api_key_authenticate(p_api_key, 'ingest:write');
  item jsonb;
  pos bigint;
  r jsonb;
  -- a jsonb[] grows in place; appending to a jsonb array would copy it per item
  results jsonb[] := '{}';
begin
  -- the policies of concierge_ingest read the key from here and re-check it
  perform pg_catalog.set_config('concierge.api_key', p_api_key, true);
  -- an empty batch is allowed: it checks the key and scope and stores nothing
  if p_items is null or jsonb_typeof(p_items) <> 'array' then
    raise exception 'items must be an array' using errcode = '22023';
  end if;
  if jsonb_array_length(p_items) > 500 then
    raise exception 'a batch holds at most 500 items' using errcode = '54000';
  end if;
  for item, pos in select e.value, e.ordinality from jsonb_array_elements(p_items) with ordinality e order by e.ordinality loop
    begin
      r := private.ingest_item(k.organization_id, k.id, item);
    exception when others then
      r := private.ingest_error(sqlstate, sqlerrm);
    end;
    results := results || (jsonb_build_object('index', pos - 1,
      'type', case when jsonb_typeof(item) = 'object' then item -> 'type' end,
      'idempotency_key', case when jsonb_typeof(item) = 'object' then item -> 'idempotency_key' end) || r);
  end loop;
  return jsonb_build_object('results', to_jsonb(results));
end
$$;
comment on function public.ingest_batch(text, jsonb) is
  'Ingest API (anon key + org API key with scope ingest:write): store up to 500 items in the key''s organization, in one transaction, '
  'each item on its own (a bad item fails alone). Returns {results: [{index, type, idempotency_key, status: created|updated|duplicate|error, id?, error?}]}. '
  'Errors: 28000 bad or revoked key, 42501 scope missing, 22023 items not an array, 54000 more than 500 items.';

create function public.ingest_lookup(p_api_key text, p_idempotency_keys text[]) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  k public.api_keys := private.api_key_authenticate(p_api_key, 'read');
begin
  perform pg_catalog.set_config('concierge.api_key', p_api_key, true);
  if p_idempotency_keys is null or cardinality(p_idempotency_keys) not between 1 and 100 then
    raise exception 'give 1 to 100 idempotency keys' using errcode = '22023';
  end if;
  return jsonb_build_object('items', coalesce((
    select jsonb_agg(jsonb_build_object('idempotency_key', r.idempotency_key, 'type', r.item_type, 'id', r.target_id,
      'received_at', r.received_at) order by r.idempotency_key)
    from public.ingest_receipts r
    where r.organization_id = k.organization_id and r.idempotency_key = any (p_idempotency_keys)), '[]'::jsonb));
end
$$;
comment on function public.ingest_lookup(text, text[]) is
  'Ingest API (anon key + org API key with scope read): which of these idempotency keys the organization has stored. '
  'Returns {items: [{idempotency_key, type, id, received_at}]}. Errors: 28000 bad or revoked key, 42501 scope missing, 22023 not 1..100 keys.';

-- Every ingest helper runs as concierge_ingest (invoker rights inside the definer entry points).
revoke all on function
  private.ingest_text(jsonb, text, integer, boolean), private.ingest_key_text(jsonb, text, boolean),
  private.ingest_time(jsonb, text), private.ingest_bool(jsonb, text), private.ingest_object(jsonb, text, integer),
  private.ingest_website(jsonb), private.ingest_visitor_ref(uuid, jsonb), private.ingest_chat_ref(uuid, jsonb, boolean),
  private.ingest_article_ref(jsonb), private.ingest_visitor(uuid, jsonb), private.ingest_chat(uuid, jsonb),
  private.ingest_message(uuid, jsonb), private.ingest_event(uuid, jsonb), private.ingest_article_activity(uuid, jsonb),
  private.ingest_item(uuid, uuid, jsonb), private.ingest_error(text, text),
  public.ingest_batch(text, jsonb), public.ingest_lookup(text, text[])
  from public, anon, authenticated, service_role;
grant execute on function
  private.ingest_text(jsonb, text, integer, boolean), private.ingest_key_text(jsonb, text, boolean),
  private.ingest_time(jsonb, text), private.ingest_bool(jsonb, text), private.ingest_object(jsonb, text, integer),
  private.ingest_website(jsonb), private.ingest_visitor_ref(uuid, jsonb), private.ingest_chat_ref(uuid, jsonb, boolean),
  private.ingest_article_ref(jsonb), private.ingest_visitor(uuid, jsonb), private.ingest_chat(uuid, jsonb),
  private.ingest_message(uuid, jsonb), private.ingest_event(uuid, jsonb), private.ingest_article_activity(uuid, jsonb),
  private.ingest_item(uuid, uuid, jsonb), private.ingest_error(text, text)
  to concierge_ingest;

-- Hand the entry points to concierge_ingest. ALTER OWNER wants the new owner to be allowed to
-- create in the schema (as if it had created them); that right is withdrawn again at once.
grant create on schema public to concierge_ingest;
alter function public.ingest_batch(text, jsonb) owner to concierge_ingest;
alter function public.ingest_lookup(text, text[]) owner to concierge_ingest;
revoke create on schema public from concierge_ingest;
revoke all on function public.ingest_batch(text, jsonb), public.ingest_lookup(text, text[]) from public;
grant execute on function public.ingest_batch(text, jsonb), public.ingest_lookup(text, text[]) to anon, authenticated;
