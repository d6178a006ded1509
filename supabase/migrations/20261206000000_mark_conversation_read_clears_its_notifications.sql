-- Opening a conversation marks it read, and with it the caller's notifications about it: the bell
-- stops counting an escalation or a visitor reply the member has just seen in the thread, however
-- they reached it (the bell, the inbox, a ticket, a link in an email). Security invoker: RLS on
-- notifications limits the update to the caller's own rows in the active organization.
create or replace function public.mark_conversation_read(p_conversation_id uuid)
returns timestamptz
language sql
volatile
security invoker
set search_path = ''
as $$
  -- a data-modifying CTE runs to completion whether or not the insert reads it
  with read_notifications as (
    update public.notifications set read_at = now()
    where conversation_id = p_conversation_id and user_id = (select auth.jwt()) ->> 'sub' and read_at is null
  )
  insert into public.conversation_reads as r (organization_id, conversation_id, user_id, last_read_at)
  select c.organization_id, c.id, (select auth.jwt()) ->> 'sub', now()
  from public.conversations c
  where c.id = p_conversation_id
  on conflict (conversation_id, organization_id, user_id) do update set last_read_at = greatest(r.last_read_at, excluded.last_read_at)
  returning r.last_read_at;
$$;
comment on function public.mark_conversation_read(uuid) is
  'Marks a conversation read for the calling member, and their notifications about it; null when the conversation is not visible to them.';
