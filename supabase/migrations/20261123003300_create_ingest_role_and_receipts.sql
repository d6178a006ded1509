-- The database role that ingest writes run as, and the idempotency ledger of the ingest API.
--
-- No god key for tenant writes: the ingest functions (next migration) are security definer
-- functions OWNED BY concierge_ingest, a role without BYPASSRLS, so every row they read or write
-- passes row-level security. Its policies admit only the organization of the API key presented in
-- this transaction (private.api_key_org re-checks the key's hash on every statement), so a bug in
-- the ingest code still cannot touch another organization's rows.

do $$
begin
  if not exists (select from pg_roles where rolname = 'concierge_ingest') then
    create role concierge_ingest nologin noinherit;
  end if;
end
$$;
comment on role concierge_ingest is
  'Owner of the ingest API functions; no login, no BYPASSRLS: its writes are confined by RLS to the presented API key''s organization.';
-- The migration role must be able to hand functions to it (PostgreSQL 16+: SET on the new owner).
grant concierge_ingest to current_user;
grant usage on schema public, private to concierge_ingest;

-- The organization of the API key presented in this transaction (GUC concierge.api_key, set by
-- the ingest functions), if the key is live and has one of p_scopes; else null, which matches no row.
create function private.api_key_org(p_scopes text[]) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  k public.api_keys := private.api_key_lookup(pg_catalog.current_setting('concierge.api_key', true));
begin
  return case when k.scopes && p_scopes then k.organization_id end;
end
$$;
comment on function private.api_key_org(text[]) is
  'Policy helper for concierge_ingest: organization of the live API key in GUC concierge.api_key having one of p_scopes, else null.';
revoke all on function private.api_key_org(text[]) from public, anon, authenticated, service_role;
grant execute on function private.api_key_org(text[]), private.api_key_authenticate(text, text), private.normalize_email(text)
  to concierge_ingest;

create table public.ingest_receipts (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  idempotency_key text not null,
  item_type text not null,
  target_id uuid not null,
  payload_hash text not null,
  api_key_id uuid,
  received_at timestamptz not null default now(),
  primary key (organization_id, idempotency_key),
  foreign key (api_key_id, organization_id) references public.api_keys (id, organization_id)
    on delete set null (api_key_id),
  constraint ingest_receipts_item_type check (item_type in ('visitor', 'chat', 'message', 'event', 'article_view', 'article_mention')),
  constraint ingest_receipts_idempotency_key_format check (idempotency_key ~ '^[\x21-\x7e]{8,100}$'),
  constraint ingest_receipts_payload_hash_format check (payload_hash ~ '^[0-9a-f]{64}$')
);
comment on table public.ingest_receipts is
  'One row per item the ingest API stored: a retried item (same organization and idempotency_key) is answered from here '
  'and stores nothing twice; the same key with a different payload is refused. Admins read; only the ingest functions write.';
comment on column public.ingest_receipts.target_id is 'Id of the row the item created or updated (visitor, conversation, message, event, view or mention).';
comment on column public.ingest_receipts.payload_hash is 'sha256 of the item as jsonb text, to tell a retry from a reused key.';

create index ingest_receipts_organization_id_received_at_idx on public.ingest_receipts (organization_id, received_at desc);
create index ingest_receipts_organization_id_api_key_id_idx on public.ingest_receipts (organization_id, api_key_id);

create trigger ingest_receipts_keep_organization_id before update on public.ingest_receipts
  for each row execute function private.keep_organization_id();

revoke all on public.ingest_receipts from anon;
revoke insert, update, delete, truncate on public.ingest_receipts from authenticated;

alter table public.ingest_receipts enable row level security;

-- select(ingest_receipts): admins read their active org's ingest ledger
create policy ingest_receipts_select on public.ingest_receipts for select to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- What concierge_ingest may do at all; the policies below decide which rows.
grant select, insert on public.ingest_receipts, public.events, public.article_views, public.article_mentions
  to concierge_ingest;
grant select, insert, update on public.visitors, public.conversations to concierge_ingest;
grant select, insert on public.messages to concierge_ingest;
grant select on public.websites, public.articles to concierge_ingest;

-- select(ingest_receipts): the ingest role reads the ledger of the presented key's org (retries, lookups)
create policy ingest_receipts_select_ingest on public.ingest_receipts for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write,read}')));
-- insert(ingest_receipts): the ingest role records items in the presented key's org
create policy ingest_receipts_insert_ingest on public.ingest_receipts for insert to concierge_ingest
with check (organization_id = (select private.api_key_org('{ingest:write}')));

-- select(visitors): the ingest role reads the presented key's org's visitors
create policy visitors_select_ingest on public.visitors for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')));
-- insert(visitors): the ingest role adds visitors to the presented key's org
create policy visitors_insert_ingest on public.visitors for insert to concierge_ingest
with check (organization_id = (select private.api_key_org('{ingest:write}')));
-- update(visitors): the ingest role updates (identifies) the presented key's org's visitors
create policy visitors_update_ingest on public.visitors for update to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')))
with check (organization_id = (select private.api_key_org('{ingest:write}')));

-- select(conversations): the ingest role reads the presented key's org's conversations
create policy conversations_select_ingest on public.conversations for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')));
-- insert(conversations): the ingest role opens conversations in the presented key's org
create policy conversations_insert_ingest on public.conversations for insert to concierge_ingest
with check (organization_id = (select private.api_key_org('{ingest:write}')));
-- update(conversations): the ingest role updates the presented key's org's conversations
create policy conversations_update_ingest on public.conversations for update to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')))
with check (organization_id = (select private.api_key_org('{ingest:write}')));

-- select(messages): the ingest role reads the presented key's org's messages (retries)
create policy messages_select_ingest on public.messages for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')));
-- insert(messages): the ingest role writes messages in the presented key's org
create policy messages_insert_ingest on public.messages for insert to concierge_ingest
with check (organization_id = (select private.api_key_org('{ingest:write}')));

-- select(events): the ingest role reads the presented key's org's events (retries)
create policy events_select_ingest on public.events for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')));
-- insert(events): the ingest role records events in the presented key's org
create policy events_insert_ingest on public.events for insert to concierge_ingest
with check (organization_id = (select private.api_key_org('{ingest:write}')));

-- select(article_views): the ingest role reads the presented key's org's article views (retries)
create policy article_views_select_ingest on public.article_views for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')));
-- insert(article_views): the ingest role records article views in the presented key's org
create policy article_views_insert_ingest on public.article_views for insert to concierge_ingest
with check (organization_id = (select private.api_key_org('{ingest:write}')));

-- select(article_mentions): the ingest role reads the presented key's org's article mentions (retries)
create policy article_mentions_select_ingest on public.article_mentions for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')));
-- insert(article_mentions): the ingest role records article mentions in the presented key's org
create policy article_mentions_insert_ingest on public.article_mentions for insert to concierge_ingest
with check (organization_id = (select private.api_key_org('{ingest:write}')));

-- select(websites): the ingest role resolves domains of the presented key's org
create policy websites_select_ingest on public.websites for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')));
-- select(articles): the ingest role resolves article ids and slugs of the presented key's org
create policy articles_select_ingest on public.articles for select to concierge_ingest
using (organization_id = (select private.api_key_org('{ingest:write}')));
