-- Unread per conversation for each member: a read marker per (member, conversation), moved
-- forward when the member opens the conversation (or its ticket). What arrived since is unread.
-- A marker is private to its member: nobody else in the organization reads or moves it.
set local lock_timeout = '5s';

create table public.conversation_reads (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  conversation_id uuid not null,
  user_id text not null default (auth.jwt() ->> 'sub'),
  last_read_at timestamptz not null default now(),
  -- the tenant column in the key, as every tenant table's (pgTAP 01 and 80)
  primary key (conversation_id, organization_id, user_id),
  -- composite keys: a marker can neither point at another organization's conversation nor name
  -- someone who is not a member of the conversation's organization
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id) on delete cascade,
  foreign key (organization_id, user_id) references public.organization_members (organization_id, user_id) on delete cascade
);
comment on table public.conversation_reads is
  'When each member last opened each conversation; the visitor messages after last_read_at are unread for them.';

-- the per-member lookups: the badge counts one member's markers in one organization
create index conversation_reads_organization_id_user_id_idx on public.conversation_reads (organization_id, user_id);

create trigger conversation_reads_keep_organization_id before update on public.conversation_reads
  for each row execute function private.keep_organization_id();

alter table public.conversation_reads enable row level security;

-- select(conversation_reads): a member reads only their own markers, in their active organization
create policy conversation_reads_select on public.conversation_reads for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- insert(conversation_reads): a member (viewers read conversations too) marks a conversation read for themself
create policy conversation_reads_insert on public.conversation_reads for insert to authenticated
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- update(conversation_reads): a member moves only their own marker
create policy conversation_reads_update on public.conversation_reads for update to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'))
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- delete(conversation_reads): a member forgets only their own marker (marks it unread again)
create policy conversation_reads_delete on public.conversation_reads for delete to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- exactly what the policies need: only the timestamp moves, a marker never changes hands
revoke all on table public.conversation_reads from anon, authenticated;
grant select, insert, delete on table public.conversation_reads to authenticated;
grant update (last_read_at) on table public.conversation_reads to authenticated;

-- Opening a conversation: the caller's marker moves to now (never backwards). Security invoker,
-- so the conversation must be visible to the caller and the policies above decide the write.
create function public.mark_conversation_read(p_conversation_id uuid)
returns timestamptz
language sql
volatile
security invoker
set search_path = ''
as $$
  insert into public.conversation_reads as r (organization_id, conversation_id, user_id, last_read_at)
  select c.organization_id, c.id, (select auth.jwt()) ->> 'sub', now()
  from public.conversations c
  where c.id = p_conversation_id
  on conflict (conversation_id, organization_id, user_id) do update set last_read_at = greatest(r.last_read_at, excluded.last_read_at)
  returning r.last_read_at
$$;
comment on function public.mark_conversation_read(uuid) is
  'Marks a conversation read for the calling member; null when the conversation is not visible to them.';
revoke all on function public.mark_conversation_read(uuid) from public, anon;
grant execute on function public.mark_conversation_read(uuid) to authenticated;

-- Unread for the caller: visitor messages after their marker (all of them before the first open).
-- A computed column for PostgREST (`select=id,unread_count`), so a list gets it in the same query.
-- Only the customer's messages count: the assistant's and colleagues' replies are not "new" work.
create function public.unread_count(c public.conversations)
returns integer
language sql
stable
security invoker
set search_path = ''
as $$
  select count(*)::integer
  from public.messages m
  where m.conversation_id = c.id
    and m.organization_id = c.organization_id
    and m.sender_type = 'visitor'
    and m.created_at > coalesce(
      (select r.last_read_at from public.conversation_reads r
       where r.conversation_id = c.id and r.user_id = (select auth.jwt()) ->> 'sub'),
      '-infinity'::timestamptz)
$$;
comment on function public.unread_count(public.conversations) is
  'Visitor messages in the conversation the calling member has not seen (RLS applies to both tables).';
revoke all on function public.unread_count(public.conversations) from public, anon;
grant execute on function public.unread_count(public.conversations) to authenticated;
