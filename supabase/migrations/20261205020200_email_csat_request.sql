-- CSAT by email (issue 17). When a widget conversation whose visitor left an email address is
-- resolved, the visitor is emailed a 1-5 rating request (kind csat_request). Its five links open
-- the app's /rate page with a token the email-sender signs (HS256, EMAIL_LINK_SECRET, 30 days)
-- for that one resolution; the email-rate Edge Function verifies it and calls
-- public.email_rate_conversation below, which applies the widget's rule (one rating per
-- resolution, only while it is the conversation's latest and the conversation is still resolved).
-- Visitors hold no JWT and anon gets no new grant: the token check in the function is the only
-- way in, as for unsubscribe links.
--
-- The email waits as long as an agent reply does (private.email_reply_delay), so a visitor still
-- on the page can rate in the widget first; the sender then skips it as already rated. Re-creates
-- private.email_context from its latest definition (20261204020100) and public.email_claim from
-- its latest (20261202060000).

-- Whether p_resolution is the latest resolution of a conversation that is resolved now: what a
-- rating may still be given for (the widget's rule in widget_rate_conversation).
create function private.csat_resolution_open(p_org uuid, p_resolution uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.conversation_transitions t
    join public.conversations c on c.id = t.conversation_id and c.organization_id = t.organization_id
    where t.id = p_resolution and t.organization_id = p_org and t.to_state = 'resolved' and c.state = 'resolved'
      and t.id = (select l.id from public.conversation_transitions l
                  where l.organization_id = c.organization_id and l.conversation_id = c.id and l.to_state = 'resolved'
                  order by l.created_at desc, l.id desc limit 1))
$$;
revoke all on function private.csat_resolution_open(uuid, uuid) from public, anon, authenticated;

-- Enqueued with the transition into 'resolved' (written only by the state machine), for web
-- conversations whose visitor gave an email; one email per resolution (the event key).
create function private.email_on_resolution() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_email text;
begin
  select v.email into v_email
  from public.conversations c
  join public.visitors v on v.id = c.visitor_id and v.organization_id = c.organization_id
  where c.id = new.conversation_id and c.organization_id = new.organization_id and c.channel = 'web';
  if v_email is not null then
    perform private.enqueue_email(new.organization_id, 'csat_request', 'csat_request:' || new.id, v_email,
      pg_catalog.jsonb_build_object('conversation_id', new.conversation_id, 'resolution_id', new.id),
      now() + private.email_reply_delay());
  end if;
  return null;
end
$$;
revoke all on function private.email_on_resolution() from public, anon, authenticated;

create trigger conversation_transitions_email_csat after insert on public.conversation_transitions
  for each row when (new.to_state = 'resolved') execute function private.email_on_resolution();

-- The rating link's landing: with p_rating null only reports what the link can still do (the
-- page's first, read-only call: link scanners open it); with a rating, records it once. Answers
-- {status: due | rated | already_rated | reopened, rating}. Service role only (the email-rate
-- function, after checking the token's signature and expiry).
create function public.email_rate_conversation(p_org uuid, p_resolution uuid, p_rating integer default null,
  p_comment text default null) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_note text := nullif(pg_catalog.btrim(p_comment), '');
  v_existing public.csat_ratings;
  v_stored public.csat_ratings;
  v_conv public.conversations;
begin
  if p_rating is not null and p_rating not between 1 and 5 then
    raise exception 'rating must be 1 to 5' using errcode = '22023';
  end if;
  if pg_catalog.char_length(v_note) > 1000 then
    raise exception 'comment must be at most 1000 characters' using errcode = '22023';
  end if;
  select * into v_existing from public.csat_ratings r where r.organization_id = p_org and r.resolution_id = p_resolution;
  if v_existing.id is not null then
    return pg_catalog.jsonb_build_object('status', 'already_rated', 'rating', v_existing.rating);
  end if;
  if not private.csat_resolution_open(p_org, p_resolution) then
    return pg_catalog.jsonb_build_object('status', 'reopened', 'rating', null);
  end if;
  if p_rating is null then
    return pg_catalog.jsonb_build_object('status', 'due', 'rating', null);
  end if;
  select c.* into v_conv
  from public.conversation_transitions t
  join public.conversations c on c.id = t.conversation_id and c.organization_id = t.organization_id
  where t.id = p_resolution and t.organization_id = p_org;
  insert into public.csat_ratings (organization_id, conversation_id, resolution_id, website_id, agent_id, rating, comment)
  values (v_conv.organization_id, v_conv.id, p_resolution, v_conv.website_id, v_conv.assignee_id, p_rating, v_note)
  on conflict (organization_id, resolution_id) do nothing
  returning * into v_stored;
  if v_stored.id is null then
    select * into v_existing from public.csat_ratings r where r.organization_id = p_org and r.resolution_id = p_resolution;
    return pg_catalog.jsonb_build_object('status', 'already_rated', 'rating', v_existing.rating);
  end if;
  return pg_catalog.jsonb_build_object('status', 'rated', 'rating', v_stored.rating);
end
$$;
comment on function public.email_rate_conversation(uuid, uuid, integer, text) is
  'email-rate (service role), after verifying a rating link: with no rating, the link''s state; with one (1-5, optional comment '
  'up to 1000 characters), records it once per resolution. {status: due | rated | already_rated | reopened, rating}.';
revoke all on function public.email_rate_conversation(uuid, uuid, integer, text) from public, anon, authenticated;
grant execute on function public.email_rate_conversation(uuid, uuid, integer, text) to service_role;

-- The template needs the resolution (as in 20261204020100 otherwise).
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
  -- the resolution the email asks about: the sender signs the rating links for it alone
  if o.kind = 'csat_request' then
    v_extra := coalesce(v_extra, '{}') || pg_catalog.jsonb_build_object('resolution_id', o.payload ->> 'resolution_id');
  end if;
  return pg_catalog.jsonb_build_object('id', o.id, 'organization_id', o.organization_id, 'kind', o.kind, 'recipient', o.recipient,
    'attempts', o.attempts, 'organization', v_org, 'data', coalesce(v_extra, '{}'));
end
$$;
revoke all on function private.email_context(public.email_outbox) from public;

-- The claim settles rating requests that are no longer wanted: rated meanwhile (in the widget),
-- or the conversation reopened (the next resolution asks again). As in 20261202060000 otherwise.
create or replace function public.email_claim(p_limit integer default 20, p_lease_seconds integer default 120) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.email_outbox;
  v_out jsonb := '[]';
  v_skip text;
begin
  if p_limit not between 1 and 100 or p_lease_seconds not between 10 and 3600 then
    raise exception 'limit must be 1..100 and lease 10..3600 seconds' using errcode = '22023';
  end if;
  for r in
    select * from public.email_outbox o
    where (o.status = 'pending' and o.not_before <= now()) or (o.status = 'sending' and o.lease_until < now())
    order by o.not_before
    limit p_limit
    for update skip locked
  loop
    v_skip := case
      when exists (select from private.email_suppressions s
                   where s.organization_id = r.organization_id and s.email = r.recipient and s.kind = r.kind) then 'unsubscribed'
      when r.kind = 'invitation' and not exists (select from public.invitations i
                   where i.id = (r.payload ->> 'invitation_id')::uuid and i.organization_id = r.organization_id
                     and i.status = 'pending' and i.expires_at > now()) then 'invitation no longer pending'
      when r.kind = 'agent_reply' and exists (select from public.visitor_sessions vs
                   where vs.conversation_id = (r.payload ->> 'conversation_id')::uuid and vs.organization_id = r.organization_id
                     and vs.last_seen_at > now() - private.email_visitor_away()) then 'visitor on the page'
      when r.kind = 'csat_request' and exists (select from public.csat_ratings cr
                   where cr.organization_id = r.organization_id and cr.resolution_id = (r.payload ->> 'resolution_id')::uuid)
        then 'already rated'
      when r.kind = 'csat_request' and not private.csat_resolution_open(r.organization_id, (r.payload ->> 'resolution_id')::uuid)
        then 'conversation reopened'
    end;
    if v_skip is not null then
      update public.email_outbox set status = 'skipped', last_error = v_skip, lease_until = null where id = r.id;
      continue;
    end if;
    update public.email_outbox
    set status = 'sending', attempts = attempts + 1, lease_until = now() + make_interval(secs => p_lease_seconds)
    where id = r.id
    returning * into r;
    v_out := v_out || pg_catalog.jsonb_build_array(private.email_context(r));
  end loop;
  return v_out;
end
$$;
comment on function public.email_claim(integer, integer) is
  'email-sender (service role): claim due emails under a lease and return what their templates need.';
