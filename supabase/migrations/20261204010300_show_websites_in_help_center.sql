-- The help center per website (issue 12 §4): /help/<org>?site=<domain> shows the website's name and
-- colour. anon reads no table of websites; public.help_center() (security definer, anon) now also
-- returns, for an organization whose help center is on, what those pages need of each website:
-- name, domain and brand colour. Never its key, allowed origins, counts or anything else.
create or replace function public.help_center(p_slug text) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', o.id, 'slug', o.slug, 'name', o.name,
    'brand_color', case when o.settings ->> 'brand_color' ~ '^#[0-9a-fA-F]{6}$' then o.settings ->> 'brand_color' end,
    'websites', coalesce((
      select jsonb_agg(jsonb_build_object('name', w.name, 'domain', w.domain, 'brand_color', w.brand_color) order by w.name, w.domain)
      from public.websites w
      where w.organization_id = o.id
    ), '[]'::jsonb))
  from public.organizations o
  where o.slug = p_slug and coalesce((o.settings ->> 'help_center_enabled')::boolean, false)
$$;
comment on function public.help_center(text) is
  'Public help center: {id, slug, name, brand_color, websites [{name, domain, brand_color}]} of the organization with this '
  'slug when its help center is on, else null.';
