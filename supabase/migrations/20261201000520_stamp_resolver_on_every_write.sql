-- resolved_by is the audit record of who closed a case; a member must not be able to name someone
-- else. Tickets stamped it only on UPDATE, so an insert could carry any resolver; conversations did
-- not stamp it at all (any agent could set or change resolved_by directly). Now both tables stamp
-- it on insert and update from the token's sub whenever a member (current_user = authenticated)
-- writes, ignoring the supplied value. Trusted code (definer functions, service role, ingest) may
-- still name the resolver, e.g. 'ai' or 'api'; the ticket-to-conversation sync runs as the definer,
-- so a conversation resolved through its ticket keeps the ticket's resolver.

-- Tickets: the existing function, also for INSERT (there is no old row, so the resolution is new).
create or replace function private.stamp_ticket_resolution() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  done constant public.ticket_status[] := '{resolved,closed}';
begin
  if new.status = any (done) then
    if tg_op = 'UPDATE' and old.status = any (done) then
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
  'BEFORE INSERT/UPDATE trigger on tickets: resolved_at/resolved_by are set on entering resolved/closed (by the caller), kept there, cleared otherwise.';

create trigger tickets_stamp_resolution_on_insert before insert on public.tickets
  for each row execute function private.stamp_ticket_resolution();

-- Conversations: the same rule on is_resolved, for members' writes only (the WHEN clause), so the
-- widget, ingest and ticket-sync paths keep what they write.
create function private.stamp_conversation_resolution() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.is_resolved then
    if tg_op = 'UPDATE' and old.is_resolved then
      new.resolved_at := old.resolved_at;
      new.resolved_by := old.resolved_by;
    else
      new.resolved_at := now();
      new.resolved_by := auth.jwt() ->> 'sub';
    end if;
  else
    new.resolved_at := null;
    new.resolved_by := null;
  end if;
  return new;
end
$$;
comment on function private.stamp_conversation_resolution() is
  'BEFORE INSERT/UPDATE trigger on conversations, for members only: resolved_at/resolved_by follow is_resolved and name the caller.';
revoke all on function private.stamp_conversation_resolution() from public, anon, authenticated;

create trigger conversations_stamp_resolution before insert or update on public.conversations
  for each row when (current_user = 'authenticated')
  execute function private.stamp_conversation_resolution();
