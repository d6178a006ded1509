-- Email that reaches people: an outbox in Postgres, written in the same transaction as the change
-- that causes the email (an invitation, an escalation, an agent's reply, a transcript request), and
-- delivered by the `email-sender` Edge Function (SMTP or Resend) on a schedule.
--
-- Delivery guarantees:
--   - idempotent per event: one row per (organization, event key, recipient), so a trigger that
--     fires twice or a retried request enqueues nothing new;
--   - never sent twice: the sender claims rows with `for update skip locked` (concurrent senders
--     take disjoint rows) under a lease, and marks each row sent right after its send. A crash
--     between the send and the mark is the one window: the lease runs out and the row is sent
--     again with the same Message-ID (SMTP) and the same Idempotency-Key (Resend, which answers a
--     repeated key with the first send's id instead of sending again);
--   - retried with backoff (30 s doubling, at most an hour) up to eight attempts, then `failed`;
--   - unsubscribes are honoured at claim time as well as at enqueue time.

create type public.email_kind as enum ('invitation', 'agent_reply', 'escalation', 'transcript');
create type public.email_status as enum ('pending', 'sending', 'sent', 'failed', 'skipped');

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  kind public.email_kind not null,
  event_key text not null,
  recipient text not null,
  payload jsonb not null default '{}',
  status public.email_status not null default 'pending',
  attempts integer not null default 0,
  not_before timestamptz not null default now(),
  lease_until timestamptz,
  provider_id text,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, event_key, recipient),
  constraint email_outbox_recipient_format check (recipient = lower(recipient) and recipient ~ '^[^@\s]+@[^@\s]+$'),
  constraint email_outbox_payload_object check (jsonb_typeof(payload) = 'object'),
  constraint email_outbox_attempts_range check (attempts between 0 and 100),
  constraint email_outbox_sent_at check ((status = 'sent') = (sent_at is not null))
);
comment on table public.email_outbox is
  'Emails to send, one row per event and recipient. Written by triggers and definer functions only; '
  'the email-sender function claims, sends and marks rows; admins read their organization''s rows.';
comment on column public.email_outbox.event_key is 'What caused the email (e.g. invitation:<id>); unique per organization and recipient, so enqueueing is idempotent.';
comment on column public.email_outbox.not_before is 'Earliest send time: the retry backoff, or the delay before an agent reply is emailed.';
comment on column public.email_outbox.lease_until is 'While status = sending: when a crashed sender''s claim lapses and the row may be claimed again.';
comment on column public.email_outbox.provider_id is 'The transport''s id for the sent message (SMTP Message-ID or Resend email id).';

create index email_outbox_due_idx on public.email_outbox (not_before) where status in ('pending', 'sending');
create index email_outbox_organization_id_created_idx on public.email_outbox (organization_id, created_at desc);

create trigger email_outbox_keep_organization_id before update on public.email_outbox
  for each row execute function private.keep_organization_id();
create trigger email_outbox_touch_updated_at before update on public.email_outbox
  for each row execute function private.touch_updated_at();

alter table public.email_outbox enable row level security;

-- Rows carry recipients' addresses and message content: admins may read them (delivery status in
-- support cases), nobody writes them through the API.
revoke all on public.email_outbox from anon, authenticated;
grant select on public.email_outbox to authenticated;

-- select(email_outbox): admins read their active org's outgoing email
create policy email_outbox_select on public.email_outbox for select to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- Who asked not to receive which kind of email from which organization (signed unsubscribe links).
create table private.email_suppressions (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  email text not null,
  kind public.email_kind not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, email, kind)
);
comment on table private.email_suppressions is
  'Unsubscribes, per organization, address and kind of email. Reached only through public.email_unsubscribe (service role).';
-- no policy: only definer functions owned by postgres reach it
alter table private.email_suppressions enable row level security;

-- A member's own email preferences in one organization. No row means the default: escalation
-- emails on for agents and above, off for viewers (who cannot act on a ticket).
create table public.notification_preferences (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id text not null,
  escalation_emails boolean not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id),
  foreign key (organization_id, user_id) references public.organization_members (organization_id, user_id) on delete cascade
);
comment on table public.notification_preferences is 'Per-member email preferences; each member reads and writes only their own row.';
comment on column public.notification_preferences.escalation_emails is 'Email me when a conversation of this organization is escalated to the team.';

create trigger notification_preferences_keep_organization_id before update on public.notification_preferences
  for each row execute function private.keep_organization_id();
create trigger notification_preferences_touch_updated_at before update on public.notification_preferences
  for each row execute function private.touch_updated_at();

alter table public.notification_preferences enable row level security;

revoke all on public.notification_preferences from anon, authenticated;
grant select, insert, delete on public.notification_preferences to authenticated;
grant update (escalation_emails) on public.notification_preferences to authenticated;

