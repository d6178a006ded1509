-- Helpdesk tickets, numbered per organization (ACM-001, ACM-002, ...).

create table public.tickets (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- Both are always set by the insert trigger; the defaults only tell clients (and the generated
  -- types) that an insert need not supply them.
  number integer not null default 0,
  ref text not null default '',
  conversation_id uuid,
  website_id uuid,
  customer_email text,
  customer_name text,
  subject text not null,
  original_query text,
  ai_context jsonb not null default '{}',
  status public.ticket_status not null default 'open',
  priority public.ticket_priority not null default 'normal',
  assignee_id text,
  resolved_at timestamptz,
  resolved_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, number),
  unique (organization_id, ref),
  unique (organization_id, conversation_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete set null (conversation_id),
  foreign key (website_id, organization_id) references public.websites (id, organization_id)
    on delete set null (website_id),
  foreign key (organization_id, assignee_id) references public.organization_members (organization_id, user_id)
    on delete set null (assignee_id),
  constraint tickets_number_positive check (number > 0),
  constraint tickets_subject_length check (char_length(subject) between 1 and 300),
  constraint tickets_ai_context_object check (jsonb_typeof(ai_context) = 'object')
);
comment on table public.tickets is 'Helpdesk tickets, usually escalated from a conversation (one ticket per conversation).';
comment on column public.tickets.number is 'Per-organization sequence number, assigned by the insert trigger from organizations.ticket_seq.';
comment on column public.tickets.ref is 'Human reference: ticket_prefix || ''-'' || number zero-padded to 3 digits (ACM-001).';
comment on column public.tickets.original_query is 'The visitor question that led to the escalation.';
comment on column public.tickets.ai_context is 'What the AI knew when it escalated: confidence, intent, sources, summary.';
comment on column public.tickets.resolved_by is 'Clerk user id that resolved it; no foreign key, kept for audit.';

create index tickets_organization_id_status_idx on public.tickets (organization_id, status, created_at desc);
create index tickets_organization_id_created_at_idx on public.tickets (organization_id, created_at desc);
create index tickets_organization_id_website_id_idx on public.tickets (organization_id, website_id);
create index tickets_organization_id_assignee_id_idx on public.tickets (organization_id, assignee_id);

-- Allocate number and ref. The update takes the organization row lock, so concurrent inserts
-- for one organization get distinct consecutive numbers (a rolled-back insert leaves a gap
-- only if a later insert already committed; otherwise the increment rolls back with it).
create function private.assign_ticket_number() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  seq integer;
  prefix text;
begin
  update public.organizations
  set ticket_seq = ticket_seq + 1
  where id = new.organization_id
  returning ticket_seq, ticket_prefix into seq, prefix;
  if not found then
    raise exception 'organization % does not exist', new.organization_id using errcode = '23503';
  end if;
  new.number := seq;
  new.ref := prefix || '-' || lpad(seq::text, greatest(3, length(seq::text)), '0');
  return new;
end
$$;
comment on function private.assign_ticket_number() is 'BEFORE INSERT trigger on tickets: sets number and ref from organizations.ticket_seq.';
revoke all on function private.assign_ticket_number() from public, anon, authenticated;

create trigger tickets_assign_number before insert on public.tickets
  for each row execute function private.assign_ticket_number();
create trigger tickets_keep_organization_id before update on public.tickets
  for each row execute function private.keep_organization_id();
create trigger tickets_touch_updated_at before update on public.tickets
  for each row execute function private.touch_updated_at();

-- Clients never set number, ref or organization_id after insert.
revoke update on public.tickets from anon, authenticated;
grant update (subject, status, priority, assignee_id, customer_email, customer_name,
  ai_context, resolved_at, resolved_by, website_id) on public.tickets to authenticated;

alter table public.tickets enable row level security;

-- select(tickets): members read their active org's tickets
create policy tickets_select on public.tickets for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));

-- insert(tickets): agents open tickets in their active org
create policy tickets_insert on public.tickets for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')));

-- update(tickets): agents work their active org's tickets
create policy tickets_update on public.tickets for update to authenticated
using (organization_id = (select private.org_with_role('agent')))
with check (organization_id = (select private.org_with_role('agent')));

-- delete(tickets): agents delete their active org's tickets
create policy tickets_delete on public.tickets for delete to authenticated
using (organization_id = (select private.org_with_role('agent')));
