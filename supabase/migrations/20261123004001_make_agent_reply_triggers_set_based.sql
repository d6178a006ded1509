-- The agent reply triggers of messages (20261123002200) cost ~0.5 ms per agent message of an
-- ingest batch: a row trigger function call to stamp sender_id (a no-op unless a signed-in member
-- writes) and a row trigger UPDATE of the conversation (a no-op after the first agent reply).
-- Same behaviour, cheaper:
-- - the stamp only fires for members' agent messages (the WHEN clause is checked without a call);
-- - the join is recorded by a statement trigger, one UPDATE per statement: from the earliest
--   visible agent message of each conversation that has no agent yet (a single-row insert, as the
--   dashboard makes, behaves exactly as before).

drop trigger messages_stamp_agent_sender on public.messages;
create trigger messages_stamp_agent_sender before insert on public.messages
  for each row when (new.sender_type = 'agent' and current_user = 'authenticated')
  execute function private.stamp_agent_sender();

create function private.record_agent_joins() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set agent_joined_at = j.created_at,
      agent_name = coalesce(c.agent_name,
        (select coalesce(nullif(split_part(btrim(u.name), ' ', 1), ''), split_part(u.email, '@', 1))
         from public.users u where u.id = j.sender_id),
        'Support')
  from (select distinct on (conversation_id, organization_id) conversation_id, organization_id, created_at, sender_id
        from new_rows where sender_type = 'agent' and not is_internal
        order by conversation_id, organization_id, created_at) j
  where c.id = j.conversation_id
    and c.organization_id = j.organization_id
    and c.agent_joined_at is null;
  return null;
end
$$;
comment on function private.record_agent_joins() is
  'AFTER INSERT statement trigger on messages: the first visible agent reply of a conversation records agent_name (first name) and agent_joined_at, once.';
revoke all on function private.record_agent_joins() from public, anon, authenticated;

drop trigger messages_record_agent_join on public.messages;
drop function private.record_agent_join();
create trigger messages_record_agent_join after insert on public.messages
  referencing new table as new_rows
  for each statement execute function private.record_agent_joins();
