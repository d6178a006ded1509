-- Canned responses (issue 17): saved replies an agent inserts with "/" in the reply box. Shared
-- ones (owner_id null) belong to the organization and only admins write them; personal ones
-- belong to one member, who alone reads and writes them (an admin does not see a colleague's).
-- The body may hold {{customer.name}}, {{agent.name}} and {{ticket.ref}}; the reply box fills
-- them in when it inserts the text, so the table stores the template as written.

create table public.canned_responses (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- null: shared with the organization; a member's user id: that member's own
  owner_id text,
  -- what follows "/" in the reply box: lower-case letters, digits and dashes
  shortcut text not null check (shortcut ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
  title text not null check (char_length(btrim(title)) between 1 and 120),
  body text not null check (char_length(btrim(body)) between 1 and 5000),
  created_by text default (auth.jwt() ->> 'sub'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  -- one shortcut per scope: shared ones unique in the organization, personal ones per member
  -- (a personal /refund may shadow the shared /refund for its owner)
  unique nulls not distinct (organization_id, owner_id, shortcut),
  -- a personal response goes when its owner leaves the organization
  foreign key (organization_id, owner_id) references public.organization_members (organization_id, user_id) on delete cascade
);
comment on table public.canned_responses is
  'Saved replies: shared with the organization (owner_id null, admins write) or personal to one member; bodies may use {{customer.name}}, {{agent.name}}, {{ticket.ref}}.';
comment on column public.canned_responses.owner_id is 'Null for a shared response; the member''s user id for a personal one (only they read and write it).';

create index canned_responses_owner_idx on public.canned_responses (organization_id, owner_id, shortcut);

create trigger canned_responses_keep_organization_id before update on public.canned_responses
  for each row execute function private.keep_organization_id();
create trigger canned_responses_touch_updated_at before update on public.canned_responses
  for each row execute function private.touch_updated_at();

alter table public.canned_responses enable row level security;

-- select(canned_responses): members read the shared responses and their own personal ones
create policy canned_responses_select on public.canned_responses for select to authenticated
  using (organization_id = (select private.org_with_role('viewer'))
    and (owner_id is null or owner_id = ((select auth.jwt()) ->> 'sub')));
-- insert(canned_responses): admins add shared responses; agents add personal ones for themselves
create policy canned_responses_insert on public.canned_responses for insert to authenticated
  with check ((owner_id is null and organization_id = (select private.org_with_role('admin')))
    or (owner_id = ((select auth.jwt()) ->> 'sub') and organization_id = (select private.org_with_role('agent'))));
-- update(canned_responses): admins edit shared responses; a member edits only their own
create policy canned_responses_update on public.canned_responses for update to authenticated
  using ((owner_id is null and organization_id = (select private.org_with_role('admin')))
    or (owner_id = ((select auth.jwt()) ->> 'sub') and organization_id = (select private.org_with_role('agent'))))
  with check ((owner_id is null and organization_id = (select private.org_with_role('admin')))
    or (owner_id = ((select auth.jwt()) ->> 'sub') and organization_id = (select private.org_with_role('agent'))));
-- delete(canned_responses): admins delete shared responses; a member deletes only their own
create policy canned_responses_delete on public.canned_responses for delete to authenticated
  using ((owner_id is null and organization_id = (select private.org_with_role('admin')))
    or (owner_id = ((select auth.jwt()) ->> 'sub') and organization_id = (select private.org_with_role('agent'))));

-- owner_id is set once: a personal response cannot be turned into a shared one (or handed over)
revoke all on table public.canned_responses from anon, authenticated;
grant select, delete on table public.canned_responses to authenticated;
grant insert (organization_id, owner_id, shortcut, title, body) on table public.canned_responses to authenticated;
grant update (shortcut, title, body) on table public.canned_responses to authenticated;
