-- The ingest API gains `article` items, for syncing a knowledge base from another help center:
-- create or update an article by its slug in the key's organization. A sync sends the same
-- article again and again, each time with a new idempotency_key: an item whose fields equal the
-- stored article changes nothing (no update, no new version) and answers `duplicate`. Fields an
-- update leaves out keep their stored value (an explicit null collection clears it). API keys
-- may set is_published: the key's owner (an admin) decided to sync published content.
set local lock_timeout = '5s';

alter table public.ingest_receipts
  drop constraint ingest_receipts_item_type,
  add constraint ingest_receipts_item_type check (item_type in ('visitor', 'chat', 'message', 'event', 'article_view', 'article_mention', 'article'));

grant insert, update on public.articles to concierge_ingest;

-- insert(articles): the ingest role adds articles to the presented key's org
create policy articles_insert_ingest on public.articles for insert to concierge_ingest
with check (organization_id = (select private.api_key_org('{ingest:write}')));
-- update(articles): the ingest role updates the presented key's org's articles (by slug)
create policy articles_update_ingest on public.articles for update to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')))
with check (organization_id = (select private.api_key_org('{ingest:write}')));

-- article: upsert by slug; invoker rights (runs as concierge_ingest, RLS-bound to the key's org).
create function private.ingest_article(p_org uuid, p_item jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_slug text := private.ingest_text(p_item, 'slug', 120, true);
  v_title text := btrim(private.ingest_text(p_item, 'title', 300, true));
  v_body text := private.ingest_text(p_item, 'body', 200000, true);
  v_collection text := btrim(private.ingest_text(p_item, 'collection', 80));
  v_language text := private.ingest_text(p_item, 'language', 2);
  v_published boolean := private.ingest_bool(p_item, 'is_published');
  has_tags boolean := p_item -> 'tags' is not null and p_item -> 'tags' <> 'null'::jsonb;
  v_tags text[];
  cur public.articles;
  row_id uuid;
begin
  if v_slug !~ '^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$' then
    raise exception 'slug must be lower-case letters, digits and dashes (1 to 120)' using errcode = '22023';
  end if;
  if v_language not in ('en', 'vi', 'fr', 'es', 'de') then
    raise exception 'language must be one of en, vi, fr, es, de' using errcode = '22023';
  end if;
  if has_tags then
    if jsonb_typeof(p_item -> 'tags') <> 'array' or jsonb_array_length(p_item -> 'tags') > 20 or exists (
      select 1 from jsonb_array_elements(p_item -> 'tags') t
      where jsonb_typeof(t) <> 'string' or char_length(btrim(t #>> '{}')) not between 1 and 40
    ) then
      raise exception 'tags must be an array of at most 20 strings of 1 to 40 characters' using errcode = '22023';
    end if;
    select coalesce(array_agg(x.tag order by x.first), '{}') into v_tags
    from (select btrim(t.value #>> '{}') as tag, min(t.ordinality) as first
          from jsonb_array_elements(p_item -> 'tags') with ordinality t
          group by 1) x;
  end if;

  select * into cur from public.articles where organization_id = p_org and slug = v_slug for update;
  if not found then
    insert into public.articles (organization_id, slug, title, body, collection, tags, language, is_published)
    values (p_org, v_slug, v_title, v_body, v_collection, coalesce(v_tags, '{}'), coalesce(v_language, 'en'),
      coalesce(v_published, false))
    returning id into row_id;
    return jsonb_build_object('id', row_id, 'status', 'created');
  end if;

  -- absent fields keep their value; present ones replace it
  if not p_item ? 'collection' then
    v_collection := cur.collection;
  end if;
  v_tags := case when has_tags then v_tags when p_item ? 'tags' then '{}' else cur.tags end;
  v_language := coalesce(v_language, cur.language);
  v_published := coalesce(v_published, cur.is_published);
  if (cur.title, cur.body, cur.collection, cur.tags, cur.language, cur.is_published)
     is not distinct from (v_title, v_body, v_collection, v_tags, v_language, v_published) then
    return jsonb_build_object('id', cur.id, 'status', 'duplicate');
  end if;
  update public.articles
  set title = v_title, body = v_body, collection = v_collection, tags = v_tags, language = v_language, is_published = v_published
  where id = cur.id;
  return jsonb_build_object('id', cur.id, 'status', 'updated');
end
$$;
comment on function private.ingest_article(uuid, jsonb) is
  'Ingest item "article": create or update an article by slug; an item equal to the stored article changes nothing (duplicate).';
revoke all on function private.ingest_article(uuid, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.ingest_article(uuid, jsonb) to concierge_ingest;

create or replace function private.ingest_item(p_org uuid, p_key_id uuid, p_item jsonb) returns jsonb
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
  if t not in ('visitor', 'chat', 'message', 'event', 'article_view', 'article_mention', 'article') then
    raise exception 'type must be one of visitor, chat, message, event, article_view, article_mention, article' using errcode = '22023';
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
    when 'article' then private.ingest_article(p_org, p_item)
    else private.ingest_article_activity(p_org, p_item)
  end;
  insert into public.ingest_receipts (organization_id, idempotency_key, item_type, target_id, payload_hash, api_key_id)
  values (p_org, k, t, (result ->> 'id')::uuid, h, p_key_id);
  return result;
end
$$;
comment on function private.ingest_item(uuid, uuid, jsonb) is
  'Ingest one item for organization p_org: a known idempotency_key returns the first result (duplicate), a reused key with another payload raises CI409.';
