-- Signed outbound webhooks (issue 17): an organization's admins subscribe URLs to desk events;
-- every event is written to an outbox (public.webhook_deliveries) by a trigger in the same
-- transaction as the change, so a rolled-back change sends nothing and a committed one is never
-- lost. The `webhook-sender` Edge Function (pg_cron, like channel-sender) claims due rows, signs
-- them in the Standard Webhooks format with the endpoint's `whsec_` secret and records the
-- outcome; failures are retried with exponential backoff up to a maximum.
--
-- Secrets: generated here, returned once by the RPC that creates or rotates them, then kept in
-- private.webhook_secrets, which no role but the definer functions below can read. The endpoint
-- row only keeps a hint (the last four characters) for the dashboard.
set local lock_timeout = '5s';

create type public.webhook_event as enum (
  'conversation.created', 'conversation.escalated', 'message.created', 'ticket.resolved', 'csat.received');
create type public.webhook_delivery_status as enum ('pending', 'sending', 'succeeded', 'failed');

create table public.webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  url text not null,
  description text,
  events public.webhook_event[] not null,
  enabled boolean not null default true,
  secret_hint text not null,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  -- The sender refuses private and (in production) plain-http targets when it resolves the host;
  -- this only keeps obviously wrong values out.
  constraint webhook_endpoints_url_format check (url ~ '^https?://[^\s/?#@]+(/[^\s]*)?$' and char_length(url) <= 2000),
  constraint webhook_endpoints_description_length check (char_length(description) <= 200),
  constraint webhook_endpoints_events_present check (cardinality(events) between 1 and 10)
);
comment on table public.webhook_endpoints is 'URLs an organization''s admins subscribed to desk events; the signing secret is in private.webhook_secrets.';
comment on column public.webhook_endpoints.secret_hint is 'The last four characters of the current secret, so an admin can tell which one a receiver holds.';
comment on column public.webhook_endpoints.created_by is 'User id of the admin who added it; no foreign key, kept after they leave.';

create index webhook_endpoints_organization_idx on public.webhook_endpoints (organization_id);

create trigger webhook_endpoints_keep_organization_id before update on public.webhook_endpoints
  for each row execute function private.keep_organization_id();
create trigger webhook_endpoints_touch_updated_at before update on public.webhook_endpoints
  for each row execute function private.touch_updated_at();

alter table public.webhook_endpoints enable row level security;

-- Creating (which makes the secret) goes through public.create_webhook_endpoint; admins edit the
-- target, the events and the switch, and delete.
revoke all on public.webhook_endpoints from anon, authenticated;
grant select, delete on public.webhook_endpoints to authenticated;
grant update (url, description, events, enabled) on public.webhook_endpoints to authenticated;

-- select(webhook_endpoints): admins read their org's endpoints (integration settings, admins only)
create policy webhook_endpoints_select on public.webhook_endpoints for select to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- update(webhook_endpoints): admins change an endpoint's URL, events or switch
create policy webhook_endpoints_update on public.webhook_endpoints for update to authenticated
using (organization_id = (select private.org_with_role('admin')))
with check (organization_id = (select private.org_with_role('admin')));

-- delete(webhook_endpoints): admins remove an endpoint (its deliveries go with it)
create policy webhook_endpoints_delete on public.webhook_endpoints for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- The signing secrets. No policy and no grant: only the definer functions below touch it.
create table private.webhook_secrets (
  endpoint_id uuid not null,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  secret text not null,
  updated_at timestamptz not null default now(),
  primary key (endpoint_id, organization_id),
  foreign key (endpoint_id, organization_id) references public.webhook_endpoints (id, organization_id) on delete cascade,
  constraint webhook_secrets_format check (secret ~ '^whsec_[A-Za-z0-9+/]+=*$')
);
comment on table private.webhook_secrets is 'The whsec_ signing secret of each webhook endpoint; read only by the sender''s claim RPC.';
alter table private.webhook_secrets enable row level security;
revoke all on private.webhook_secrets from public, anon, authenticated, service_role;

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  endpoint_id uuid not null,
  event_type public.webhook_event not null,
  payload jsonb not null,
  status public.webhook_delivery_status not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at timestamptz default now(),
  locked_until timestamptz,
  response_status integer,
  response_excerpt text,
  error_message text,
  delivered_at timestamptz,
  redelivered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  foreign key (endpoint_id, organization_id) references public.webhook_endpoints (id, organization_id) on delete cascade,
  constraint webhook_deliveries_payload_object check (jsonb_typeof(payload) = 'object'),
  constraint webhook_deliveries_attempts_range check (attempts between 0 and 100),
  constraint webhook_deliveries_excerpt_length check (char_length(response_excerpt) <= 1000 and char_length(error_message) <= 1000)
);
comment on table public.webhook_deliveries is
  'The webhook outbox: one row per event and endpoint, written by triggers with the event; its id is the webhook-id header.';
