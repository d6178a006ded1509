-- Channels (issue 14): the connect flows (Facebook Login for Business, Zalo OA OAuth v4 with
-- PKCE) and what happens when a page / OA stops working.
--
-- The OAuth exchanges run in the channel-connect Edge Function (it holds the app secrets and the
-- token key); the database decides who may start one and seals what it brings back
-- (public.channel_connect, 20261203080100). A page / OA that needs reconnecting now also tells
-- the organization's admins by email, once per incident.

-- Who is connecting: the signed-in admin or owner of the active organization. The function signs
-- its OAuth state with this answer, so the callback is bound to the same member and organization.
create function public.channel_connect_caller() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org uuid := private.org_with_role('admin');
begin
  if v_org is null then
    raise exception 'only admins and owners connect channels' using errcode = '42501';
  end if;
  return pg_catalog.jsonb_build_object('organization_id', v_org, 'user_id', (select auth.jwt()) ->> 'sub',
    'slug', (select o.slug from public.organizations o where o.id = v_org));
end
$$;
comment on function public.channel_connect_caller() is
  'The signed-in admin / owner and their active organization, for the channel-connect function; 42501 for anyone else.';
revoke all on function public.channel_connect_caller() from public, anon;
grant execute on function public.channel_connect_caller() to authenticated;

-- Needs reconnecting: the status and the platform's reason for the Integrations page, and an email
-- to every admin and owner when an active page / OA flips (a second failure of the same incident
-- emails nobody again: the status is no longer active). Same signature as before, so the
-- channel-sender's calls are unchanged.
create or replace function public.channel_needs_reconnect(p_integration uuid, p_reason text) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_integration public.integrations;
  v_admin record;
begin
  update public.integrations
  set status = 'needs_reconnect', status_reason = pg_catalog.left(p_reason, 500)
  where id = p_integration and status = 'active'
  returning * into v_integration;
  if v_integration.id is null then
    return;
  end if;
  for v_admin in
    select u.email from public.organization_members m
    join public.users u on u.id = m.user_id
    where m.organization_id = v_integration.organization_id and m.role >= 'admin'
  loop
    perform private.enqueue_email(v_integration.organization_id, 'channel_alert',
      'channel_alert:' || v_integration.id || ':' || pg_catalog.to_char(v_integration.updated_at, 'YYYYMMDDHH24MISSUS'),
      v_admin.email, pg_catalog.jsonb_build_object('integration_id', v_integration.id));
  end loop;
end
$$;
revoke all on function public.channel_needs_reconnect(uuid, text) from public, anon, authenticated;
grant execute on function public.channel_needs_reconnect(uuid, text) to service_role;

-- The alert email names the page / OA and why it stopped.
create or replace function private.email_context(o public.email_outbox) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org jsonb;
  v_conv uuid := (o.payload ->> 'conversation_id')::uuid;
  v_extra jsonb := '{}';
begin
  select pg_catalog.jsonb_build_object('id', g.id, 'name', g.name, 'slug', g.slug,
           'brand_color', g.settings ->> 'brand_color', 'logo_url', g.settings ->> 'logo_url')
    into v_org
  from public.organizations g where g.id = o.organization_id;
  if o.kind = 'invitation' then
    select pg_catalog.jsonb_build_object('invitation_id', i.id, 'role', i.role, 'status', i.status, 'expires_at', i.expires_at,
             'inviter', coalesce(u.name, u.email))
      into v_extra
    from public.invitations i left join public.users u on u.id = i.invited_by
    where i.id = (o.payload ->> 'invitation_id')::uuid and i.organization_id = o.organization_id;
  elsif o.kind = 'channel_alert' then
    select pg_catalog.jsonb_build_object('integration_id', i.id, 'integration_name', i.display_name, 'platform', i.platform,
             'integration_status', i.status, 'reason', i.status_reason)
      into v_extra
    from public.integrations i
    where i.id = (o.payload ->> 'integration_id')::uuid and i.organization_id = o.organization_id;
  elsif v_conv is not null then
    select pg_catalog.jsonb_build_object('conversation_id', c.id, 'reason', c.escalated_reason, 'agent_name', c.agent_name,
             'visitor_name', v.name, 'visitor_email', v.email, 'website_domain', w.domain,
             'ticket_ref', (select t.ref from public.tickets t where t.conversation_id = c.id and t.organization_id = c.organization_id
                            order by t.created_at desc limit 1),
             'messages', coalesce((
               select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('sender', m.sender_type, 'body', m.body, 'at', m.created_at)
                                           order by m.created_at, m.id)
               from public.messages m
               where m.conversation_id = c.id and m.organization_id = c.organization_id and not m.is_internal
                 and case o.kind
                       when 'agent_reply' then m.sender_type = 'agent' and m.created_at >= (o.payload ->> 'since')::timestamptz
                       when 'transcript' then m.created_at <= (o.payload ->> 'until')::timestamptz
                       else m.sender_type = 'visitor'
                     end), '[]'))
      into v_extra
    from public.conversations c
    left join public.visitors v on v.id = c.visitor_id and v.organization_id = c.organization_id
    left join public.websites w on w.id = c.website_id and w.organization_id = c.organization_id
    where c.id = v_conv and c.organization_id = o.organization_id;
  end if;
  return pg_catalog.jsonb_build_object('id', o.id, 'organization_id', o.organization_id, 'kind', o.kind, 'recipient', o.recipient,
    'attempts', o.attempts, 'organization', v_org, 'data', coalesce(v_extra, '{}'));
end
$$;
revoke all on function private.email_context(public.email_outbox) from public;
