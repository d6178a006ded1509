-- Activity records for analytics: custom events, article views, and article mentions (an AI
-- answer citing an article). Append-only facts: members read them, the ingest API and server
-- code write them, admins may delete them (data requests); nobody edits them.

create type public.activity_source as enum ('api', 'widget', 'dashboard');

create table public.events (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  name text not null,
  properties jsonb not null default '{}',
  visitor_id uuid,
  conversation_id uuid,
  website_id uuid,
  occurred_at timestamptz not null default now(),
  idempotency_key text,
  source public.activity_source not null default 'api',
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, idempotency_key),
  foreign key (visitor_id, organization_id) references public.visitors (id, organization_id)
    on delete set null (visitor_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete set null (conversation_id),
  foreign key (website_id, organization_id) references public.websites (id, organization_id)
    on delete set null (website_id),
  constraint events_name_format check (name ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$'),
  constraint events_properties_object check (jsonb_typeof(properties) = 'object' and octet_length(properties::text) <= 8192),
  constraint events_idempotency_key_format check (idempotency_key ~ '^[\x21-\x7e]{8,100}$')
);
comment on table public.events is 'Custom events of an organization (signup_started, order_placed, ...), counted and funnelled by the analytics.';
comment on column public.events.name is 'Event name: letters, digits, _ . : - (1..100), case-sensitive.';
comment on column public.events.properties is 'Free-form JSON object, at most 8 kB.';
comment on column public.events.idempotency_key is 'Sender''s key for the event; a retried write with the same key stores nothing new.';

create index events_organization_id_occurred_at_idx on public.events (organization_id, occurred_at desc);
create index events_organization_id_name_idx on public.events (organization_id, name, occurred_at);
create index events_organization_id_visitor_id_idx on public.events (organization_id, visitor_id);
create index events_organization_id_conversation_id_idx on public.events (organization_id, conversation_id);
create index events_organization_id_website_id_idx on public.events (organization_id, website_id);

create table public.article_views (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  article_id uuid,
  url text,
  title text,
  visitor_id uuid,
  conversation_id uuid,
  viewed_at timestamptz not null default now(),
  idempotency_key text,
  source public.activity_source not null default 'api',
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, idempotency_key),
  foreign key (article_id, organization_id) references public.articles (id, organization_id)
    on delete set null (article_id),
  foreign key (visitor_id, organization_id) references public.visitors (id, organization_id)
    on delete set null (visitor_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete set null (conversation_id),
  constraint article_views_target check (article_id is not null or url is not null),
  constraint article_views_url_length check (char_length(url) between 1 and 2000),
  constraint article_views_title_length check (char_length(title) between 1 and 300),
  constraint article_views_idempotency_key_format check (idempotency_key ~ '^[\x21-\x7e]{8,100}$')
);
comment on table public.article_views is 'A visitor opened an article: one of the organization''s (article_id) or an outside page (url).';
comment on column public.article_views.url is 'Page address when the article is not (or no longer) in the knowledge base.';
comment on column public.article_views.idempotency_key is 'Sender''s key for the view; a retried write with the same key stores nothing new.';

create index article_views_organization_id_viewed_at_idx on public.article_views (organization_id, viewed_at desc);
create index article_views_organization_id_article_id_idx on public.article_views (organization_id, article_id);
create index article_views_organization_id_visitor_id_idx on public.article_views (organization_id, visitor_id);
create index article_views_organization_id_conversation_id_idx on public.article_views (organization_id, conversation_id);

create table public.article_mentions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  article_id uuid,
  url text,
  title text,
  visitor_id uuid,
  conversation_id uuid,
  mentioned_at timestamptz not null default now(),
  clicked_at timestamptz,
  idempotency_key text,
  source public.activity_source not null default 'api',
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, idempotency_key),
  foreign key (article_id, organization_id) references public.articles (id, organization_id)
    on delete set null (article_id),
  foreign key (visitor_id, organization_id) references public.visitors (id, organization_id)
    on delete set null (visitor_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete set null (conversation_id),
  constraint article_mentions_target check (article_id is not null or url is not null),
  constraint article_mentions_url_length check (char_length(url) between 1 and 2000),
  constraint article_mentions_title_length check (char_length(title) between 1 and 300),
  constraint article_mentions_clicked_after check (clicked_at is null or clicked_at >= mentioned_at),
  constraint article_mentions_idempotency_key_format check (idempotency_key ~ '^[\x21-\x7e]{8,100}$')
);
comment on table public.article_mentions is 'An answer cited an article (knowledge base or outside page); clicked_at when the visitor followed the link.';
comment on column public.article_mentions.idempotency_key is 'Sender''s key for the mention; a retried write with the same key stores nothing new.';

create index article_mentions_organization_id_mentioned_at_idx on public.article_mentions (organization_id, mentioned_at desc);
create index article_mentions_organization_id_article_id_idx on public.article_mentions (organization_id, article_id);
create index article_mentions_organization_id_visitor_id_idx on public.article_mentions (organization_id, visitor_id);
create index article_mentions_organization_id_conversation_id_idx on public.article_mentions (organization_id, conversation_id);

create trigger events_keep_organization_id before update on public.events
  for each row execute function private.keep_organization_id();
create trigger article_views_keep_organization_id before update on public.article_views
  for each row execute function private.keep_organization_id();
create trigger article_mentions_keep_organization_id before update on public.article_mentions
  for each row execute function private.keep_organization_id();

-- Facts are not edited: no update privilege at all; anon has nothing.
revoke all on public.events, public.article_views, public.article_mentions from anon;
revoke update on public.events, public.article_views, public.article_mentions from authenticated;

alter table public.events enable row level security;
alter table public.article_views enable row level security;
alter table public.article_mentions enable row level security;

-- select(events): members read their active org's events
create policy events_select on public.events for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));
-- insert(events): agents record events in their active org
create policy events_insert on public.events for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')));
-- delete(events): admins delete their active org's events
create policy events_delete on public.events for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- select(article_views): members read their active org's article views
create policy article_views_select on public.article_views for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));
-- insert(article_views): agents record article views in their active org
create policy article_views_insert on public.article_views for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')));
-- delete(article_views): admins delete their active org's article views
create policy article_views_delete on public.article_views for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- select(article_mentions): members read their active org's article mentions
create policy article_mentions_select on public.article_mentions for select to authenticated
using (organization_id = (select private.org_with_role('viewer')));
-- insert(article_mentions): agents record article mentions in their active org
create policy article_mentions_insert on public.article_mentions for insert to authenticated
with check (organization_id = (select private.org_with_role('agent')));
-- delete(article_mentions): admins delete their active org's article mentions
create policy article_mentions_delete on public.article_mentions for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));