comment on column public.webhook_deliveries.payload is
  'The JSON body sent: {type, timestamp, data: {organization_id and the ids of what changed}}; no message text or personal data.';
comment on column public.webhook_deliveries.response_excerpt is 'The first 500 characters of the receiver''s last answer, for the dashboard.';

create index webhook_deliveries_outbox_idx on public.webhook_deliveries (next_attempt_at) where status in ('pending', 'sending');
create index webhook_deliveries_endpoint_idx on public.webhook_deliveries (organization_id, endpoint_id, created_at desc);

create trigger webhook_deliveries_keep_organization_id before update on public.webhook_deliveries
  for each row execute function private.keep_organization_id();
create trigger webhook_deliveries_touch_updated_at before update on public.webhook_deliveries
  for each row execute function private.touch_updated_at();

alter table public.webhook_deliveries enable row level security;
-- Only the triggers, the sender and public.redeliver_webhook write deliveries.
revoke all on public.webhook_deliveries from anon, authenticated;
grant select on public.webhook_deliveries to authenticated;

-- select(webhook_deliveries): admins read their org's deliveries (receivers' answers may hold their data)
create policy webhook_deliveries_select on public.webhook_deliveries for select to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- A fresh secret: 24 random bytes, base64, with the Standard Webhooks prefix.
create function private.webhook_new_secret() returns text
language sql
volatile
set search_path = ''
as $$
  select 'whsec_' || pg_catalog.encode(extensions.gen_random_bytes(24), 'base64')
$$;
revoke all on function private.webhook_new_secret() from public, anon, authenticated;

