-- Private Realtime channels (Broadcast and Presence) are authorized by RLS on realtime.messages:
-- on join, Realtime checks as the member's token whether a row of the channel's topic would be
-- visible (select), and on a client's first send or presence track whether it could be written
-- (insert). Topics name what they carry: `org:<organization id>` (the queue, ticket lists, counts)
-- and `conversation:<conversation id>` (a thread, its typing and who is viewing it). A member
-- hears only topics of the organization active in their token, through the same tenancy helper
-- as every other policy; visitors have no token and never join a private channel.
set local lock_timeout = '5s';

-- The organization a topic belongs to, or null for a topic of no organization. Definer: the
-- conversation's organization is compared with the caller's active one, never returned to them.
create function private.realtime_topic_organization_id() returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  topic text := realtime.topic();
  uuid_pattern constant text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
  subject text;
  org uuid;
begin
  if topic like 'org:%' then
    subject := substr(topic, 5);
    if subject ~ uuid_pattern then
      return subject::uuid;
    end if;
  elsif topic like 'conversation:%' then
    subject := substr(topic, 14);
    if subject ~ uuid_pattern then
      select c.organization_id into org from public.conversations c where c.id = subject::uuid;
      return org;
    end if;
  end if;
  return null;
end
$$;
revoke all on function private.realtime_topic_organization_id() from public, anon;
grant execute on function private.realtime_topic_organization_id() to authenticated;

-- select(realtime.messages): members (viewer+) hear their active organization's topics
create policy realtime_messages_select on realtime.messages for select to authenticated
using (
  extension in ('broadcast', 'presence')
  and (select private.realtime_topic_organization_id()) = (select private.org_with_role('viewer'))
);

-- insert(realtime.messages): members (viewer+) show their presence; agents (agent+) broadcast,
-- e.g. typing, on their active organization's topics
create policy realtime_messages_insert on realtime.messages for insert to authenticated
with check (
  (extension = 'presence' and (select private.realtime_topic_organization_id()) = (select private.org_with_role('viewer')))
  or (extension = 'broadcast' and (select private.realtime_topic_organization_id()) = (select private.org_with_role('agent')))
);
