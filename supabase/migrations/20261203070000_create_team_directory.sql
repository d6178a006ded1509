-- Team directory and "ask the team" (issue 15): a member's profile per organization, their chats
-- with the matching assistant, the colleagues they saved and the clicks on those contacts.
-- Everything is scoped to the ACTIVE organization of the caller's token: there is no "all
-- profiles" fallback for a user without one (org_with_role answers null, so nothing matches).
set local lock_timeout = '5s';

-- trigram similarity for the matcher; in `extensions`, as on hosted Supabase
create extension if not exists pg_trgm with schema extensions;
-- functions start without execute grants here (default privileges); match_profiles runs as the
-- caller and needs this one (whichever migration created the extension first)
grant execute on function extensions.word_similarity(text, text) to authenticated;

create table public.profiles (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id text not null default (auth.jwt() ->> 'sub'),
  display_name text not null check (char_length(btrim(display_name)) between 1 and 120),
  title text not null default '' check (char_length(title) <= 120),
  expertise text[] not null default '{}' check (cardinality(expertise) <= 30 and array_position(expertise, null) is null),
  languages text[] not null default '{}' check (cardinality(languages) <= 10 and array_position(languages, null) is null),
  bio text not null default '' check (char_length(bio) <= 1000),
  work_email text check (char_length(work_email) <= 254 and work_email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  -- a public profile page only: https, linkedin.com (or a country subdomain), /in/<handle>
  linkedin_url text check (linkedin_url ~ '^https://([a-z]{2,3}\.)?linkedin\.com/in/[A-Za-z0-9_%-]{2,100}/?$'),
  avatar_url text check (char_length(avatar_url) <= 2048 and avatar_url ~ '^https://'),
  -- nobody is listed until they say so
  opted_in boolean not null default false,
  -- an admin hid the profile from the directory and the matcher (set through set_profile_hidden)
  hidden_at timestamptz,
  hidden_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  -- one profile per user per organization (a consultant in two keeps two)
  unique (organization_id, user_id),
  -- a profile belongs to a membership: it goes when the member leaves
  foreign key (organization_id, user_id) references public.organization_members (organization_id, user_id) on delete cascade
);
comment on table public.profiles is
  'A member''s profile in one organization (team directory, expert matching); listed only when opted_in and not hidden by an admin.';
comment on column public.profiles.opted_in is 'Whether colleagues see the profile in the directory and the matcher; false until the member opts in.';
comment on column public.profiles.hidden_at is 'Set by an admin (set_profile_hidden) to take an opted-in profile out of the directory.';

create trigger profiles_keep_organization_id before update on public.profiles
  for each row execute function private.keep_organization_id();
create trigger profiles_touch_updated_at before update on public.profiles
  for each row execute function private.touch_updated_at();

alter table public.profiles enable row level security;

-- select(profiles): a member reads their own profile and the listed (opted-in, not hidden) ones;
-- admins also read hidden opted-in ones so they can unhide them; opted-out ones stay private
create policy profiles_select on public.profiles for select to authenticated
  using (organization_id = (select private.org_with_role('viewer'))
    and (user_id = ((select auth.jwt()) ->> 'sub')
      or (opted_in and (hidden_at is null or organization_id = (select private.org_with_role('admin'))))));
-- insert(profiles): every member (viewers too) creates their own profile
create policy profiles_insert on public.profiles for insert to authenticated
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- update(profiles): a member edits only their own profile
create policy profiles_update on public.profiles for update to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'))
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- delete(profiles): a member deletes only their own profile
create policy profiles_delete on public.profiles for delete to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

-- user_id may be named (the policy insists it is the caller's own)
revoke all on table public.profiles from anon, authenticated;
grant select, delete on table public.profiles to authenticated;
grant insert (organization_id, user_id, display_name, title, expertise, languages, bio, work_email, linkedin_url, avatar_url, opted_in)
  on table public.profiles to authenticated;
-- hidden_at/hidden_by are not granted: a member cannot unhide themself
grant update (display_name, title, expertise, languages, bio, work_email, linkedin_url, avatar_url, opted_in)
  on table public.profiles to authenticated;

create table public.chat_sessions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id text not null default (auth.jwt() ->> 'sub'),
  title text not null check (char_length(title) between 1 and 120),
  created_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  unique (id, organization_id),
  -- messages and saved contacts point at (session, organization, user): same owner guaranteed
  unique (id, organization_id, user_id),
  foreign key (organization_id, user_id) references public.organization_members (organization_id, user_id) on delete cascade
);
comment on table public.chat_sessions is
  'A member''s "ask the team" conversation with the matching assistant; private to that member.';
create index chat_sessions_organization_id_user_id_idx on public.chat_sessions (organization_id, user_id, last_message_at desc);

create trigger chat_sessions_keep_organization_id before update on public.chat_sessions
  for each row execute function private.keep_organization_id();

alter table public.chat_sessions enable row level security;

-- select(chat_sessions): a member reads only their own sessions in the active organization
create policy chat_sessions_select on public.chat_sessions for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- insert(chat_sessions): a member starts a session for themself
create policy chat_sessions_insert on public.chat_sessions for insert to authenticated
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- update(chat_sessions): a member retitles or bumps only their own session
create policy chat_sessions_update on public.chat_sessions for update to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'))
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- delete(chat_sessions): a member deletes only their own session (its messages go with it)
create policy chat_sessions_delete on public.chat_sessions for delete to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

revoke all on table public.chat_sessions from anon, authenticated;
grant select, delete on table public.chat_sessions to authenticated;
grant insert (id, organization_id, user_id, title) on table public.chat_sessions to authenticated;
grant update (title, last_message_at) on table public.chat_sessions to authenticated;

create table public.chat_messages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  session_id uuid not null,
  user_id text not null default (auth.jwt() ->> 'sub'),
  role text not null check (role in ('user', 'assistant')),
  content text not null check (char_length(content) between 1 and 20000),
  -- query intent, matched profile ids with scores, response length, provider
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object' and pg_column_size(metadata) <= 16384),
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  foreign key (session_id, organization_id, user_id) references public.chat_sessions (id, organization_id, user_id) on delete cascade
);
comment on table public.chat_messages is
  'The questions and answers of a chat session (append-only); metadata records intent, matches and provider.';
