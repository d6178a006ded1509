-- Live updates: a change to messages, conversations or tickets tells the organization's topic
-- (`org:<id>`: the queue, the ticket list, the counts) and the conversation's topic
-- (`conversation:<id>`: an open thread) in the same transaction, through realtime.send, so a
-- rolled-back change is never announced. Events carry ids and kinds only: a client refetches what
-- it shows through PostgREST, where RLS decides as for every read, so an event can never reveal
-- more than its receiver could read anyway. Statement triggers with transition tables send one
-- event per organization and per conversation however many rows a statement writes (an ingest
-- batch of 500 messages is one event per conversation, not 500).
set local lock_timeout = '5s';

create function private.broadcast_messages_created() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(jsonb_build_object('conversation_ids', ids), 'messages_created', 'org:' || organization_id, true)
  from (select organization_id, jsonb_agg(distinct conversation_id) as ids from new_rows group by organization_id) per_org;
  perform realtime.send(jsonb_build_object('conversation_id', conversation_id, 'message_ids', ids, 'sender_types', kinds),
                        'messages_created', 'conversation:' || conversation_id, true)
  from (select conversation_id, jsonb_agg(id order by created_at, id) as ids, jsonb_agg(distinct sender_type) as kinds
        from new_rows group by conversation_id) per_conversation;
  return null;
end
$$;
revoke all on function private.broadcast_messages_created() from public, anon, authenticated;

create trigger messages_broadcast after insert on public.messages
  referencing new table as new_rows
  for each statement execute function private.broadcast_messages_created();

-- Only changes a person would see: the bump of last_message_at (and last_visitor_message_at) that
-- every new message causes is already announced as messages_created. A new conversation is announced by its first message.
create function private.broadcast_conversations_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(jsonb_build_object('conversation_ids', ids), 'conversations_changed', 'org:' || organization_id, true)
  from (select n.organization_id, jsonb_agg(n.id) as ids
        from new_rows n join old_rows o on o.id = n.id
        where (to_jsonb(n) - 'last_message_at' - 'last_visitor_message_at' - 'updated_at') is distinct from (to_jsonb(o) - 'last_message_at' - 'last_visitor_message_at' - 'updated_at')
        group by n.organization_id) per_org;
  perform realtime.send(jsonb_build_object('conversation_id', n.id), 'conversation_changed', 'conversation:' || n.id, true)
  from new_rows n join old_rows o on o.id = n.id
  where (to_jsonb(n) - 'last_message_at' - 'last_visitor_message_at' - 'updated_at') is distinct from (to_jsonb(o) - 'last_message_at' - 'last_visitor_message_at' - 'updated_at');
  return null;
end
$$;
revoke all on function private.broadcast_conversations_changed() from public, anon, authenticated;

create trigger conversations_broadcast after update on public.conversations
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.broadcast_conversations_changed();

create function private.broadcast_tickets_changed() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(jsonb_build_object('ticket_ids', ids), 'tickets_changed', 'org:' || organization_id, true)
  from (select organization_id, jsonb_agg(id) as ids from new_rows group by organization_id) per_org;
  perform realtime.send(jsonb_build_object('ticket_id', id, 'ref', ref), 'ticket_changed', 'conversation:' || conversation_id, true)
  from new_rows
  where conversation_id is not null;
  return null;
end
$$;
revoke all on function private.broadcast_tickets_changed() from public, anon, authenticated;

create trigger tickets_broadcast_insert after insert on public.tickets
  referencing new table as new_rows
  for each statement execute function private.broadcast_tickets_changed();
create trigger tickets_broadcast_update after update on public.tickets
  referencing new table as new_rows
  for each statement execute function private.broadcast_tickets_changed();
