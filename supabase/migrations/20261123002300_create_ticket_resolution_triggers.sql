-- Resolving a ticket records who and when, and resolves its conversation with it.

-- resolved_at / resolved_by follow the status: set when a ticket enters resolved or closed
-- (by the signed-in member, whatever the client sent), kept while it stays there, cleared on
-- reopening. Invoker rights, so current_user is the API role.
create function private.stamp_ticket_resolution() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  done constant public.ticket_status[] := '{resolved,closed}';
begin
  if new.status = any (done) then
    if old.status = any (done) then
      new.resolved_at := old.resolved_at;
      new.resolved_by := old.resolved_by;
    elsif current_user = 'authenticated' then
      new.resolved_at := now();
      new.resolved_by := auth.jwt() ->> 'sub';
    else
      -- trusted server code (service role, migrations) may say who resolved it, e.g. 'ai'
      new.resolved_at := coalesce(new.resolved_at, now());
    end if;
  else
    new.resolved_at := null;
    new.resolved_by := null;
  end if;
  return new;
end
$$;
comment on function private.stamp_ticket_resolution() is
  'BEFORE UPDATE trigger on tickets: resolved_at/resolved_by are set on entering resolved/closed (by the caller), kept there, cleared on reopening.';
revoke all on function private.stamp_ticket_resolution() from public, anon, authenticated;

create trigger tickets_stamp_resolution before update of status, resolved_at, resolved_by on public.tickets
  for each row execute function private.stamp_ticket_resolution();

-- The ticket's conversation follows: resolved and closed with it, open again when it reopens.
create function private.sync_conversation_resolution() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.conversations c
  set is_resolved = new.resolved_at is not null,
      resolved_at = new.resolved_at,
      resolved_by = new.resolved_by,
      status = case when new.resolved_at is not null then 'closed' else 'open' end::public.conversation_status
  where c.id = new.conversation_id
    and c.organization_id = new.organization_id;
  return null;
end
$$;
comment on function private.sync_conversation_resolution() is
  'AFTER UPDATE trigger on tickets: mirrors the resolution onto the ticket''s conversation (is_resolved, resolved_at, resolved_by, status).';
revoke all on function private.sync_conversation_resolution() from public, anon, authenticated;

create trigger tickets_sync_conversation_resolution after update of status on public.tickets
  for each row when (old.resolved_at is distinct from new.resolved_at and new.conversation_id is not null)
  execute function private.sync_conversation_resolution();