-- select(notification_preferences): a member reads their own preferences in their active org
create policy notification_preferences_select on public.notification_preferences for select to authenticated
using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- insert(notification_preferences): a member sets their own preferences in their active org
create policy notification_preferences_insert on public.notification_preferences for insert to authenticated
with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- update(notification_preferences): a member changes their own preferences in their active org
create policy notification_preferences_update on public.notification_preferences for update to authenticated
using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'))
with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- delete(notification_preferences): a member resets their own preferences to the defaults
create policy notification_preferences_delete on public.notification_preferences for delete to authenticated
using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- Enqueue one email, idempotently. An unsubscribed recipient still gets a row, `skipped`, so an
-- admin can see why nothing went out.
create function private.enqueue_email(
  p_org uuid, p_kind public.email_kind, p_event_key text, p_recipient text, p_payload jsonb,
  p_not_before timestamptz default null
) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_to text := lower(btrim(p_recipient));
  v_suppressed boolean;
begin
  if v_to is null or v_to !~ '^[^@\s]+@[^@\s]+$' then
    return;
  end if;
  select exists (select from private.email_suppressions s where s.organization_id = p_org and s.email = v_to and s.kind = p_kind)
    into v_suppressed;
  insert into public.email_outbox (organization_id, kind, event_key, recipient, payload, not_before, status, last_error)
  values (p_org, p_kind, p_event_key, v_to, coalesce(p_payload, '{}'), coalesce(p_not_before, now()),
          case when v_suppressed then 'skipped'::public.email_status else 'pending'::public.email_status end,
          case when v_suppressed then 'unsubscribed' end)
  on conflict (organization_id, event_key, recipient) do nothing;
end
$$;
comment on function private.enqueue_email(uuid, public.email_kind, text, text, jsonb, timestamptz) is
  'Adds one email to the outbox unless that event already emailed that recipient; skipped when unsubscribed.';

-- Invitations: the invitee gets an email with the accept link as soon as the invitation exists.
-- Not for invitations mirrored from Clerk's own (concierge.clerk_origin = 'clerk'): Clerk has
-- already emailed those invitees.
create function private.email_on_invitation() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(pg_catalog.current_setting('concierge.clerk_origin', true), '') = 'clerk' then
    return null;
  end if;
  perform private.enqueue_email(new.organization_id, 'invitation', 'invitation:' || new.id, new.email,
    pg_catalog.jsonb_build_object('invitation_id', new.id));
  return null;
end
$$;
create trigger invitations_email after insert on public.invitations
  for each row when (new.status = 'pending') execute function private.email_on_invitation();

-- Escalations: every member who wants them (agents and above by default) hears of a new one.
create function private.email_on_escalation() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue_email(new.organization_id, 'escalation',
    'escalation:' || new.id || ':' || extract(epoch from coalesce(new.escalated_at, now()))::bigint, u.email,
    pg_catalog.jsonb_build_object('conversation_id', new.id))
  from public.organization_members m
  join public.users u on u.id = m.user_id
  left join public.notification_preferences p on p.organization_id = m.organization_id and p.user_id = m.user_id
  where m.organization_id = new.organization_id
    and coalesce(p.escalation_emails, m.role >= 'agent');
  return null;
end
$$;
create trigger conversations_email_on_insert after insert on public.conversations
  for each row when (new.is_escalated) execute function private.email_on_escalation();
-- Not `after update of is_escalated`: the lifecycle's BEFORE trigger sets is_escalated when the
-- state moves to waiting_for_agent, and a column list only sees columns the statement itself set.
create trigger conversations_email_on_escalation after update on public.conversations
  for each row when (new.is_escalated and not old.is_escalated) execute function private.email_on_escalation();

-- How long after an agent's reply the visitor must have been away before it is emailed. The widget
-- polls while open and bumps its session's last_seen_at at most once a minute, so a visitor unseen
-- for two minutes has left the page; the email waits three, then the sender checks.
create function private.email_reply_delay() returns interval
language sql
immutable
set search_path = ''
as $$ select interval '3 minutes' $$;

create function private.email_visitor_away() returns interval
language sql
immutable
set search_path = ''
as $$ select interval '2 minutes' $$;

-- Agent replies (never internal notes) on widget conversations: one pending email per conversation, pushed back by each
-- further reply, so a burst of replies becomes one email with all of them.
create function private.email_on_agent_reply() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_pending uuid;
begin
  select v.email into v_email
  from public.conversations c
  join public.visitors v on v.id = c.visitor_id and v.organization_id = c.organization_id
  where c.id = new.conversation_id and c.organization_id = new.organization_id and c.channel = 'web';
  if v_email is null then
    return null;
  end if;
  select o.id into v_pending
  from public.email_outbox o
  where o.organization_id = new.organization_id and o.kind = 'agent_reply' and o.status = 'pending'
    and o.payload ->> 'conversation_id' = new.conversation_id::text
  for update;
  if v_pending is not null then
    update public.email_outbox set not_before = now() + private.email_reply_delay() where id = v_pending;
  else
    perform private.enqueue_email(new.organization_id, 'agent_reply', 'agent_reply:' || new.id, v_email,
      pg_catalog.jsonb_build_object('conversation_id', new.conversation_id, 'since', new.created_at),
      now() + private.email_reply_delay());
  end if;
  return null;
