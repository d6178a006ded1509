-- Widget sessions: a visitor's browser holds a random token; only its sha256 is stored here.
-- Visitors have no table access at all: the widget_* functions look sessions up by token hash.

create table public.visitor_sessions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  website_id uuid not null,
  visitor_id uuid not null,
  conversation_id uuid not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '30 days',
  revoked_at timestamptz,
  foreign key (website_id, organization_id) references public.websites (id, organization_id)
    on delete cascade,
  foreign key (visitor_id, organization_id) references public.visitors (id, organization_id)
    on delete cascade,
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete cascade,
  constraint visitor_sessions_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  constraint visitor_sessions_expires_after_created check (expires_at > created_at)
);
comment on table public.visitor_sessions is
  'Widget sessions of visitors. Written only by the security definer widget_* functions; org admins may read them.';
comment on column public.visitor_sessions.token_hash is
  'Lower-case hex sha256 of the session token the widget holds (vst_ + 64 hex); the token itself is never stored. '
  'Globally unique because a token is looked up before its organization is known.';
comment on column public.visitor_sessions.conversation_id is 'The one conversation this session may read and write.';
comment on column public.visitor_sessions.expires_at is 'The token stops working after this time (30 days after issue).';
comment on column public.visitor_sessions.revoked_at is 'Set to end a session early; a revoked token stops working at once.';

create index visitor_sessions_organization_id_last_seen_idx on public.visitor_sessions (organization_id, last_seen_at desc);
create index visitor_sessions_organization_id_website_id_idx on public.visitor_sessions (organization_id, website_id);
create index visitor_sessions_organization_id_visitor_id_idx on public.visitor_sessions (organization_id, visitor_id);
create index visitor_sessions_organization_id_conversation_id_idx on public.visitor_sessions (organization_id, conversation_id);

create trigger visitor_sessions_keep_organization_id before update on public.visitor_sessions
  for each row execute function private.keep_organization_id();

-- No client writes at all; anon has no privilege on the table.
revoke all on public.visitor_sessions from anon;
revoke insert, update, delete, truncate on public.visitor_sessions from authenticated;

alter table public.visitor_sessions enable row level security;

-- select(visitor_sessions): admins read their active org's widget sessions (no write policies)
create policy visitor_sessions_select on public.visitor_sessions for select to authenticated
using (organization_id = (select private.org_with_role('admin')));
