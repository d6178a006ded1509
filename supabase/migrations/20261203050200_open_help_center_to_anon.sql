-- The public help center (/help/<org-slug>) is read by the Next.js server as `anon` through
-- PostgREST: the published articles of the organizations that turned their help center on
-- (organizations.settings.help_center_enabled, off unless an admin turns it on), and nothing
-- else. anon gets select on the articles' public columns (not who wrote them) under a policy of
-- its own; the organization's name, slug and brand colour come from a definer function that
-- answers only for organizations whose help center is on. No other table opens to anon.
set local lock_timeout = '5s';

alter table public.organizations add constraint organizations_help_center_setting_valid check (
  not settings ? 'help_center_enabled' or jsonb_typeof(settings -> 'help_center_enabled') = 'boolean'
);
comment on constraint organizations_help_center_setting_valid on public.organizations is
  'settings.help_center_enabled, when present, is a boolean (absent: the help center is off).';

-- Whether an organization's help center is on. In public because anon evaluates it in the
-- articles policy (anon has no usage on private); it reveals one boolean per organization id.
create function public.help_center_enabled(p_organization_id uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select (o.settings ->> 'help_center_enabled')::boolean from public.organizations o where o.id = p_organization_id), false)
$$;
comment on function public.help_center_enabled(uuid) is 'True when the organization turned its public help center on (settings.help_center_enabled).';
revoke all on function public.help_center_enabled(uuid) from public, anon, authenticated;
grant execute on function public.help_center_enabled(uuid) to anon, authenticated;

-- The little a help-center page shows of its organization, and only when its help center is on
-- (null otherwise, so an off or unknown organization is a 404 alike).
create function public.help_center(p_slug text) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', o.id, 'slug', o.slug, 'name', o.name,
    'brand_color', case when o.settings ->> 'brand_color' ~ '^#[0-9a-fA-F]{6}$' then o.settings ->> 'brand_color' end)
  from public.organizations o
  where o.slug = p_slug and coalesce((o.settings ->> 'help_center_enabled')::boolean, false)
$$;
comment on function public.help_center(text) is
  'Public help center: {id, slug, name, brand_color} of the organization with this slug when its help center is on, else null.';
revoke all on function public.help_center(text) from public, anon, authenticated;
grant execute on function public.help_center(text) to anon, authenticated;

-- the columns a help-center page shows; never who wrote or edited an article
grant select (id, organization_id, title, slug, body, tags, collection, language, is_published, published_at, updated_at)
  on public.articles to anon;

-- select(articles, anon): anyone reads the published articles of organizations whose help center is on
create policy articles_select_help_center on public.articles for select to anon
using (is_published and public.help_center_enabled(organization_id));

-- Admins turn the help center on or off. Its own function, not a key of
-- update_organization_settings, so other settings work does not have to know about it.
create function public.set_help_center_enabled(p_organization_id uuid, p_enabled boolean) returns integer
language plpgsql
security invoker
set search_path = ''
as $$
declare
  changed integer;
begin
  if p_enabled is null then
    raise exception 'enabled must be true or false' using errcode = '22023';
  end if;
  -- security invoker: RLS (organizations_update, admins of the active organization) picks the row
  update public.organizations
  set settings = settings || jsonb_build_object('help_center_enabled', p_enabled)
  where id = p_organization_id;
  get diagnostics changed = row_count;
  return changed;
end
$$;
comment on function public.set_help_center_enabled(uuid, boolean) is
  'Turns the organization''s public help center on or off (admins of the active organization; RLS). Returns the rows changed (0 or 1).';
revoke all on function public.set_help_center_enabled(uuid, boolean) from public, anon;
grant execute on function public.set_help_center_enabled(uuid, boolean) to authenticated;
