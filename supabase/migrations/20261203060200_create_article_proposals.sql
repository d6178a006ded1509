-- Learning from how the team resolves tickets (issue 12): when a conversation an agent answered
-- is resolved, its question and the agent's answer become a pending proposal, either a new
-- article or an addition to the article the assistant cited. An agent edits and approves it,
-- which writes a DRAFT article through public.articles (publishing stays with the article rules:
-- nothing reaches visitors or the assistant before someone publishes it), or dismisses it.
-- public.article_proposal_list counts, per proposal, the escalated questions it would have
-- answered (their words all found in the proposal, English full text).

create table public.article_proposals (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  conversation_id uuid,
  -- the article the assistant cited: the proposal adds to it; null proposes a new article
  article_id uuid,
  question text not null,
  answer text not null,
  status text not null default 'pending',
  -- the draft the approval wrote (a new article, or the cited one when it was a draft)
  result_article_id uuid,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, conversation_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete set null (conversation_id),
  foreign key (article_id, organization_id) references public.articles (id, organization_id)
    on delete set null (article_id),
  foreign key (result_article_id, organization_id) references public.articles (id, organization_id)
    on delete set null (result_article_id),
  foreign key (organization_id, decided_by) references public.organization_members (organization_id, user_id)
    on delete set null (decided_by),
  constraint article_proposals_status check (status in ('pending', 'approved', 'dismissed')),
  constraint article_proposals_question_length check (char_length(question) between 1 and 2000),
  constraint article_proposals_answer_length check (char_length(answer) between 1 and 20000),
  constraint article_proposals_decided check ((status = 'pending') = (decided_at is null))
);
comment on table public.article_proposals is
  'A resolved conversation''s question and the team''s answer, proposed as a draft article or an addition to the cited one; pending until an agent approves or dismisses it.';

create index article_proposals_organization_id_status_idx on public.article_proposals (organization_id, status, created_at desc);
create index article_proposals_article_idx on public.article_proposals (article_id, organization_id);
create index article_proposals_result_article_idx on public.article_proposals (result_article_id, organization_id);
create index article_proposals_decided_by_idx on public.article_proposals (organization_id, decided_by);

create trigger article_proposals_keep_organization_id before update on public.article_proposals
  for each row execute function private.keep_organization_id();
create trigger article_proposals_touch_updated_at before update on public.article_proposals
  for each row execute function private.touch_updated_at();

-- written only by the trigger and the approve/dismiss functions below
revoke all on public.article_proposals from anon;
revoke insert, update, delete, truncate, references, trigger on public.article_proposals from authenticated;
grant select on public.article_proposals to authenticated;

alter table public.article_proposals enable row level security;

-- select(article_proposals): members read their active org's proposals
create policy article_proposals_select on public.article_proposals for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));

-- After a conversation is resolved: when an agent answered in it, propose its question (the
-- ticket's, else the visitor's first message) and the agent's visible replies. A later
-- resolution of the same conversation refreshes a proposal still pending.
create function private.propose_article_from_conversation() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_question text;
  v_answer text;
  v_article uuid;
begin
  select string_agg(m.body, E'\n\n' order by m.created_at, m.id) into v_answer
  from public.messages m
  where m.organization_id = new.organization_id and m.conversation_id = new.id
    and m.sender_type = 'agent' and not m.is_internal;
  if v_answer is null then
    return null;
  end if;

  select t.original_query into v_question from public.tickets t
  where t.organization_id = new.organization_id and t.conversation_id = new.id;
  if v_question is null or btrim(v_question) = '' then
    select m.body into v_question from public.messages m
    where m.organization_id = new.organization_id and m.conversation_id = new.id and m.sender_type = 'visitor'
    order by m.created_at, m.id limit 1;
  end if;
  if v_question is null then
    return null;
  end if;

  -- the article the assistant last cited in this conversation, if it still exists
  select a.id into v_article
  from public.messages m, jsonb_array_elements(case when jsonb_typeof(m.metadata -> 'sources') = 'array'
                                                    then m.metadata -> 'sources' else '[]'::jsonb end) src
  join public.articles a on a.organization_id = new.organization_id and a.id::text = src ->> 'id'
  where m.organization_id = new.organization_id and m.conversation_id = new.id and m.sender_type = 'ai'
  order by m.created_at desc, m.id desc limit 1;

  insert into public.article_proposals (organization_id, conversation_id, article_id, question, answer)
  values (new.organization_id, new.id, v_article, left(btrim(v_question), 2000), left(v_answer, 20000))
  on conflict (organization_id, conversation_id) do update
    set question = excluded.question, answer = excluded.answer, article_id = excluded.article_id
    where public.article_proposals.status = 'pending';
  return null;
end
$$;
comment on function private.propose_article_from_conversation() is
  'AFTER UPDATE trigger on conversations (on entering resolved): proposes the question and the agent''s answer as an article.';
revoke all on function private.propose_article_from_conversation() from public, anon, authenticated;

-- Not `after update of state`: the lifecycle sets state in BEFORE triggers, so the transition
-- shows only in OLD/NEW.
create trigger conversations_propose_article after update on public.conversations
  for each row when (new.state = 'resolved' and old.state is distinct from 'resolved')
  execute function private.propose_article_from_conversation();

-- A slug free in the organization, from a title.
create function private.free_article_slug(p_organization_id uuid, p_title text) returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  base text := left(btrim(regexp_replace(lower(coalesce(p_title, '')), '[^a-z0-9]+', '-', 'g'), '-'), 100);
  candidate text;
  n integer := 1;
