-- The inbox's six views and the navigation badge, counted in one statement instead of seven
-- round trips. Security invoker: the conversations and conversation_reads policies decide what is
-- counted, so the figures are the active organization's (and the caller's own markers) only.
--
--   needs_reply          waiting_for_agent or needs_reply (the default view)
--   mine                 assigned to the caller, neither with the assistant nor resolved
--   unassigned           nobody assigned, waiting for the team
--   waiting_on_customer  with_agent: a person answered, the customer has not written since
--   resolved             resolved
--   all_conversations    every conversation in which the visitor wrote at least once
--   unread               open conversations (a person involved, not resolved) with a visitor
--                        message after the caller last opened them: the navigation badge
-- Conversations where the visitor never wrote are no inbox item and count nowhere.
create function public.inbox_counts()
returns table (
  needs_reply bigint, mine bigint, unassigned bigint, waiting_on_customer bigint,
  resolved bigint, all_conversations bigint, unread bigint
)
language sql
stable
security invoker
set search_path = ''
as $$
  select
    count(*) filter (where c.state in ('waiting_for_agent', 'needs_reply')),
    count(*) filter (where c.assignee_id = (select auth.jwt()) ->> 'sub' and c.state not in ('bot', 'resolved')),
    count(*) filter (where c.assignee_id is null and c.state in ('waiting_for_agent', 'needs_reply')),
    count(*) filter (where c.state = 'with_agent'),
    count(*) filter (where c.state = 'resolved'),
    count(*),
    count(*) filter (where c.state not in ('bot', 'resolved')
                       and c.last_visitor_message_at > coalesce(r.last_read_at, '-infinity'::timestamptz))
  from public.conversations c
  left join public.conversation_reads r on r.conversation_id = c.id and r.user_id = (select auth.jwt()) ->> 'sub'
  where c.last_visitor_message_at is not null
$$;
comment on function public.inbox_counts() is
  'Conversations per inbox view, and the caller''s unread open conversations, in the active organization (RLS applies).';
revoke all on function public.inbox_counts() from public, anon;
grant execute on function public.inbox_counts() to authenticated;