create index chat_messages_session_id_idx on public.chat_messages (session_id, organization_id, user_id, created_at);
-- the organization's foreign key and the analytics' per-organization scans
create index chat_messages_organization_id_idx on public.chat_messages (organization_id, created_at);

create trigger chat_messages_keep_organization_id before update on public.chat_messages
  for each row execute function private.keep_organization_id();

alter table public.chat_messages enable row level security;

-- select(chat_messages): a member reads only the messages of their own sessions
create policy chat_messages_select on public.chat_messages for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- insert(chat_messages): a member writes into their own sessions (the composite key names the session's owner)
create policy chat_messages_insert on public.chat_messages for insert to authenticated
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- update(chat_messages): none, append-only (no update privilege either); the policy keeps one per operation
create policy chat_messages_update on public.chat_messages for update to authenticated
  using (false) with check (false);
-- delete(chat_messages): a member deletes only their own messages
create policy chat_messages_delete on public.chat_messages for delete to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

revoke all on table public.chat_messages from anon, authenticated;
grant select, delete on table public.chat_messages to authenticated;
grant insert (organization_id, session_id, user_id, role, content, metadata) on table public.chat_messages to authenticated;

create table public.saved_contacts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id text not null default (auth.jwt() ->> 'sub'),
  profile_id uuid not null,
  session_id uuid,
  reason text not null default '' check (char_length(reason) <= 500),
  created_at timestamptz not null default now(),
  email_clicked_at timestamptz,
  linkedin_clicked_at timestamptz,
  email_clicks integer not null default 0 check (email_clicks >= 0),
  linkedin_clicks integer not null default 0 check (linkedin_clicks >= 0),
  unique (id, organization_id),
  -- one row per saver and profile: a second save is "already saved"
  unique (organization_id, user_id, profile_id),
  foreign key (organization_id, user_id) references public.organization_members (organization_id, user_id) on delete cascade,
  -- the saved profile is in the saver's organization (foreign keys ignore RLS; the pair does not)
  foreign key (profile_id, organization_id) references public.profiles (id, organization_id) on delete cascade,
  -- the session is the saver's own; forgetting the session keeps the contact
  foreign key (session_id, organization_id, user_id) references public.chat_sessions (id, organization_id, user_id)
    on delete set null (session_id)
);
comment on table public.saved_contacts is
  'Colleagues a member saved from "ask the team", with why they matched and when the member emailed or opened their LinkedIn.';
create index saved_contacts_profile_id_idx on public.saved_contacts (profile_id, organization_id);
create index saved_contacts_session_id_idx on public.saved_contacts (session_id, organization_id, user_id);

create trigger saved_contacts_keep_organization_id before update on public.saved_contacts
  for each row execute function private.keep_organization_id();

alter table public.saved_contacts enable row level security;

-- select(saved_contacts): a member reads only their own saved contacts
create policy saved_contacts_select on public.saved_contacts for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- insert(saved_contacts): a member saves a profile they can see (listed, same organization)
create policy saved_contacts_insert on public.saved_contacts for insert to authenticated
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub')
    and exists (select 1 from public.profiles p where p.id = profile_id and p.organization_id = saved_contacts.organization_id));
-- update(saved_contacts): a member records clicks only on their own saved contacts
create policy saved_contacts_update on public.saved_contacts for update to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'))
  with check (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));
-- delete(saved_contacts): a member forgets only their own saved contacts
create policy saved_contacts_delete on public.saved_contacts for delete to authenticated
  using (organization_id = (select private.org_with_role('viewer')) and user_id = ((select auth.jwt()) ->> 'sub'));

revoke all on table public.saved_contacts from anon, authenticated;
grant select, delete on table public.saved_contacts to authenticated;
grant insert (organization_id, user_id, profile_id, session_id, reason) on table public.saved_contacts to authenticated;
grant update (email_clicked_at, linkedin_clicked_at, email_clicks, linkedin_clicks) on table public.saved_contacts to authenticated;
