-- Set-based storage of a run of consecutive message items of an ingest batch. Item by item, a
-- message cost a subtransaction, an advisory lock, a receipt lookup and insert, and an INSERT
-- with its statement triggers (~1.5 ms); here a run of up to 500 messages is one statement:
-- one INSERT of the receipts and one of the messages, with their triggers firing once.
--
-- Only the plain case is stored here: valid items, first use of their key in the run, chat
-- known, no receipt and no message with that key yet. Everything else (bad items, unknown chats,
-- keys already received, keys repeated in the run) is left to public.ingest_batch, which stores
-- it item by item as before, so errors and results are exactly those of private.ingest_item.
-- Invoker rights: it runs as concierge_ingest inside public.ingest_batch, under its RLS policies.

-- Stores the plain messages among items p_first..p_last (0-based) of p_items, all of type message.
-- Returns {"<index>": {id, status}} for the items it answered (created, or a duplicate of a stored
-- receipt with the same payload); the caller stores the others one by one.
create function private.ingest_message_run(p_org uuid, p_key_id uuid, p_items jsonb, p_first integer, p_last integer)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  receipts integer;
  stored integer;
  answered jsonb;
begin
  with run as materialized (
    select x.pos, x.item, x.key, encode(sha256(convert_to(x.item::text, 'UTF8')), 'hex') as hash,
      x.pos = min(x.pos) over (partition by x.key) as first_use
    from (select i as pos, p_items -> i as item, p_items -> i ->> 'idempotency_key' as key
          from generate_series(p_first, p_last) i) x
  ),
  -- lookups by key (LATERAL ... LIMIT 1 keeps them index probes: a join could hash a scan of
  -- the organization's whole ledger, or of all its conversations)
  seen as materialized (
    select r.pos, rc.target_id, rc.payload_hash = r.hash as same
    from run r
    cross join lateral (select x.target_id, x.payload_hash from public.ingest_receipts x
                        where x.organization_id = p_org and x.idempotency_key = r.key limit 1) rc
  ),
  chats as materialized (
    select e.ext, c.id, c.visitor_id
    from (select distinct r.item ->> 'chat_external_id' as ext from run r) e
    cross join lateral (select x.id, x.visitor_id from public.conversations x
                        where x.organization_id = p_org and x.channel = 'api' and x.external_customer_id = e.ext limit 1) c
  ),
  fresh as materialized (
    select r.pos, r.item, r.key, r.hash, c.id as conversation_id, c.visitor_id, gen_random_uuid() as id
    from run r
    join chats c on c.ext = r.item ->> 'chat_external_id'
    where r.first_use
      -- the checks of private.ingest_message (and of ingest_text/_time/_bool/_object), without
      -- raising: an item failing any of them is stored one by one, which reports the error.
      -- Inline, not a helper: a SQL function with a pinned search_path is not inlined, and its
      -- call per item cost more than the insert; lengths apart from the regular expressions,
      -- whose bounded repetitions ({8,100}) are slow to match
      and coalesce(
        jsonb_typeof(r.item -> 'idempotency_key') = 'string' and char_length(r.key) between 8 and 100 and r.key ~ '^[\x21-\x7e]+$'
        and jsonb_typeof(r.item -> 'chat_external_id') = 'string' and char_length(r.item ->> 'chat_external_id') <= 255
        and (r.item ->> 'chat_external_id') ~ '^[\x21-\x7e]+$'
        and jsonb_typeof(r.item -> 'sender_type') = 'string' and (r.item ->> 'sender_type') in ('visitor', 'ai', 'agent', 'system')
        and jsonb_typeof(r.item -> 'body') = 'string' and char_length(r.item ->> 'body') <= 20000
        and char_length(btrim(r.item ->> 'body')) >= 1
        and case jsonb_typeof(coalesce(r.item -> 'metadata', 'null'))
          when 'null' then true when 'object' then octet_length((r.item -> 'metadata')::text) <= 32768 else false end
        and case jsonb_typeof(coalesce(r.item -> 'sender_id', 'null'))
          when 'null' then true when 'string' then char_length(btrim(r.item ->> 'sender_id')) between 1 and 255 else false end
        and case jsonb_typeof(coalesce(r.item -> 'is_internal', 'null'))
          when 'null' then true when 'boolean' then r.item ->> 'is_internal' = 'false' or r.item ->> 'sender_type' = 'agent' else false end
        and case jsonb_typeof(coalesce(r.item -> 'sent_at', 'null'))
          when 'null' then true
          when 'string' then (r.item ->> 'sent_at') ~ '^\d{4}-\d\d-\d\d[T ]'
            and case when pg_catalog.pg_input_is_valid(r.item ->> 'sent_at', 'timestamptz')
              then (r.item ->> 'sent_at')::timestamptz between '2000-01-01' and now() + interval '1 day' else false end
          else false end,
        false)
      and not exists (select from seen s where s.pos = r.pos)
      and not exists (select from public.messages m
                      where m.organization_id = p_org and m.conversation_id = c.id and m.client_msg_id = r.key)
  ),
  -- the idempotency check: a concurrent batch holding the same key makes this wait for it to
  -- commit, and then skip the key (the caller answers it as a duplicate, item by item)
  new_receipts as (
    insert into public.ingest_receipts (organization_id, idempotency_key, item_type, target_id, payload_hash, api_key_id)
    select p_org, f.key, 'message', f.id, f.hash, p_key_id from fresh f order by f.key
    on conflict (organization_id, idempotency_key) do nothing
    returning idempotency_key
  ),
  new_messages as (
    insert into public.messages (id, organization_id, conversation_id, sender_type, sender_id, client_msg_id, body, metadata,
      is_internal, created_at)
    select f.id, p_org, f.conversation_id, (f.item ->> 'sender_type')::public.sender_type,
      case f.item ->> 'sender_type' when 'visitor' then f.visitor_id::text when 'ai' then 'ai' else f.item ->> 'sender_id' end,
      f.key, f.item ->> 'body',
      case when jsonb_typeof(f.item -> 'metadata') = 'object' then f.item -> 'metadata' else '{}' end,
      coalesce((f.item ->> 'is_internal')::boolean, false), coalesce((f.item ->> 'sent_at')::timestamptz, now())
    from fresh f
    join new_receipts n on n.idempotency_key = f.key
    order by f.pos
    on conflict (organization_id, conversation_id, client_msg_id) do nothing
    returning id
  )
  select (select count(*) from new_receipts), (select count(*) from new_messages),
    coalesce((select jsonb_object_agg(a.pos, a.result) from (
      select f.pos, jsonb_build_object('id', f.id, 'status', 'created') as result from fresh f join new_messages m on m.id = f.id
      union all
      select s.pos, jsonb_build_object('id', s.target_id, 'status', 'duplicate') from seen s where s.same) a), '{}')
  into receipts, stored, answered;
  -- a message written meanwhile by another path under the same key: the caller undoes the run
  -- (its subtransaction) and stores the items one by one, which answers that case
  if receipts <> stored then
    raise exception 'ingest message run: % receipts but % messages', receipts, stored using errcode = 'CI500';
  end if;
  return answered;
end
$$;
comment on function private.ingest_message_run(uuid, uuid, jsonb, integer, integer) is
  'Ingest: stores the plain message items p_first..p_last of a batch set-based (one receipts and one messages INSERT); '
  'returns {"<index>": {id, status}} for the items it answered, the rest are for private.ingest_item.';

revoke all on function private.ingest_message_run(uuid, uuid, jsonb, integer, integer)
  from public, anon, authenticated, service_role;
grant execute on function private.ingest_message_run(uuid, uuid, jsonb, integer, integer)
  to concierge_ingest;
