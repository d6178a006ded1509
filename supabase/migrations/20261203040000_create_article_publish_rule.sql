-- Who may put an article in front of visitors. Agents write drafts; publishing, unpublishing and
-- deleting a published article are for admins, unless the organization's setting
-- `agents_publish` (organizations.settings, default false, an admin's choice on Settings) lets
-- its agents publish too. A policy cannot compare the old row with the new one, so the rule is a
-- trigger: the API (PostgREST with a member's token) cannot go around it. Who wrote and who last
-- edited an article, and when it was first published, are stamped here as well, never taken
-- from the client.
set local lock_timeout = '5s';

alter table public.organizations add constraint organizations_agents_publish_valid check (
  not settings ? 'agents_publish' or jsonb_typeof(settings -> 'agents_publish') = 'boolean'
);

-- Whether the signed-in member may publish in p_org: an admin (or owner) of it, or an agent when
-- the organization lets agents publish. Definer rights: it reads the setting whatever the
-- caller's own view of organizations.
create function private.may_publish_articles(p_org uuid) returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_org is null then
    return false;
  end if;
  if private.org_with_role('admin') = p_org then
    return true;
  end if;
  return private.org_with_role('agent') = p_org and exists (
    select 1 from public.organizations o
    where o.id = p_org and coalesce((o.settings ->> 'agents_publish')::boolean, false)
  );
end
$$;
comment on function private.may_publish_articles(uuid) is
  'True when the signed-in member may publish or unpublish articles of p_org: an admin or owner, or an agent when settings.agents_publish is true.';
revoke all on function private.may_publish_articles(uuid) from public, anon, authenticated, service_role;
grant execute on function private.may_publish_articles(uuid) to authenticated;

-- BEFORE INSERT/UPDATE/DELETE on articles. Invoker rights, so current_user is the API role: the
-- rule binds members (authenticated); the ingest role (an org API key, documented as allowed to
-- publish) and trusted server code are not members and keep their own checks.
create function private.guard_article_publishing() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  member boolean := current_user = 'authenticated';
  author text;
begin
  -- only members' statements read the token (the ingest role has no access to schema auth)
  if member then
    author := auth.jwt() ->> 'sub';
  end if;
  if tg_op = 'DELETE' then
    -- nested: an expression naming may_publish_articles needs its execute grant, which only members hold
    if member and old.is_published then
      if not private.may_publish_articles(old.organization_id) then
        raise exception 'only admins may delete a published article in this organization' using errcode = '42501';
      end if;
    end if;
    return old;
  end if;

  if tg_op = 'INSERT' then
    if member and new.is_published then
      if not private.may_publish_articles(new.organization_id) then
        raise exception 'only admins may publish articles in this organization' using errcode = '42501';
      end if;
    end if;
    if member then
      new.created_by := author;
      new.updated_by := author;
    elsif current_user = 'concierge_ingest' then
      new.created_by := null;
      new.updated_by := null;
    end if;
    -- the first publication's time, whatever the client sent
    new.published_at := case when new.is_published then now() end;
    return new;
  end if;

  if member and new.is_published is distinct from old.is_published then
    if not private.may_publish_articles(new.organization_id) then
      raise exception 'only admins may publish or unpublish articles in this organization' using errcode = '42501';
    end if;
  end if;
  -- (other roles are trusted server code, e.g. the foreign key clearing a deleted user's id)
  if member then
    new.created_by := old.created_by;
    new.updated_by := author;
  elsif current_user = 'concierge_ingest' then
    new.created_by := old.created_by;
    new.updated_by := null;
  end if;
  -- first publication: kept through later unpublish/publish cycles
  new.published_at := coalesce(old.published_at, case when new.is_published then now() end);
  return new;
end
$$;
comment on function private.guard_article_publishing() is
  'Trigger on articles: members publish, unpublish or delete a published article only when private.may_publish_articles allows; '
  'stamps created_by, updated_by (the member, null for the ingest API) and published_at (first publication).';
revoke all on function private.guard_article_publishing() from public, anon, authenticated, service_role;

create trigger articles_guard_publishing before insert or update or delete on public.articles
  for each row execute function private.guard_article_publishing();

-- Admins toggle agents_publish from Settings. Its own function rather than another key of
-- update_organization_settings: one setting, one statement, RLS (admins of the active
-- organization update organizations) picks the row.
create function public.set_articles_agents_publish(p_organization_id uuid, p_allowed boolean) returns integer
language plpgsql
security invoker
set search_path = ''
as $$
declare
  changed integer;
begin
  if p_allowed is null then
    raise exception 'p_allowed must be true or false' using errcode = '22023';
  end if;
  update public.organizations
  set settings = settings || jsonb_build_object('agents_publish', p_allowed)
  where id = p_organization_id;
  get diagnostics changed = row_count;
  return changed;
end
$$;
comment on function public.set_articles_agents_publish(uuid, boolean) is
  'Sets organizations.settings.agents_publish (whether agents may publish articles). Security invoker: only admins of the active organization change it. Returns the rows changed (0 or 1).';
revoke all on function public.set_articles_agents_publish(uuid, boolean) from public, anon, authenticated, service_role;
grant execute on function public.set_articles_agents_publish(uuid, boolean) to authenticated;