begin
  base := btrim(coalesce(nullif(base, ''), 'article'), '-');
  candidate := base;
  while exists (select 1 from public.articles a where a.organization_id = p_organization_id and a.slug = candidate) loop
    n := n + 1;
    candidate := base || '-' || n;
  end loop;
  return candidate;
end
$$;
comment on function private.free_article_slug(uuid, text) is 'A slug made from the title that no article of the organization uses yet.';
revoke all on function private.free_article_slug(uuid, text) from public, anon, authenticated;

-- Approve: agents of the active organization. The title and body are the agent's edits (null
-- keeps the proposal's). A proposal for a cited article that is still a draft appends to it;
-- for a published one (or none) it writes a new draft, so a published article never changes
-- without going through publishing. Returns the draft's id.
create function public.approve_article_proposal(p_proposal_id uuid, p_title text default null, p_body text default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('agent'));
  sub text := (select auth.jwt() ->> 'sub');
  p public.article_proposals;
  target public.articles;
  v_title text;
  v_body text;
  result uuid;
begin
  if org is null then
    raise exception 'only an agent of the organization may approve a proposal' using errcode = '42501';
  end if;
  select * into p from public.article_proposals where id = p_proposal_id and organization_id = org for update;
  if p.id is null then
    raise exception 'unknown proposal' using errcode = 'P0002';
  end if;
  if p.status <> 'pending' then
    raise exception 'the proposal was already %', p.status using errcode = '55000';
  end if;
  v_title := coalesce(nullif(btrim(p_title), ''), left(p.question, 300));
  v_body := coalesce(nullif(btrim(p_body), ''), p.answer);
  if char_length(v_title) > 300 then
    raise exception 'title must be at most 300 characters' using errcode = '22023';
  end if;
  if char_length(v_body) > 100000 then
    raise exception 'body must be at most 100000 characters' using errcode = '22023';
  end if;

  select * into target from public.articles where id = p.article_id and organization_id = org;
  if target.id is not null and not target.is_published then
    update public.articles
    set body = body || E'\n\n## ' || v_title || E'\n\n' || v_body, updated_by = sub
    where id = target.id and organization_id = org
    returning id into result;
  else
    insert into public.articles (organization_id, title, slug, body, is_published, collection, language, created_by, updated_by)
    values (org, v_title, private.free_article_slug(org, v_title),
      case when target.id is null then v_body
           else target.body || E'\n\n## ' || v_title || E'\n\n' || v_body end,
      false, target.collection, coalesce(target.language, 'en'), sub, sub)
    returning id into result;
  end if;

  update public.article_proposals
  set status = 'approved', result_article_id = result, decided_by = sub, decided_at = now()
  where id = p.id and organization_id = org;
  return result;
end
$$;
comment on function public.approve_article_proposal(uuid, text, text) is
  'Agents: approves a pending proposal with optional edits, writing an unpublished article (a new draft, or the cited draft extended); returns its id. 55000 if already decided.';

create function public.dismiss_article_proposal(p_proposal_id uuid) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('agent'));
begin
  if org is null then
    raise exception 'only an agent of the organization may dismiss a proposal' using errcode = '42501';
  end if;
  update public.article_proposals
  set status = 'dismissed', decided_by = (select auth.jwt() ->> 'sub'), decided_at = now()
  where id = p_proposal_id and organization_id = org and status = 'pending';
  if not found then
    raise exception 'no pending proposal has this id' using errcode = 'P0002';
  end if;
end
$$;
comment on function public.dismiss_article_proposal(uuid) is 'Agents: dismisses a pending proposal. P0002 if there is none with this id.';

-- The proposals of the active organization with, for each, how many escalated conversations'
-- questions it would have answered: every word of the ticket's question found in the proposal.
create function public.article_proposal_list(p_status text default 'pending', p_limit integer default 50)
returns table (id uuid, question text, answer text, status text, article_id uuid, article_title text,
  conversation_id uuid, result_article_id uuid, created_at timestamptz, would_answer bigint)
language sql
stable
set search_path = ''
as $$
  select p.id, p.question, p.answer, p.status, p.article_id, a.title, p.conversation_id, p.result_article_id, p.created_at,
    (select count(*) from public.tickets t
     where t.organization_id = p.organization_id and t.original_query is not null
       and pg_catalog.numnode(pg_catalog.plainto_tsquery('english'::regconfig, t.original_query)) > 0
       and pg_catalog.to_tsvector('english'::regconfig, p.question || ' ' || p.answer)
           @@ pg_catalog.plainto_tsquery('english'::regconfig, t.original_query))
  from public.article_proposals p
  left join public.articles a on a.id = p.article_id and a.organization_id = p.organization_id
  where p.status = coalesce(p_status, 'pending')
  order by p.created_at desc, p.id
  limit least(greatest(coalesce(p_limit, 50), 1), 200)
$$;
comment on function public.article_proposal_list(text, integer) is
  'Proposals of the active organization (RLS) in p_status, newest first, with would_answer: escalated questions (tickets) whose words all appear in the proposal.';

revoke all on function public.approve_article_proposal(uuid, text, text), public.dismiss_article_proposal(uuid),
  public.article_proposal_list(text, integer) from public, anon;
grant execute on function public.approve_article_proposal(uuid, text, text), public.dismiss_article_proposal(uuid),
  public.article_proposal_list(text, integer) to authenticated;
