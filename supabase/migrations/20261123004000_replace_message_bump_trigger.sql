-- conversations.last_message_at was kept by a ROW trigger on messages: a 500-message ingest
-- batch ran 500 UPDATEs of the same conversation row (each a new row version to vacuum). A
-- STATEMENT trigger with a transition table does one UPDATE per conversation per statement, and
-- is the same thing for the single-row inserts of the widget, the chat function and the dashboard.
-- Like the row trigger it replaces, it runs after RLS and the composite foreign key accepted the
-- messages, so it only touches the messages' own conversations (matched on id and organization).

create function private.bump_conversations_last_message_at() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set last_message_at = n.last
  from (select conversation_id, organization_id, max(created_at) as last
        from new_rows group by 1, 2) n
  where c.id = n.conversation_id
    and c.organization_id = n.organization_id
    and (c.last_message_at is null or c.last_message_at < n.last);
  return null;
end
$$;
comment on function private.bump_conversations_last_message_at() is
  'AFTER INSERT statement trigger on messages: sets conversations.last_message_at to the latest new message, one update per conversation.';
revoke all on function private.bump_conversations_last_message_at() from public, anon, authenticated;

drop trigger messages_bump_conversation on public.messages;
drop function private.bump_conversation_last_message_at();

create trigger messages_bump_conversation after insert on public.messages
  referencing new table as new_rows
  for each statement execute function private.bump_conversations_last_message_at();
