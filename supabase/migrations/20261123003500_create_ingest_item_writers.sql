-- The ingest API's database side, part 2: one writer per item type. Invoker rights: they run as
-- concierge_ingest inside public.ingest_batch, so RLS confines every row to the key's
-- organization (p_org is that organization, passed for the values and the lookups).
-- Each returns {id, status: created | updated | duplicate}.

-- visitor (identify): upsert by external_id; given fields overwrite, metadata merges.
create function private.ingest_visitor(p_org uuid, p_item jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  ext text := private.ingest_key_text(p_item, 'external_id', true);
  v_email text := private.normalize_email(private.ingest_text(p_item, 'email', 254));
  v_name text := btrim(private.ingest_text(p_item, 'name', 120));
  meta jsonb := private.ingest_object(p_item, 'metadata', 8192);
  site uuid := private.ingest_website(p_item);
  seen timestamptz := coalesce(private.ingest_time(p_item, 'seen_at'), now());
  r record;
begin
  insert into public.visitors as v (organization_id, website_id, external_id, email, name, metadata, first_seen_at, last_seen_at)
  values (p_org, site, ext, v_email, v_name, coalesce(meta, '{}'), seen, seen)
  on conflict (organization_id, external_id) do update set
    email = coalesce(excluded.email, v.email),
    name = coalesce(excluded.name, v.name),
    metadata = v.metadata || excluded.metadata,
    website_id = coalesce(v.website_id, excluded.website_id),
    first_seen_at = least(v.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(v.last_seen_at, excluded.last_seen_at)
  returning v.id, v.xmax = 0 as created into r;
  return jsonb_build_object('id', r.id, 'status', case when r.created then 'created' else 'updated' end);
end
$$;

-- chat: a conversation on channel 'api', upserted by the sender's chat id; on update only the
-- fields present in the item change.
create function private.ingest_chat(p_org uuid, p_item jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  ext text := private.ingest_key_text(p_item, 'external_id', true);
  visitor uuid := private.ingest_visitor_ref(p_org, p_item);
  site uuid := private.ingest_website(p_item);
  started timestamptz := private.ingest_time(p_item, 'started_at');
  v_status public.conversation_status := private.ingest_text(p_item, 'status', 10)::public.conversation_status;
  esc boolean := private.ingest_bool(p_item, 'is_escalated');
  reason text := private.ingest_text(p_item, 'escalated_reason', 40);
  esc_at timestamptz := private.ingest_time(p_item, 'escalated_at');
  res boolean := private.ingest_bool(p_item, 'is_resolved');
  res_at timestamptz := private.ingest_time(p_item, 'resolved_at');
  summ text := private.ingest_text(p_item, 'summary', 2000);
  r record;
begin
  if reason !~ '^[a-z][a-z0-9_]{0,39}$' then
    raise exception 'escalated_reason must be a lower-case code such as low_confidence' using errcode = '22023';
  end if;
  if res and v_status is null then
    v_status := 'closed';
  end if;
  insert into public.conversations as c (organization_id, channel, external_customer_id, visitor_id, website_id, status,
    is_escalated, escalated_reason, escalated_at, is_resolved, resolved_at, resolved_by, summary, created_at)
  values (p_org, 'api', ext, visitor, site, coalesce(v_status, 'open'),
    coalesce(esc, false), case when esc then coalesce(reason, 'external') end, case when esc then coalesce(esc_at, now()) end,
    coalesce(res, false), case when res then coalesce(res_at, now()) end, case when res then 'api' end,
    summ, coalesce(started, now()))
  on conflict (organization_id, channel, external_customer_id) do update set
    visitor_id = coalesce(excluded.visitor_id, c.visitor_id),
    website_id = coalesce(excluded.website_id, c.website_id),
    status = coalesce(v_status, c.status),
    is_escalated = coalesce(esc, c.is_escalated),
    escalated_reason = case when esc is null then c.escalated_reason when esc then coalesce(reason, c.escalated_reason, 'external') end,
    escalated_at = case when esc is null then c.escalated_at when esc then coalesce(esc_at, c.escalated_at, now()) end,
    is_resolved = coalesce(res, c.is_resolved),
    resolved_at = case when res is null then c.resolved_at when res then coalesce(res_at, c.resolved_at, now()) end,
    resolved_by = case when res is null then c.resolved_by when res then coalesce(c.resolved_by, 'api') end,
    summary = coalesce(summ, c.summary)
  returning c.id, c.xmax = 0 as created into r;
  return jsonb_build_object('id', r.id, 'status', case when r.created then 'created' else 'updated' end);
end
$$;

-- message: into a chat sent before (same or earlier batch); idempotency_key is its client_msg_id.
create function private.ingest_message(p_org uuid, p_item jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  conv public.conversations := private.ingest_chat_ref(p_org, p_item, true);
  sender public.sender_type := private.ingest_text(p_item, 'sender_type', 10, true)::public.sender_type;
  body text := private.ingest_text(p_item, 'body', 20000, true);
  meta jsonb := private.ingest_object(p_item, 'metadata', 32768);
  sent timestamptz := coalesce(private.ingest_time(p_item, 'sent_at'), now());
  internal boolean := coalesce(private.ingest_bool(p_item, 'is_internal'), false);
  sender_ref text := private.ingest_text(p_item, 'sender_id', 255);
  msg uuid;
begin
  if internal and sender <> 'agent' then
    raise exception 'only agent messages can be internal notes' using errcode = '22023';
  end if;
  insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body, metadata, is_internal, created_at)
  values (p_org, conv.id, sender,
    case sender when 'visitor' then conv.visitor_id::text when 'ai' then 'ai' else sender_ref end,
    p_item ->> 'idempotency_key', body, coalesce(meta, '{}'), internal, sent)
  on conflict (organization_id, conversation_id, client_msg_id) do nothing
  returning id into msg;
  if msg is not null then
    return jsonb_build_object('id', msg, 'status', 'created');
  end if;
  select id into msg from public.messages
  where organization_id = p_org and conversation_id = conv.id and client_msg_id = p_item ->> 'idempotency_key';
  return jsonb_build_object('id', msg, 'status', 'duplicate');
end
$$;

-- event: a custom event; idempotent on (organization, idempotency_key) in the table itself too.
create function private.ingest_event(p_org uuid, p_item jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  conv public.conversations := private.ingest_chat_ref(p_org, p_item, false);
  row_id uuid;
begin
  insert into public.events (organization_id, name, properties, visitor_id, conversation_id, website_id, occurred_at, idempotency_key, source)
  values (p_org, private.ingest_text(p_item, 'name', 100, true), coalesce(private.ingest_object(p_item, 'properties', 8192), '{}'),
    coalesce(private.ingest_visitor_ref(p_org, p_item), conv.visitor_id), conv.id, private.ingest_website(p_item),
    coalesce(private.ingest_time(p_item, 'occurred_at'), now()), p_item ->> 'idempotency_key', 'api')
  on conflict (organization_id, idempotency_key) do nothing
  returning id into row_id;
  if row_id is not null then
    return jsonb_build_object('id', row_id, 'status', 'created');
  end if;
  select id into row_id from public.events where organization_id = p_org and idempotency_key = p_item ->> 'idempotency_key';
  return jsonb_build_object('id', row_id, 'status', 'duplicate');
end
$$;

-- article_view / article_mention: an article of the organization (id or slug) or an outside url.
create function private.ingest_article_activity(p_org uuid, p_item jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  conv public.conversations := private.ingest_chat_ref(p_org, p_item, false);
  article uuid := private.ingest_article_ref(p_item);
  v_url text := private.ingest_text(p_item, 'url', 2000);
  v_title text := btrim(private.ingest_text(p_item, 'title', 300));
  visitor uuid := coalesce(private.ingest_visitor_ref(p_org, p_item), conv.visitor_id);
  row_id uuid;
  dup boolean := false;
begin
  if v_url !~* '^https?://\S+$' then
    raise exception 'url must be an http(s) address' using errcode = '22023';
  end if;
  if p_item ->> 'type' = 'article_view' then
    insert into public.article_views (organization_id, article_id, url, title, visitor_id, conversation_id, viewed_at, idempotency_key, source)
    values (p_org, article, v_url, v_title, visitor, conv.id, coalesce(private.ingest_time(p_item, 'viewed_at'), now()),
      p_item ->> 'idempotency_key', 'api')
    on conflict (organization_id, idempotency_key) do nothing
    returning id into row_id;
    if row_id is null then
      dup := true;
      select id into row_id from public.article_views where organization_id = p_org and idempotency_key = p_item ->> 'idempotency_key';
    end if;
  else
    insert into public.article_mentions (organization_id, article_id, url, title, visitor_id, conversation_id, mentioned_at, clicked_at,
      idempotency_key, source)
    values (p_org, article, v_url, v_title, visitor, conv.id, coalesce(private.ingest_time(p_item, 'mentioned_at'), now()),
      private.ingest_time(p_item, 'clicked_at'), p_item ->> 'idempotency_key', 'api')
    on conflict (organization_id, idempotency_key) do nothing
    returning id into row_id;
    if row_id is null then
      dup := true;
      select id into row_id from public.article_mentions where organization_id = p_org and idempotency_key = p_item ->> 'idempotency_key';
    end if;
  end if;
  return jsonb_build_object('id', row_id, 'status', case when dup then 'duplicate' else 'created' end);
end
$$;

comment on function private.ingest_visitor(uuid, jsonb) is 'Ingest item "visitor": upsert by external_id (email, name, metadata merged).';
comment on function private.ingest_chat(uuid, jsonb) is 'Ingest item "chat": upsert an api-channel conversation by external_id.';
comment on function private.ingest_message(uuid, jsonb) is 'Ingest item "message": a message in a chat, idempotent on client_msg_id = idempotency_key.';
comment on function private.ingest_event(uuid, jsonb) is 'Ingest item "event": a custom event, idempotent on idempotency_key.';
comment on function private.ingest_article_activity(uuid, jsonb) is 'Ingest items "article_view" and "article_mention".';
