-- Conversation summaries, written by the `summarize` Edge Function (cron, or an admin's button).
--
-- The job works one organization at a time, inside that organization's scope: the two functions
-- it calls are security definer functions OWNED BY concierge_jobs, a role without BYPASSRLS whose
-- policies admit only the organization the function was asked for (GUC concierge.job_org, set by
-- the function itself after checking the caller). The cron calls them with the service role; an
-- admin calls them with their own token, for their active organization only.

-- This alters tables already in use: wait at most 5s for their lock rather than queue every query behind us.
set local lock_timeout = '5s';

alter table public.conversations add column summarized_at timestamptz;
comment on column public.conversations.summarized_at is
  'When the summarize job wrote summary; null for summaries written by people or imported. A conversation that got messages '
  'after this is summarized again.';

-- Finished and not (freshly) summarized: what the job looks for, per organization.
create index conversations_summary_due_idx on public.conversations (organization_id, last_message_at)
  where summary is null or summarized_at is not null;

do $$
begin
  if not exists (select from pg_roles where rolname = 'concierge_jobs') then
    create role concierge_jobs nologin noinherit;
  end if;
end
$$;
comment on role concierge_jobs is
  'Owner of the summary job functions; no login, no BYPASSRLS: its reads and writes are confined by RLS to one organization per call.';
grant concierge_jobs to current_user;
grant usage on schema public, private to concierge_jobs;
grant select on public.conversations, public.messages to concierge_jobs;
grant update (summary, summarized_at) on public.conversations to concierge_jobs;

create function private.job_org() returns uuid
language plpgsql
stable
set search_path = ''
as $$
begin
  return nullif(pg_catalog.current_setting('concierge.job_org', true), '')::uuid;
end
$$;
comment on function private.job_org() is 'Policy helper for concierge_jobs: the organization the current job call works for (GUC concierge.job_org).';

-- The caller may act for p_org: the service role (cron), or an admin whose active organization it is.
create function private.job_authorize(p_org uuid) returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if p_org is null then
    raise exception 'organization is required' using errcode = '22023';
  end if;
  if coalesce(auth.role(), '') <> 'service_role' and p_org is distinct from private.org_with_role('admin') then
    raise exception 'only admins of the active organization can run its summaries' using errcode = '42501';
  end if;
end
$$;
comment on function private.job_authorize(uuid) is 'Raises 42501 unless the caller is the service role or an admin of p_org (active organization).';

revoke all on function private.job_org(), private.job_authorize(uuid) from public, anon, authenticated, service_role;
grant execute on function private.job_org(), private.job_authorize(uuid) to concierge_jobs;

-- select(conversations): the job role reads the conversations of the organization it works for
create policy conversations_select_jobs on public.conversations for select to concierge_jobs
using (organization_id = (select private.job_org()));
-- update(conversations): the job role writes summaries in the organization it works for
create policy conversations_update_jobs on public.conversations for update to concierge_jobs
using (organization_id = (select private.job_org()))
with check (organization_id = (select private.job_org()));
-- select(messages): the job role reads the messages of the organization it works for
create policy messages_select_jobs on public.messages for select to concierge_jobs
using (organization_id = (select private.job_org()));

-- The organization a signed-in admin may run summaries for: their active one.
create function public.summary_scope() returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  org uuid := private.org_with_role('admin');
begin
  if org is null then
    raise exception 'only admins of the active organization can run its summaries' using errcode = '42501';
  end if;
  return org;
end
$$;
comment on function public.summary_scope() is 'Summary job, admin button: the caller''s active organization if they are an admin of it; 42501 otherwise.';

-- Organizations with work to do (ids only): the cron's list. Service role only.
create function public.summary_organizations(p_idle_minutes integer default 30) returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct c.organization_id from public.conversations c
  where (c.summary is null or c.summarized_at is not null)
    and (c.is_resolved or c.status = 'closed' or c.last_message_at < now() - make_interval(mins => greatest(p_idle_minutes, 1)))
    and (c.summary is null or c.last_message_at > c.summarized_at)
    and c.last_message_at is not null
$$;
comment on function public.summary_organizations(integer) is
  'Summary cron (service role): ids of organizations with finished conversations (resolved, closed or idle p_idle_minutes) lacking a current summary.';

-- Finished conversations of one organization lacking a current summary (all finished ones with
-- p_force), newest first, with their visible transcript.
create function public.summary_candidates(p_org uuid, p_limit integer default 20, p_idle_minutes integer default 30,
  p_force boolean default false)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform private.job_authorize(p_org);
  perform pg_catalog.set_config('concierge.job_org', p_org::text, true);
  return coalesce((
    select jsonb_agg(jsonb_build_object('id', c.id, 'is_resolved', c.is_resolved, 'is_escalated', c.is_escalated,
      'escalated_reason', c.escalated_reason, 'messages', (
        select coalesce(jsonb_agg(jsonb_build_object('sender_type', m.sender_type, 'body', m.body) order by m.created_at, m.id), '[]')
        from (select * from public.messages m
              where m.conversation_id = c.id and m.organization_id = c.organization_id
                and not m.is_internal and m.sender_type in ('visitor', 'ai', 'agent')
              order by m.created_at, m.id limit 100) m))
      order by c.last_message_at desc)
    from (select * from public.conversations c
          where (c.is_resolved or c.status = 'closed' or c.last_message_at < now() - make_interval(mins => greatest(p_idle_minutes, 1)))
            and c.last_message_at is not null
            and (p_force or c.summary is null or (c.summarized_at is not null and c.last_message_at > c.summarized_at))
          order by c.last_message_at desc
          limit least(greatest(coalesce(p_limit, 20), 1), 100)) c), '[]'::jsonb);
end
$$;
comment on function public.summary_candidates(uuid, integer, integer, boolean) is
  'Summary job: up to p_limit finished conversations of p_org without a current summary (any finished one with p_force), newest first, '
  'as [{id, is_resolved, is_escalated, escalated_reason, messages: [{sender_type, body}]}] (visible messages, first 100). '
  'Service role, or an admin for their active organization. Errors: 42501 not allowed, 22023 no organization.';

create function public.store_summary(p_org uuid, p_conversation_id uuid, p_summary text, p_force boolean default false)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform private.job_authorize(p_org);
  perform pg_catalog.set_config('concierge.job_org', p_org::text, true);
  if p_summary is null or char_length(btrim(p_summary)) not between 1 and 2000 then
    raise exception 'summary must be 1 to 2000 characters' using errcode = '22023';
  end if;
  update public.conversations c
  set summary = btrim(p_summary), summarized_at = now()
  where c.id = p_conversation_id
    and (p_force or c.summary is null or (c.summarized_at is not null and c.last_message_at > c.summarized_at));
  return found;
end
$$;
comment on function public.store_summary(uuid, uuid, text, boolean) is
  'Summary job: write a conversation''s summary unless it already has a current one (p_force overwrites). Returns whether it was written; '
  'a conversation of another organization is never found. Service role, or an admin for their active organization.';

revoke all on function public.summary_scope(), public.summary_organizations(integer), public.summary_candidates(uuid, integer, integer, boolean),
  public.store_summary(uuid, uuid, text, boolean)
  from public, anon, authenticated, service_role;

-- The two per-organization functions run as concierge_jobs (see the header; CREATE on the schema
-- only for the ownership change).
grant create on schema public to concierge_jobs;
alter function public.summary_candidates(uuid, integer, integer, boolean) owner to concierge_jobs;
alter function public.store_summary(uuid, uuid, text, boolean) owner to concierge_jobs;
revoke create on schema public from concierge_jobs;
revoke all on function public.summary_candidates(uuid, integer, integer, boolean), public.store_summary(uuid, uuid, text, boolean) from public;

grant execute on function public.summary_organizations(integer) to service_role;
grant execute on function public.summary_scope() to authenticated;
grant execute on function public.summary_candidates(uuid, integer, integer, boolean), public.store_summary(uuid, uuid, text, boolean)
  to service_role, authenticated;
