-- Offline mode (issue 17): whether an organization's team is at work now and, when it is not, when
-- it is back. The widget asks on every page load (through widget-session, with the service role,
-- before any session exists) and the Business hours page shows the same answer to members. Both go
-- through private.team_hours so they can never disagree.

-- { open, back_at, offline_message, time_zone } for p_org at p_at. Hours not enabled: always open.
-- back_at is null when open, or when no opening lies in the coming year (no open day at all).
create function private.team_hours(p_org uuid, p_at timestamptz) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  h public.business_hours;
  v_open_at timestamptz;
begin
  select * into h from public.business_hours where organization_id = p_org;
  if not found or not h.enabled then
    return jsonb_build_object('open', true, 'back_at', null, 'offline_message', null,
      'time_zone', coalesce(h.time_zone, 'UTC'));
  end if;
  v_open_at := private.business_open_at(p_org, p_at);
  return jsonb_build_object(
    'open', v_open_at is not distinct from p_at,
    'back_at', case when v_open_at is distinct from p_at then v_open_at end,
    'offline_message', case when v_open_at is distinct from p_at then h.offline_message end,
    'time_zone', h.time_zone);
end
$$;
revoke all on function private.team_hours(uuid, timestamptz) from public, anon, authenticated;

-- The widget's question, by website key: null for a key no website has. Called by widget-session
-- only after widget_appearance or widget_start_session accepted the key and the page's origin, so
-- it checks neither again; service role only, so a visitor cannot probe it with keys directly.
create function public.widget_team_hours(p_website_key text) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.team_hours(w.organization_id, now())
  from public.websites w
  where w.public_key = p_website_key;
$$;
comment on function public.widget_team_hours(text) is
  'Whether the team of the website''s organization is at work now and when it is back (widget offline mode); service role only.';
revoke all on function public.widget_team_hours(text) from public, anon, authenticated;
grant execute on function public.widget_team_hours(text) to service_role;

-- The Business hours page's "Open now" / "Closed — back …": the caller's active organization, for
-- any member (they read the hours anyway); null for anyone who is not a member of it.
create function public.team_hours_status() returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.team_hours(o.org, now())
  from (select private.org_with_role('viewer') as org) o
  where o.org is not null;
$$;
comment on function public.team_hours_status() is
  'Whether the active organization''s team is at work now and when it is back, for its members.';
revoke all on function public.team_hours_status() from public, anon;
grant execute on function public.team_hours_status() to authenticated;