-- An admin subscribes a URL; the answer carries the secret, which is never readable again.
create function public.create_webhook_endpoint(p_url text, p_events public.webhook_event[], p_description text default null)
returns table (id uuid, secret text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := private.org_with_role('admin');
  v_secret text := private.webhook_new_secret();
  v_id uuid;
begin
  if v_org is null then
    raise exception 'only admins and owners manage webhooks' using errcode = '42501';
  end if;
  if (select count(*) from public.webhook_endpoints e where e.organization_id = v_org) >= 20 then
    raise exception 'an organization has at most 20 webhook endpoints' using errcode = '54000';
  end if;
  insert into public.webhook_endpoints (organization_id, url, description, events, secret_hint, created_by)
  values (v_org, p_url, nullif(pg_catalog.btrim(p_description), ''),
    (select pg_catalog.array_agg(distinct e order by e) from pg_catalog.unnest(p_events) e),
    pg_catalog.right(v_secret, 4), (select auth.jwt() ->> 'sub'))
  returning webhook_endpoints.id into v_id;
  insert into private.webhook_secrets (endpoint_id, organization_id, secret) values (v_id, v_org, v_secret);
  return query select v_id, v_secret;
end
$$;
comment on function public.create_webhook_endpoint(text, public.webhook_event[], text) is
  'Admins: subscribes a URL to events and returns its whsec_ secret, shown once.';
revoke all on function public.create_webhook_endpoint(text, public.webhook_event[], text) from public, anon;
grant execute on function public.create_webhook_endpoint(text, public.webhook_event[], text) to authenticated;

-- A new secret at once (the old one stops signing): for a leaked secret or a receiver's rotation.
create function public.rotate_webhook_secret(p_endpoint uuid) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := private.org_with_role('admin');
  v_secret text := private.webhook_new_secret();
begin
  if v_org is null then
    raise exception 'only admins and owners manage webhooks' using errcode = '42501';
  end if;
  update private.webhook_secrets s set secret = v_secret, updated_at = now()
  where s.endpoint_id = p_endpoint and s.organization_id = v_org;
  if not found then
    raise exception 'no such webhook endpoint in your organization' using errcode = 'P0002';
  end if;
  update public.webhook_endpoints e set secret_hint = pg_catalog.right(v_secret, 4)
  where e.id = p_endpoint and e.organization_id = v_org;
  return v_secret;
end
$$;
comment on function public.rotate_webhook_secret(uuid) is 'Admins: replaces an endpoint''s secret and returns the new one, shown once.';
revoke all on function public.rotate_webhook_secret(uuid) from public, anon;
grant execute on function public.rotate_webhook_secret(uuid) to authenticated;

-- "Redeliver": the same delivery (same webhook-id, so receivers can deduplicate) sent again now,
-- with a fresh series of attempts.
create function public.redeliver_webhook(p_delivery uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := private.org_with_role('admin');
begin
  if v_org is null then
    raise exception 'only admins and owners redeliver webhooks' using errcode = '42501';
  end if;
  update public.webhook_deliveries d
  set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null, redelivered_at = now()
  where d.id = p_delivery and d.organization_id = v_org and d.status <> 'sending';
  if not found then
    raise exception 'no such delivery in your organization, or it is being sent right now' using errcode = 'P0002';
  end if;
end
$$;
comment on function public.redeliver_webhook(uuid) is 'Admins: queues a delivery again, with the same id and body.';
revoke all on function public.redeliver_webhook(uuid) from public, anon;
grant execute on function public.redeliver_webhook(uuid) to authenticated;

-- The outbox writer: one delivery per enabled endpoint of the organization subscribed to the event.
-- Called by the triggers below and, once CSAT lands, by its trigger with 'csat.received'.
create function private.webhook_enqueue(p_org uuid, p_type public.webhook_event, p_data jsonb) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.webhook_deliveries (organization_id, endpoint_id, event_type, payload)
  select p_org, e.id, p_type,
    pg_catalog.jsonb_build_object('type', p_type, 'timestamp',
      pg_catalog.to_char(pg_catalog.clock_timestamp() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', pg_catalog.jsonb_build_object('organization_id', p_org) || p_data)
  from public.webhook_endpoints e
  where e.organization_id = p_org and e.enabled and p_type = any (e.events);
end
$$;
comment on function private.webhook_enqueue(uuid, public.webhook_event, jsonb) is
  'Writes the outbox rows of one event, in the transaction of the change that caused it.';
revoke all on function private.webhook_enqueue(uuid, public.webhook_event, jsonb) from public, anon, authenticated;

create function private.webhook_on_conversation() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.webhook_enqueue(new.organization_id, 'conversation.created',
      pg_catalog.jsonb_build_object('conversation_id', new.id, 'channel', new.channel));
  end if;
  -- entering the team's queue is the escalation, from the assistant or by the visitor's request
  if new.state = 'waiting_for_agent' and (tg_op = 'INSERT' or old.state is distinct from new.state) then
    perform private.webhook_enqueue(new.organization_id, 'conversation.escalated',
      pg_catalog.jsonb_build_object('conversation_id', new.id));
  end if;
  return null;
end
$$;
revoke all on function private.webhook_on_conversation() from public, anon, authenticated;

-- AFTER triggers on every row (no `update of`: the lifecycle sets state in BEFORE triggers).
create trigger conversations_webhook_created after insert on public.conversations
  for each row execute function private.webhook_on_conversation();
create trigger conversations_webhook_escalated after update on public.conversations
  for each row when (old.state is distinct from new.state and new.state = 'waiting_for_agent')
  execute function private.webhook_on_conversation();

create function private.webhook_on_message() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.webhook_enqueue(new.organization_id, 'message.created',
    pg_catalog.jsonb_build_object('conversation_id', new.conversation_id, 'message_id', new.id, 'sender_type', new.sender_type));
  return null;
end
$$;
revoke all on function private.webhook_on_message() from public, anon, authenticated;

-- internal notes stay inside the team
create trigger messages_webhook_created after insert on public.messages
  for each row when (not new.is_internal)
  execute function private.webhook_on_message();

create function private.webhook_on_ticket() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.webhook_enqueue(new.organization_id, 'ticket.resolved',
    pg_catalog.jsonb_build_object('ticket_id', new.id, 'ticket_ref', new.ref, 'conversation_id', new.conversation_id));
  return null;
end
$$;
revoke all on function private.webhook_on_ticket() from public, anon, authenticated;

create trigger tickets_webhook_resolved after update on public.tickets
  for each row when (new.status = 'resolved' and old.status is distinct from new.status)
  execute function private.webhook_on_ticket();

-- The sender claims due rows under a two-minute lease (a crashed sender's rows come back), with
-- the endpoint's URL and secret. Rows of a disabled or deleted endpoint are not sent.
create function public.webhook_outbox_claim(p_limit integer) returns table (
  delivery_id uuid, organization_id uuid, endpoint_id uuid, url text, secret text, payload jsonb, attempts integer)
language plpgsql
security definer
set search_path = ''
as $$
begin
  return query
    with due as (
      select d.id from public.webhook_deliveries d
      join public.webhook_endpoints e on e.id = d.endpoint_id and e.organization_id = d.organization_id
      where e.enabled
        and ((d.status = 'pending' and d.next_attempt_at <= now()) or (d.status = 'sending' and d.locked_until < now()))
      order by d.next_attempt_at
      limit least(greatest(p_limit, 1), 100)
      for update of d skip locked
    ), claimed as (
      update public.webhook_deliveries d
      set status = 'sending', attempts = d.attempts + 1, locked_until = now() + interval '2 minutes'
      from due where d.id = due.id
      returning d.*
    )
    select c.id, c.organization_id, c.endpoint_id, e.url, s.secret, c.payload, c.attempts
    from claimed c
    join public.webhook_endpoints e on e.id = c.endpoint_id and e.organization_id = c.organization_id
    join private.webhook_secrets s on s.endpoint_id = c.endpoint_id and s.organization_id = c.organization_id;
end
$$;
revoke all on function public.webhook_outbox_claim(integer) from public, anon, authenticated;
grant execute on function public.webhook_outbox_claim(integer) to service_role;

-- The outcome of one attempt. A failure is retried after 30 s, 2 min, 8 min, 32 min, ~2 h
-- (30 s · 4^(attempts-1)) until six attempts are spent, unless p_retry is false (a refused URL).
create function public.webhook_outbox_mark(p_delivery uuid, p_ok boolean, p_response_status integer,
  p_response_excerpt text, p_error text, p_retry boolean) returns public.webhook_delivery_status
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status public.webhook_delivery_status;
begin
  update public.webhook_deliveries d
  set status = case when p_ok then 'succeeded'
                    when p_retry and d.attempts < 6 then 'pending'
                    else 'failed' end::public.webhook_delivery_status,
      response_status = p_response_status,
      response_excerpt = pg_catalog.left(p_response_excerpt, 500),
      error_message = case when p_ok then null else pg_catalog.left(p_error, 1000) end,
      delivered_at = case when p_ok then now() else d.delivered_at end,
      next_attempt_at = case when not p_ok and p_retry and d.attempts < 6
                             then now() + pg_catalog.make_interval(secs => 30 * pg_catalog.power(4, d.attempts - 1)) end,
      locked_until = null
  where d.id = p_delivery and d.status = 'sending'
  returning d.status into v_status;
  return v_status;
end
$$;
revoke all on function public.webhook_outbox_mark(uuid, boolean, integer, text, text, boolean) from public, anon, authenticated;
grant execute on function public.webhook_outbox_mark(uuid, boolean, integer, text, text, boolean) to service_role;

-- Every minute, pg_cron has pg_net POST to the `webhook-sender` Edge Function with the cron
-- secret, as for the channel sender; locally `npm run dev` calls it on a timer.
do $$
begin
  if exists (select from pg_available_extensions where name = 'pg_cron')
     and exists (select from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_cron;
    create extension if not exists pg_net with schema extensions;
    perform cron.schedule('deliver-webhooks', '* * * * *', $job$
      select net.http_post(
        url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/webhook-sender',
        headers := jsonb_build_object(
          'Content-Type', 'application/json',
          'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'cron_secret')),
        body := '{}'::jsonb,
        timeout_milliseconds := 55000)
    $job$);
  end if;
end
$$;
