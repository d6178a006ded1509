-- Deliveries of the Clerk webhook (Svix) already processed, so a replayed or retried delivery
-- changes nothing. Lives in `private`: PostgREST does not expose it, and only the security
-- definer sync function (owned by the migration role) reads or writes it.

create table private.clerk_webhook_deliveries (
  svix_id text primary key,
  event_type text not null,
  user_id text not null,
  result jsonb not null default '{}',
  processed_at timestamptz not null default now(),
  constraint clerk_webhook_deliveries_svix_id_length check (char_length(svix_id) between 1 and 200)
);
comment on table private.clerk_webhook_deliveries is
  'Svix message ids (svix-id header) of Clerk webhook deliveries already applied; the dedupe key of public.sync_clerk_user.';
comment on column private.clerk_webhook_deliveries.user_id is
  'Clerk user id the event was about; a processed user.deleted makes later created/updated events for it no-ops.';
comment on column private.clerk_webhook_deliveries.result is 'What the delivery did, returned again to a replay.';

create index clerk_webhook_deliveries_user_id_idx on private.clerk_webhook_deliveries (user_id, event_type);

-- Defense in depth: no API role has privileges or policies here.
alter table private.clerk_webhook_deliveries enable row level security;
revoke all on private.clerk_webhook_deliveries from public, anon, authenticated, service_role;
