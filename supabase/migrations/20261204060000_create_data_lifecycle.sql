-- What an operator is asked for (issue 16, scenario 8): one organization's data as an export, one
-- visitor's personal data erased, and a whole organization deleted.
--
-- Every piece is driven by the catalog (the tables of public and private with an organization_id
-- column), so a table added later is exported and deleted with the rest without anyone
-- remembering to list it. pgTAP (37-data-lifecycle) proves, from the catalog again, that after a
-- deletion no row of any table carries the organization's id and no row of another changed.

-- every table holding an organization's rows
create function private.organization_tables()
returns table (table_schema text, table_name text)
language sql
stable
set search_path = ''
as $$
  select n.nspname::text, c.relname::text
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
  where c.relkind in ('r', 'p') and not c.relispartition and n.nspname in ('public', 'private')
  order by 1, 2
$$;

-- {table: rows} of one organization: its row of organizations, every public table with an
-- organization_id, and the accounts of its members. Credentials and their hashes stay out (an
-- export is a file people mail around); private holds bookkeeping and secrets, never exported.
create function private.export_organization_data(p_org uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  t record;
  rows jsonb;
  result jsonb;
  secret_columns constant text[] := array['key_hash', 'identity_secret', 'token_hash', 'access_token', 'refresh_token'];
begin
  select jsonb_build_object('organizations', coalesce(jsonb_agg(to_jsonb(o)), '[]'::jsonb)) into result
  from public.organizations o where o.id = p_org;
  for t in select * from private.organization_tables() where table_schema = 'public' loop
    execute format(
      'select coalesce(jsonb_agg(to_jsonb(x) - $2 order by x.organization_id), ''[]''::jsonb) from %I.%I x where x.organization_id = $1',
      t.table_schema, t.table_name
    ) into rows using p_org, secret_columns;
    result := result || jsonb_build_object(t.table_name, rows);
  end loop;
  return result || jsonb_build_object('users', (
    select coalesce(jsonb_agg(to_jsonb(u) order by u.id), '[]'::jsonb) from public.users u
    where u.id in (select m.user_id from public.organization_members m where m.organization_id = p_org)
  ));
end
$$;

-- Deletes everything an organization owns. Most tables go by their cascading foreign key to
-- organizations; the loop takes the rest (tables keyed by organization_id without one, such as
-- the Clerk outbox and retired website keys), and the quota counters, keyed by the organization's or a website's id.
create function private.delete_organization_data(p_org uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  t record;
begin
  delete from private.quota_counters q
  where q.subject = p_org
     or q.subject in (select w.id from public.websites w where w.organization_id = p_org);
  delete from public.organizations o where o.id = p_org;
  for t in select * from private.organization_tables() loop
    execute format('delete from %I.%I where organization_id = $1', t.table_schema, t.table_name) using p_org;
  end loop;
end
$$;

-- The dashboard's export (Settings): admins of the organization, through their own session.
create function public.export_organization(p_organization_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_organization_id is distinct from (select private.org_with_role('admin')) then
    raise exception 'only an admin of the organization may export it' using errcode = '42501';
  end if;
  return private.export_organization_data(p_organization_id);
end
$$;

-- The dashboard's "Delete organization": the owner, who types the slug to confirm.
create function public.delete_organization(p_organization_id uuid, p_confirm_slug text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_organization_id is distinct from (select private.org_with_role('owner')) then
    raise exception 'only the owner may delete the organization' using errcode = '42501';
  end if;
  if not exists (select 1 from public.organizations o where o.id = p_organization_id and o.slug = p_confirm_slug) then
    raise exception 'type the organization''s slug to confirm' using errcode = '22023';
  end if;
  perform private.delete_organization_data(p_organization_id);
end
$$;

-- A visitor's right to erasure. The decision (README, "Data lifecycle"): conversations and what
-- agents and the AI wrote stay (the organization's own record and its analytics); everything that
-- is the visitor's goes: their own messages' text is replaced by a marker, their name, email and
-- external id, the summary written about them, the ticket's contact fields and first question,
-- their sessions, the mail queued to them, and the visitor row itself (conversations, events and
-- article views keep their rows with the visitor's id set null by the foreign keys).
create function private.erase_visitor_data(p_visitor uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v public.visitors;
  conversation_ids uuid[];
  erased_messages int;
begin
  select * into v from public.visitors where id = p_visitor;
  if not found then
    raise exception 'unknown visitor' using errcode = 'P0002';
  end if;
  select coalesce(array_agg(c.id), '{}') into conversation_ids from public.conversations c where c.visitor_id = p_visitor;
  update public.messages m set body = '[erased at the visitor''s request]', metadata = '{}'::jsonb
  where m.conversation_id = any(conversation_ids) and m.sender_type = 'visitor';
  get diagnostics erased_messages = row_count;
  update public.conversations c set summary = null, external_customer_id = null where c.id = any(conversation_ids);
  update public.tickets t set customer_email = null, customer_name = null, original_query = '[erased at the visitor''s request]'
  where t.conversation_id = any(conversation_ids);
  if v.email is not null then
    delete from public.email_outbox e where e.organization_id = v.organization_id and lower(e.recipient) = lower(v.email) and e.status <> 'sent';
  end if;
  delete from public.visitors where id = p_visitor;
  return jsonb_build_object('visitor_id', p_visitor, 'conversations', cardinality(conversation_ids), 'messages_erased', erased_messages);
end
$$;

-- The dashboard's "Erase this visitor's data": admins of the visitor's organization.
create function public.erase_visitor(p_visitor_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.visitors v where v.id = p_visitor_id and v.organization_id = (select private.org_with_role('admin'))
  ) then
    raise exception 'no visitor of your organization has this id' using errcode = '42501';
  end if;
  return private.erase_visitor_data(p_visitor_id);
end
$$;

revoke all on function private.organization_tables() from public;
revoke all on function private.export_organization_data(uuid) from public;
revoke all on function private.delete_organization_data(uuid) from public;
revoke all on function private.erase_visitor_data(uuid) from public;
revoke all on function public.export_organization(uuid) from public, anon;
revoke all on function public.delete_organization(uuid, text) from public, anon;
revoke all on function public.erase_visitor(uuid) from public, anon;
grant execute on function public.export_organization(uuid) to authenticated;
grant execute on function public.delete_organization(uuid, text) to authenticated;
grant execute on function public.erase_visitor(uuid) to authenticated;
