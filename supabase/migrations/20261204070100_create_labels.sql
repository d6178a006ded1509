-- Labels (issue 17): the organization's own tags with a colour ("billing", "bug", "vip"), which
-- admins define and agents put on conversations and tickets, so the inbox filters by them and
-- analytics counts them. A label's name is unique in its organization whatever its case.

create table public.labels (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 40 and name = btrim(name)),
  -- #rrggbb, as websites.brand_color
  color text not null default '#1c7ed6' check (color ~ '^#[0-9a-f]{6}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id)
);
comment on table public.labels is 'An organization''s labels (name and colour); admins define them, agents apply them to conversations and tickets.';
create unique index labels_organization_id_name_key on public.labels (organization_id, lower(name));

create trigger labels_keep_organization_id before update on public.labels
  for each row execute function private.keep_organization_id();
create trigger labels_touch_updated_at before update on public.labels
  for each row execute function private.touch_updated_at();

alter table public.labels enable row level security;

-- select(labels): members read their org's labels
create policy labels_select on public.labels for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));
-- insert(labels): admins define labels
create policy labels_insert on public.labels for insert to authenticated
  with check (organization_id = (select private.org_with_role('admin')));
-- update(labels): admins rename and recolour labels
create policy labels_update on public.labels for update to authenticated
  using (organization_id = (select private.org_with_role('admin')))
  with check (organization_id = (select private.org_with_role('admin')));
-- delete(labels): admins delete labels (taking them off every conversation and ticket)
create policy labels_delete on public.labels for delete to authenticated
  using (organization_id = (select private.org_with_role('admin')));

revoke all on table public.labels from anon, authenticated;
grant select, delete on table public.labels to authenticated;
grant insert (organization_id, name, color) on table public.labels to authenticated;
grant update (name, color) on table public.labels to authenticated;

-- A label on a conversation: one row per pair, added and removed (never updated) by agents.
create table public.conversation_labels (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  conversation_id uuid not null,
  label_id uuid not null,
  created_by text default (auth.jwt() ->> 'sub'),
  created_at timestamptz not null default now(),
  primary key (organization_id, conversation_id, label_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id) on delete cascade,
  foreign key (label_id, organization_id) references public.labels (id, organization_id) on delete cascade
);
comment on table public.conversation_labels is 'Labels applied to conversations (agents add and remove them).';
-- the inbox filter and the per-label counts start from the label
create index conversation_labels_label_idx on public.conversation_labels (organization_id, label_id, conversation_id);

create trigger conversation_labels_keep_organization_id before update on public.conversation_labels
  for each row execute function private.keep_organization_id();

alter table public.conversation_labels enable row level security;

-- select(conversation_labels): members read their org's conversation labels
create policy conversation_labels_select on public.conversation_labels for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));
-- insert(conversation_labels): agents label conversations
create policy conversation_labels_insert on public.conversation_labels for insert to authenticated
  with check (organization_id = (select private.org_with_role('agent')));
-- delete(conversation_labels): agents take labels off conversations (no update: a label is removed and another added)
create policy conversation_labels_delete on public.conversation_labels for delete to authenticated
  using (organization_id = (select private.org_with_role('agent')));

revoke all on table public.conversation_labels from anon, authenticated;
grant select, delete on table public.conversation_labels to authenticated;
grant insert (organization_id, conversation_id, label_id) on table public.conversation_labels to authenticated;

-- A label on a ticket (a ticket may have no conversation, so it carries its own).
create table public.ticket_labels (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  ticket_id uuid not null,
  label_id uuid not null,
  created_by text default (auth.jwt() ->> 'sub'),
  created_at timestamptz not null default now(),
  primary key (organization_id, ticket_id, label_id),
  foreign key (ticket_id, organization_id) references public.tickets (id, organization_id) on delete cascade,
  foreign key (label_id, organization_id) references public.labels (id, organization_id) on delete cascade
);
comment on table public.ticket_labels is 'Labels applied to tickets (agents add and remove them).';
create index ticket_labels_label_idx on public.ticket_labels (organization_id, label_id, ticket_id);

create trigger ticket_labels_keep_organization_id before update on public.ticket_labels
  for each row execute function private.keep_organization_id();

alter table public.ticket_labels enable row level security;

-- select(ticket_labels): members read their org's ticket labels
create policy ticket_labels_select on public.ticket_labels for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));
-- insert(ticket_labels): agents label tickets
create policy ticket_labels_insert on public.ticket_labels for insert to authenticated
  with check (organization_id = (select private.org_with_role('agent')));
-- delete(ticket_labels): agents take labels off tickets (no update: a label is removed and another added)
create policy ticket_labels_delete on public.ticket_labels for delete to authenticated
  using (organization_id = (select private.org_with_role('agent')));

revoke all on table public.ticket_labels from anon, authenticated;
grant select, delete on table public.ticket_labels to authenticated;
grant insert (organization_id, ticket_id, label_id) on table public.ticket_labels to authenticated;

-- Analytics: per label, the conversations and tickets created in [p_from, p_to) that carry it.
-- security invoker: RLS scopes it to the caller's active organization like every dashboard read.
create function public.label_counts(p_from timestamptz, p_to timestamptz)
returns table (label_id uuid, name text, color text, conversations bigint, tickets bigint)
language sql
stable
security invoker
set search_path = ''
as $$
  select l.id, l.name, l.color,
    (select count(*) from public.conversation_labels cl
       join public.conversations c on c.id = cl.conversation_id and c.organization_id = cl.organization_id
     where cl.organization_id = l.organization_id and cl.label_id = l.id and c.created_at >= p_from and c.created_at < p_to),
    (select count(*) from public.ticket_labels tl
       join public.tickets t on t.id = tl.ticket_id and t.organization_id = tl.organization_id
     where tl.organization_id = l.organization_id and tl.label_id = l.id and t.created_at >= p_from and t.created_at < p_to)
  from public.labels l
  order by lower(l.name)
$$;
comment on function public.label_counts(timestamptz, timestamptz) is
  'Analytics: per label of the caller''s organization, the conversations and tickets created in [from, to) that carry it.';
grant execute on function public.label_counts(timestamptz, timestamptz) to authenticated;

-- The inbox's label filter: per label, the inbox conversations (the visitor wrote) that are not
-- resolved and carry it, so each label chip shows how much open work it names.
create function public.inbox_label_counts()
returns table (label_id uuid, name text, color text, open_conversations bigint)
language sql
stable
security invoker
set search_path = ''
as $$
  select l.id, l.name, l.color,
    (select count(*) from public.conversation_labels cl
       join public.conversations c on c.id = cl.conversation_id and c.organization_id = cl.organization_id
     where cl.organization_id = l.organization_id and cl.label_id = l.id
       and c.last_visitor_message_at is not null and c.state <> 'resolved')
  from public.labels l
  order by lower(l.name)
$$;
comment on function public.inbox_label_counts() is
  'Inbox: per label of the caller''s organization, the open inbox conversations carrying it (RLS applies).';
grant execute on function public.inbox_label_counts() to authenticated;
