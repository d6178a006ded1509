-- public.ingest_batch, set-based: runs of consecutive message (or event) items go through
-- private.ingest_message_run / ingest_event_run (one INSERT of receipts and one of rows per run);
-- only the other items, and the ones a run leaves (bad, unknown reference, key reused), are
-- stored one by one in a subtransaction each, by private.ingest_item as before. Items keep their order: a message
-- still sees only the chats of the items before it. Same contract, one transaction, same role.

-- One item in its own subtransaction. The set-based runs take no advisory lock (their receipts
-- INSERT is the idempotency check), so an item stored here can meet a receipt a concurrent batch
-- committed after the lookup: its work is undone and it is tried once more, which answers it
-- from that receipt (duplicate, or the conflict of a different payload).
create function private.ingest_item_isolated(p_org uuid, p_key_id uuid, p_item jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  violated text;
begin
  begin
    return private.ingest_item(p_org, p_key_id, p_item);
  exception when unique_violation then
    get stacked diagnostics violated = constraint_name;
    if violated is distinct from 'ingest_receipts_pkey' then
      return private.ingest_error(sqlstate, sqlerrm);
    end if;
  when others then
    return private.ingest_error(sqlstate, sqlerrm);
  end;
  begin
    return private.ingest_item(p_org, p_key_id, p_item);
  exception when others then
    return private.ingest_error(sqlstate, sqlerrm);
  end;
end
$$;
comment on function private.ingest_item_isolated(uuid, uuid, jsonb) is
  'Ingest: one item in a subtransaction, its failure as an error result; retried once if a concurrent batch stored its key first.';
revoke all on function private.ingest_item_isolated(uuid, uuid, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.ingest_item_isolated(uuid, uuid, jsonb) to concierge_ingest;

create or replace function public.ingest_batch(p_api_key text, p_items jsonb) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  k public.api_keys := private.api_key_authenticate(p_api_key, 'ingest:write');
  seg record;
  answered jsonb;
  item jsonb;
  r jsonb;
  results jsonb[];
begin
  -- the policies of concierge_ingest read the key from here and re-check it once per statement
  perform pg_catalog.set_config('concierge.api_key', p_api_key, true);
  -- an empty batch is allowed: it checks the key and scope and stores nothing
  if p_items is null or jsonb_typeof(p_items) <> 'array' then
    raise exception 'items must be an array' using errcode = '22023';
  end if;
  if jsonb_array_length(p_items) > 500 then
    raise exception 'a batch holds at most 500 items' using errcode = '54000';
  end if;
  results := array_fill(null::jsonb, array[jsonb_array_length(p_items)]);

  -- segments in item order: each run of consecutive messages (or of events) is one, every other
  -- item its own
  for seg in
    select min(g.pos) as first, max(g.pos) as last, g.run
    from (select s.pos, s.run, count(*) filter (where s.starts) over (order by s.pos) as grp
          from (select t.pos, t.run, t.run is null or t.run is distinct from lag(t.run) over (order by t.pos) as starts
                from (select e.ordinality::integer - 1 as pos,
                        case when jsonb_typeof(e.value) = 'object' and e.value ->> 'type' in ('message', 'event') then e.value ->> 'type' end as run
                      from jsonb_array_elements(p_items) with ordinality e) t) s) g
    group by g.grp, g.run
    order by 1
  loop
    answered := '{}';
    if seg.run is not null then
      begin
        answered := case seg.run
          when 'message' then private.ingest_message_run(k.organization_id, k.id, p_items, seg.first, seg.last)
          else private.ingest_event_run(k.organization_id, k.id, p_items, seg.first, seg.last)
        end;
      exception when others then
        -- whatever went wrong is undone with the run's subtransaction; its items go one by one
        answered := '{}';
      end;
    end if;
    for i in seg.first .. seg.last loop
      item := p_items -> i;
      r := coalesce(answered -> i::text, private.ingest_item_isolated(k.organization_id, k.id, item));
      results[i + 1] := jsonb_build_object('index', i,
        'type', case when jsonb_typeof(item) = 'object' then item -> 'type' end,
        'idempotency_key', case when jsonb_typeof(item) = 'object' then item -> 'idempotency_key' end) || r;
    end loop;
  end loop;
  return jsonb_build_object('results', to_jsonb(results));
end
$$;
comment on function public.ingest_batch(text, jsonb) is
  'Ingest API (anon key + org API key with scope ingest:write): store up to 500 items in the key''s organization, in one transaction, '
  'each item on its own (a bad item fails alone); runs of messages and of events are stored set-based. '
  'Returns {results: [{index, type, idempotency_key, status: created|updated|duplicate|error, id?, error?}]}. '
  'Errors: 28000 bad or revoked key, 42501 scope missing, 22023 items not an array, 54000 more than 500 items.';
