-- A page whose origin is not in a website's allowed origins gets no widget session. The visitor
-- should see nothing, and the admin should learn that the widget is embedded somewhere it is not
-- allowed (usually a forgotten www. or staging host). widget-session records each refusal here.
-- Anyone can send any Origin with a valid website key (the key is public), so the record must
-- not grow with traffic: one row per website and origin with a counter, and at most 20 origins
-- per website (further new origins are dropped: twenty already tell the admin enough).

create table public.website_refused_origins (
  website_id uuid not null,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  origin text not null,
  refusals bigint not null default 1,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  -- the tenant column in the key, as every tenant table's (pgTAP 80)
  primary key (website_id, organization_id, origin),
  foreign key (website_id, organization_id) references public.websites (id, organization_id) on delete cascade,
  constraint website_refused_origins_origin_format
    check (char_length(origin) <= 255 and origin ~* '^https?://[a-z0-9.-]+(:[0-9]{1,5})?$'),
  constraint website_refused_origins_refusals_positive check (refusals > 0)
);
comment on table public.website_refused_origins is
  'Widget sessions refused because the page''s origin is not allowed for the website: one row per website and origin '
  '(lower-case), counted, at most 20 per website. Written only by public.widget_record_refused_origin; members read it.';

create index website_refused_origins_organization_id_idx on public.website_refused_origins (organization_id, website_id);

create trigger website_refused_origins_keep_organization_id before update on public.website_refused_origins
  for each row execute function private.keep_organization_id();

alter table public.website_refused_origins enable row level security;

-- select(website_refused_origins): members read their active org's refusals
create policy website_refused_origins_select on public.website_refused_origins for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- only the definer function below writes it
revoke all on public.website_refused_origins from anon, authenticated;
grant select on public.website_refused_origins to authenticated;

create function public.widget_record_refused_origin(p_website_key text, p_origin text) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  w record;
  o text := lower(p_origin);
begin
  -- malformed input is ignored, not an error: the caller already answers the visitor with a refusal
  if p_website_key is null or p_website_key !~ '^wk_[A-Za-z0-9_]{4,64}$'
     or o is null or char_length(o) > 255 or o !~ '^https?://[a-z0-9.-]+(:[0-9]{1,5})?$' then
    return;
  end if;
  select id, organization_id, allowed_origins into w from public.websites where public_key = p_website_key;
  if not found or exists (select 1 from unnest(w.allowed_origins) a where lower(a) = o) then
    return; -- unknown key, or the origin is allowed after all
  end if;
  update public.website_refused_origins
  set refusals = refusals + 1, last_seen_at = now()
  where website_id = w.id and origin = o;
  if found then
    return;
  end if;
  -- serialize first sightings per website so the cap holds under concurrent refusals
  perform pg_advisory_xact_lock(hashtextextended('website_refused_origins:' || w.id::text, 0));
  if (select count(*) from public.website_refused_origins where website_id = w.id) >= 20 then
    return;
  end if;
  insert into public.website_refused_origins (website_id, organization_id, origin)
  values (w.id, w.organization_id, o)
  on conflict (website_id, organization_id, origin) do update
  set refusals = public.website_refused_origins.refusals + 1, last_seen_at = now();
end
$$;
comment on function public.widget_record_refused_origin(text, text) is
  'widget-session: count a session refused because p_origin is not among the website''s allowed origins '
  '(one row per website and origin, at most 20 origins per website). Ignores malformed input, unknown keys and allowed origins.';
revoke all on function public.widget_record_refused_origin(text, text) from public;
grant execute on function public.widget_record_refused_origin(text, text) to anon, authenticated;