end
$$;
create trigger messages_email_on_agent_reply after insert on public.messages
  for each row when (new.sender_type = 'agent' and not new.is_internal) execute function private.email_on_agent_reply();

revoke all on function private.enqueue_email(uuid, public.email_kind, text, text, jsonb, timestamptz),
  private.email_on_invitation(), private.email_on_escalation(), private.email_on_agent_reply(),
  private.email_reply_delay(), private.email_visitor_away()
  from public;

-- The visitor asks for the transcript (widget): sent to the address they left with us, never to
-- one typed into the request, so the widget cannot mail strangers. Idempotent per transcript
-- state: asking again without new messages enqueues nothing.
create function public.widget_request_transcript(p_session_token text) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  v_email text;
  v_last timestamptz;
begin
  s := private.widget_session(p_session_token);
  select v.email into v_email from public.visitors v where v.id = s.visitor_id and v.organization_id = s.organization_id;
  if v_email is null then
    raise exception 'leave your email first' using errcode = '22023';
  end if;
  select max(m.created_at) into v_last
  from public.messages m where m.conversation_id = s.conversation_id and m.organization_id = s.organization_id;
  perform private.enqueue_email(s.organization_id, 'transcript',
    'transcript:' || s.conversation_id || ':' || coalesce(extract(epoch from v_last)::text, '0'), v_email,
    pg_catalog.jsonb_build_object('conversation_id', s.conversation_id, 'until', coalesce(v_last, now())));
  return pg_catalog.jsonb_build_object('email', v_email);
end
$$;
comment on function public.widget_request_transcript(text) is
  'Widget: email the conversation''s transcript to the visitor''s own address (22023 without one; 28000 for a bad token).';
revoke all on function public.widget_request_transcript(text) from public;
grant execute on function public.widget_request_transcript(text) to anon;

-- What a template needs for one row, gathered at send time (the organization's current name and
-- branding, the ticket that the escalation created in the same transaction, the replies so far).
create function private.email_context(o public.email_outbox) returns jsonb
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

-- The sender's claim: rows due now (and rows whose sender crashed mid-send: lease lapsed), taken
-- with skip locked so concurrent senders never share a row. Rows that should no longer go out are
-- settled here instead: unsubscribed recipients, revoked invitations, and agent replies the
-- visitor has seen on the page meanwhile.
create function public.email_claim(p_limit integer default 20, p_lease_seconds integer default 120) returns jsonb
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

-- The sender's mark, right after each send: sent, or back to pending with backoff, or failed for
-- good (permanent refusal, or the eighth attempt). Only a row still leased to a sender changes.
create function public.email_mark(p_id uuid, p_sent boolean, p_provider_id text default null, p_error text default null,
  p_permanent boolean default false) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_changed integer;
begin
  update public.email_outbox o
  set status = case when p_sent then 'sent'::public.email_status
                    when p_permanent or o.attempts >= 8 then 'failed'::public.email_status
                    else 'pending'::public.email_status end,
      sent_at = case when p_sent then now() end,
      provider_id = case when p_sent then left(p_provider_id, 300) else o.provider_id end,
      last_error = case when p_sent then null else left(p_error, 500) end,
      not_before = case when p_sent then o.not_before
                        else now() + make_interval(secs => least(3600, 30 * power(2, greatest(o.attempts - 1, 0)))) end,
      lease_until = null
  where o.id = p_id and o.status = 'sending';
  get diagnostics v_changed = row_count;
  return v_changed = 1;
end
$$;
comment on function public.email_mark(uuid, boolean, text, text, boolean) is
  'email-sender (service role): record one send''s outcome; retries back off 30 s doubling to an hour, eight attempts.';

-- A signed unsubscribe link, checked by the email-sender function, lands here: that address gets
-- no more email of that kind from that organization, including rows already queued.
create function public.email_unsubscribe(p_org uuid, p_email text, p_kind public.email_kind) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.email_suppressions (organization_id, email, kind)
  values (p_org, lower(btrim(p_email)), p_kind)
  on conflict do nothing;
  update public.email_outbox
  set status = 'skipped', last_error = 'unsubscribed'
  where organization_id = p_org and recipient = lower(btrim(p_email)) and kind = p_kind and status = 'pending';
end
$$;
comment on function public.email_unsubscribe(uuid, text, public.email_kind) is
  'email-sender (service role): honour a verified unsubscribe link.';

revoke all on function public.email_claim(integer, integer), public.email_mark(uuid, boolean, text, text, boolean),
  public.email_unsubscribe(uuid, text, public.email_kind)
  from public, anon, authenticated;
grant execute on function public.email_claim(integer, integer), public.email_mark(uuid, boolean, text, text, boolean),
  public.email_unsubscribe(uuid, text, public.email_kind)
  to service_role;
