-- The visitor's thumbs up or down on one of the assistant's answers (issue 12): what agents see on
-- the thread and what analytics weighs per cited article. One row per answer; the visitor may
-- change it. Visitors have no JWT: they write only through public.widget_rate_answer, which
-- takes the answer's conversation from the session token, so a visitor can rate only the
-- answers of their own conversation. Members read; nobody writes the table directly.

create table public.answer_feedback (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  conversation_id uuid not null,
  -- no foreign key: messages are keyed by id alone (README "Scaling"); widget_rate_answer checks
  -- that the message is an AI answer of this conversation, and messages are never deleted but
  -- with their conversation, which takes its feedback along
  message_id uuid not null,
  rating smallint not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, message_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete cascade,
  constraint answer_feedback_rating check (rating in (-1, 1))
);
comment on table public.answer_feedback is 'A visitor''s thumbs up (1) or down (-1) on an AI answer; one per answer, changeable.';

create index answer_feedback_conversation_idx on public.answer_feedback (organization_id, conversation_id);
create index answer_feedback_organization_id_created_at_idx on public.answer_feedback (organization_id, created_at desc);

create trigger answer_feedback_keep_organization_id before update on public.answer_feedback
  for each row execute function private.keep_organization_id();
create trigger answer_feedback_touch_updated_at before update on public.answer_feedback
  for each row execute function private.touch_updated_at();

revoke all on public.answer_feedback from anon;
revoke insert, update, delete, truncate, references, trigger on public.answer_feedback from authenticated;
grant select on public.answer_feedback to authenticated;

alter table public.answer_feedback enable row level security;

-- select(answer_feedback): members read their active org's answer ratings
create policy answer_feedback_select on public.answer_feedback for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));

create function public.widget_rate_answer(p_session_token text, p_message_id uuid, p_rating integer)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
begin
  s := private.widget_session(p_session_token);
  if p_rating is null or p_rating not in (-1, 1) then
    raise exception 'rating must be 1 (helpful) or -1 (not helpful)' using errcode = '22023';
  end if;
  -- only an answer of the assistant in the session's own conversation
  if not exists (
    select 1 from public.messages m
    where m.id = p_message_id and m.organization_id = s.organization_id and m.conversation_id = s.conversation_id
      and m.sender_type = 'ai'
  ) then
    raise exception 'no answer of this conversation has this id' using errcode = 'P0002';
  end if;
  insert into public.answer_feedback (organization_id, conversation_id, message_id, rating)
  values (s.organization_id, s.conversation_id, p_message_id, p_rating)
  on conflict (organization_id, message_id) do update
    set rating = excluded.rating
    where public.answer_feedback.rating is distinct from excluded.rating;
  return jsonb_build_object('message_id', p_message_id, 'rating', p_rating);
end
$$;
comment on function public.widget_rate_answer(text, uuid, integer) is
  'Visitors: rates an AI answer of the session''s conversation 1 (helpful) or -1 (not helpful); once per answer, a new rating replaces the old.';
revoke all on function public.widget_rate_answer(text, uuid, integer) from public, authenticated;
grant execute on function public.widget_rate_answer(text, uuid, integer) to anon;

-- Answer quality per cited article: for each article the assistant cited in [p_from, p_to), its
-- answers, thumbs up and down, and the answers after which the visitor asked for a person. The
-- ones to fix first sort on top.
create function public.analytics_article_quality(p_from timestamptz, p_to timestamptz, p_limit integer default 10)
returns table (article_id uuid, title text, answers bigint, thumbs_up bigint, thumbs_down bigint, escalations bigint)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  with cited as (
    select m.id as message_id, m.organization_id, m.conversation_id, m.created_at, (src ->> 'id')::uuid as article_id
    from public.messages m, jsonb_array_elements(m.metadata -> 'sources') src
    where m.sender_type = 'ai' and m.created_at >= p_from and m.created_at < p_to
      and jsonb_typeof(m.metadata -> 'sources') = 'array'
      and src ->> 'id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  ), g as (
    select c.article_id, count(*) as answers,
      count(*) filter (where f.rating = 1) as up,
      count(*) filter (where f.rating = -1) as down,
      count(*) filter (where exists (
        select 1 from public.conversation_transitions t
        where t.organization_id = c.organization_id and t.conversation_id = c.conversation_id
          and t.to_state = 'waiting_for_agent' and t.created_at >= c.created_at)) as escalations
    from cited c
    left join public.answer_feedback f on f.organization_id = c.organization_id and f.message_id = c.message_id
    group by c.article_id
  )
  select g.article_id, a.title, g.answers, g.up, g.down, g.escalations
  from g join public.articles a on a.id = g.article_id
  order by g.escalations + g.down desc, g.answers desc, a.title
  limit least(greatest(coalesce(p_limit, 10), 1), 100)
$$;
comment on function public.analytics_article_quality(timestamptz, timestamptz, integer) is
  'Per article cited by the assistant in [p_from, p_to) in the active organization: answers, thumbs up/down, answers followed by an escalation.';
revoke all on function public.analytics_article_quality(timestamptz, timestamptz, integer) from public, anon, service_role;
grant execute on function public.analytics_article_quality(timestamptz, timestamptz, integer) to authenticated;
