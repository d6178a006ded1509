-- Transcripts are append-only for people.
--
-- Until now any agent could update any message of their organization: rewrite a visitor's words,
-- change who sent a reply, move it in time or turn an internal note into a visible reply. No
-- screen edits messages (the dashboard only appends replies and notes), so editing goes rather
-- than being fenced with a time window and an edit history: authenticated keeps no UPDATE
-- privilege on messages at all. Trusted server code (definer functions, the service role, the
-- ingest role) is unchanged.
--
-- What a member appends is theirs and now: an authenticated insert is an agent message (a member
-- cannot post as the visitor, the AI or the system), signed with the token's sub (as before) and
-- stamped with the current time (no back-dated or future replies).
--
-- Admins keep DELETE (removing personal data a visitor pasted into a chat); that removes a row,
-- it does not make the transcript say something else.

revoke update on public.messages from authenticated;
drop policy messages_update on public.messages;

-- insert(messages): agents append their own agent messages and notes in their active org
drop policy messages_insert on public.messages;
create policy messages_insert on public.messages for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')) and sender_type = 'agent');

-- Invoker rights: the WHEN clause limits it to members (current_user is the API role).
create or replace function private.stamp_agent_sender() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.sender_id := auth.jwt() ->> 'sub';
  new.created_at := now();
  return new;
end
$$;
comment on function private.stamp_agent_sender() is
  'BEFORE INSERT trigger on messages, for members only: sender_id = their Clerk user id, created_at = now().';

drop trigger messages_stamp_agent_sender on public.messages;
create trigger messages_stamp_agent_sender before insert on public.messages
  for each row when (current_user = 'authenticated')
  execute function private.stamp_agent_sender();
