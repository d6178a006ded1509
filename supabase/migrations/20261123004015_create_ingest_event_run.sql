-- Set-based storage of a run of consecutive event items of an ingest batch, as
-- private.ingest_message_run does for messages: one INSERT of the receipts and one of the events
-- (an export of analytics events is the other bulk use of the API).
--
-- Only the plain case is stored here: valid items, first use of their key in the run, every
-- reference (chat, visitor, website) already known, no receipt and no event with that key yet.
-- The rest is left to public.ingest_batch, which stores it item by item as before: errors, and a
-- visitor_external_id not seen yet (private.ingest_visitor_ref creates that visitor).
-- Invoker rights: it runs as concierge_ingest inside public.ingest_batch, under its RLS policies.

-- Returns {"<index>": {id, status}} for the items among p_first..p_last (0-based) of p_items, all
-- of type event, that it answered (created, or a duplicate of a stored receipt with the same payload).
create function private.ingest_event_run(p_org uuid, p_key_id uuid, p_items jsonb, p_first integer, p_last integer)
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
  -- lookups by key, kept index probes by LATERAL ... LIMIT 1 (see private.ingest_message_run)
  seen as materialized (
    select r.pos, rc.target_id, rc.payload_hash = r.hash as same
    from run r
    cross join lateral (select x.target_id, x.payload_hash from public.ingest_receipts x
                        where x.organization_id = p_org and x.idempotency_key = r.key limit 1) rc
  ),
  fresh as materialized (
    select r.pos, r.item, r.key, r.hash, c.id as conversation_id, coalesce(v.id, c.visitor_id) as visitor_id, w.id as website_id,
      gen_random_uuid() as id
    from run r
    left join lateral (select x.id, x.visitor_id from public.conversations x
                       where x.organization_id = p_org and x.channel = 'api' and x.external_customer_id = r.item ->> 'chat_external_id'
                       limit 1) c on true
    left join lateral (select x.id from public.visitors x
                       where x.organization_id = p_org and x.external_id = r.item ->> 'visitor_external_id' limit 1) v on true
    left join lateral (select x.id from public.websites x where x.domain = lower(r.item ->> 'website_domain') limit 1) w on true
    where r.first_use
      -- the checks of private.ingest_event and of the events table, without raising (inline for
      -- the reasons given in private.ingest_message_run); a failing item goes one by one
      and coalesce(
        jsonb_typeof(r.item -> 'idempotency_key') = 'string' and char_length(r.key) between 8 and 100 and r.key ~ '^[\x21-\x7e]+$'
        and jsonb_typeof(r.item -> 'name') = 'string' and char_length(r.item ->> 'name') <= 100
        and (r.item ->> 'name') ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]*$'
        and case jsonb_typeof(coalesce(r.item -> 'properties', 'null'))
          when 'null' then true when 'object' then octet_length((r.item -> 'properties')::text) <= 8192 else false end
        and case jsonb_typeof(coalesce(r.item -> 'chat_external_id', 'null'))
          when 'null' then true
          when 'string' then c.id is not null and char_length(r.item ->> 'chat_external_id') <= 255
            and (r.item ->> 'chat_external_id') ~ '^[\x21-\x7e]+$'
          else false end
        and case jsonb_typeof(coalesce(r.item -> 'visitor_external_id', 'null'))
          when 'null' then true
          when 'string' then v.id is not null and char_length(r.item ->> 'visitor_external_id') <= 255
            and (r.item ->> 'visitor_external_id') ~ '^[\x21-\x7e]+$'
          else false end
        and case jsonb_typeof(coalesce(r.item -> 'website_domain', 'null'))
          when 'null' then true when 'string' then w.id is not null and char_length(btrim(r.item ->> 'website_domain')) between 1 and 260 else false end
        and case jsonb_typeof(coalesce(r.item -> 'occurred_at', 'null'))
          when 'null' then true
          when 'string' then (r.item ->> 'occurred_at') ~ '^\d{4}-\d\d-\d\d[T ]'
            and case when pg_catalog.pg_input_is_valid(r.item ->> 'occurred_at', 'timestamptz')
              then (r.item ->> 'occurred_at')::timestamptz between '2000-01-01' and now() + interval '1 day' else false end
          else false end,
        false)
      and not exists (select from seen s where s.pos = r.pos)
      and not exists (select from public.events e where e.organization_id = p_org and e.idempotency_key = r.key)
  ),
  -- the idempotency check, as in private.ingest_message_run
  new_receipts as (
    insert into public.ingest_receipts (organization_id, idempotency_key, item_type, target_id, payload_hash, api_key_id)
    select p_org, f.key, 'event', f.id, f.hash, p_key_id from fresh f order by f.key
    on conflict (organization_id, idempotency_key) do nothing
    returning idempotency_key
  ),
  new_events as (
    insert into public.events (id, organization_id, name, properties, visitor_id, conversation_id, website_id, occurred_at,
      idempotency_key, source)
    select f.id, p_org, f.item ->> 'name',
      case when jsonb_typeof(f.item -> 'properties') = 'object' then f.item -> 'properties' else '{}' end,
      f.visitor_id, f.conversation_id, f.website_id, coalesce((f.item ->> 'occurred_at')::timestamptz, now()), f.key, 'api'
    from fresh f
    join new_receipts n on n.idempotency_key = f.key
    order by f.pos
    on conflict (organization_id, idempotency_key) do nothing
    returning id
  )
  select (select count(*) from new_receipts), (select count(*) from new_events),
    coalesce((select jsonb_object_agg(a.pos, a.result) from (
      select f.pos, jsonb_build_object('id', f.id, 'status', 'created') as result from fresh f join new_events e on e.id = f.id
      union all
      select s.pos, jsonb_build_object('id', s.target_id, 'status', 'duplicate') from seen s where s.same) a), '{}')
  into receipts, stored, answered;
  -- an event written meanwhile by another path under the same key: the caller undoes the run
  -- (its subtransaction) and stores the items one by one
  if receipts <> stored then
    raise exception 'ingest event run: % receipts but % events', receipts, stored using errcode = 'CI500';
  end if;
  return answered;
end
$$;
comment on function private.ingest_event_run(uuid, uuid, jsonb, integer, integer) is
  'Ingest: stores the plain event items p_first..p_last of a batch set-based (one receipts and one events INSERT); '
  'returns {"<index>": {id, status}} for the items it answered, the rest are for private.ingest_item.';

revoke all on function private.ingest_event_run(uuid, uuid, jsonb, integer, integer)
  from public, anon, authenticated, service_role;
grant execute on function private.ingest_event_run(uuid, uuid, jsonb, integer, integer)
  to concierge_ingest;
