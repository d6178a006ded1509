-- Agent replies from the dashboard: the message is signed by the signed-in member, and the
-- conversation records who joined and when (the widget shows "Alan joined").

-- A member's agent message always carries their own id: the transcript is an audit record,
-- so nobody posts as a colleague. Invoker rights, so current_user is the API role.
create function private.stamp_agent_sender() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user = 'authenticated' and new.sender_type = 'agent' then
    new.sender_id := auth.jwt() ->> 'sub';
  end if;
  return new;
end
$$;
comment on function private.stamp_agent_sender() is
  'BEFORE INSERT trigger on messages: an agent message written by a signed-in member gets sender_id = their Clerk user id.';
revoke all on function private.stamp_agent_sender() from public, anon, authenticated;

create trigger messages_stamp_agent_sender before insert on public.messages
  for each row execute function private.stamp_agent_sender();

-- The first agent reply visible to the visitor sets agent_name and agent_joined_at. Runs after
-- RLS and the composite foreign key accepted the message, so it only touches that conversation.
create function private.record_agent_join() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set agent_joined_at = new.created_at,
      agent_name = coalesce(c.agent_name,
        (select coalesce(nullif(split_part(btrim(u.name), ' ', 1), ''), split_part(u.email, '@', 1))
         from public.users u where u.id = new.sender_id),
        'Support')
  where c.id = new.conversation_id
    and c.organization_id = new.organization_id
    and c.agent_joined_at is null;
  return null;
end
$$;
comment on function private.record_agent_join() is
  'AFTER INSERT trigger on messages (agent, not internal): records agent_name (first name) and agent_joined_at on the conversation once.';
revoke all on function private.record_agent_join() from public, anon, authenticated;

create trigger messages_record_agent_join after insert on public.messages
  for each row when (new.sender_type = 'agent' and not new.is_internal)
  execute function private.record_agent_join();
