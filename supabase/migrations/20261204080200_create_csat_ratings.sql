-- CSAT (issue 17): after a resolution the widget asks the visitor for a 1-5 rating and an optional
-- comment, once per resolution (a reopened and resolved again conversation is asked again). The
-- rating keeps the website and the agent of the conversation at that moment, so analytics can
-- group by agent, website and period without following later reassignments. Visitors have no JWT:
-- they write only through public.widget_rate_conversation, which takes the conversation from the
-- session token; members read; nobody writes the table directly.

create table public.csat_ratings (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id) on delete cascade,
  conversation_id uuid not null,
  -- the resolution rated: the transition into 'resolved' (one rating each)
  resolution_id uuid not null,
  website_id uuid,
  -- the conversation's assignee when it was rated; no foreign key, so a rating outlives the membership
  agent_id text,
  rating smallint not null,
  comment text,
  created_at timestamptz not null default now(),
  unique (id, organization_id),
  unique (organization_id, resolution_id),
  foreign key (conversation_id, organization_id) references public.conversations (id, organization_id)
    on delete cascade,
  foreign key (resolution_id, organization_id) references public.conversation_transitions (id, organization_id)
    on delete cascade,
  foreign key (website_id, organization_id) references public.websites (id, organization_id)
    on delete set null (website_id),
  constraint csat_ratings_rating_range check (rating between 1 and 5),
  constraint csat_ratings_comment_length check (char_length(comment) between 1 and 1000)
);
comment on table public.csat_ratings is
  'A visitor''s satisfaction rating (1-5, optional comment) of one resolution of a conversation, with its website and agent at the time. Written only by public.widget_rate_conversation.';

create index csat_ratings_conversation_idx on public.csat_ratings (organization_id, conversation_id);
-- analytics by website, and the website's foreign key
create index csat_ratings_website_idx on public.csat_ratings (organization_id, website_id);
create index csat_ratings_organization_id_created_at_idx on public.csat_ratings (organization_id, created_at desc);

create trigger csat_ratings_keep_organization_id before update on public.csat_ratings
  for each row execute function private.keep_organization_id();

revoke all on public.csat_ratings from anon;
revoke insert, update, delete, truncate, references, trigger on public.csat_ratings from authenticated;
grant select on public.csat_ratings to authenticated;

alter table public.csat_ratings enable row level security;

-- select(csat_ratings): members read their active org's ratings
create policy csat_ratings_select on public.csat_ratings for select to authenticated
  using (organization_id = (select private.org_with_role('viewer')));

-- The latest resolution of a conversation that is resolved now, if nobody rated it yet.
create function private.csat_due(p_organization_id uuid, p_conversation_id uuid, p_state public.conversation_state)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_state = 'resolved' and not exists (
    select 1 from public.csat_ratings r
    where r.organization_id = p_organization_id
      and r.resolution_id = (
        select t.id from public.conversation_transitions t
        where t.organization_id = p_organization_id and t.conversation_id = p_conversation_id and t.to_state = 'resolved'
        order by t.created_at desc, t.id desc limit 1))
$$;
revoke all on function private.csat_due(uuid, uuid, public.conversation_state) from public, anon, authenticated;

create function public.widget_rate_conversation(p_session_token text, p_rating integer, p_comment text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  c public.conversations;
  resolution uuid;
  note text := nullif(btrim(p_comment), '');
  stored public.csat_ratings;
begin
  s := private.widget_session(p_session_token);
  if p_rating is null or p_rating not between 1 and 5 then
    raise exception 'rating must be 1 to 5' using errcode = '22023';
  end if;
  if char_length(note) > 1000 then
    raise exception 'comment must be at most 1000 characters' using errcode = '22023';
  end if;
  select * into c from public.conversations
  where id = s.conversation_id and organization_id = s.organization_id;
  if c.state <> 'resolved' then
    raise exception 'the conversation is not resolved' using errcode = '22023';
  end if;
  select t.id into resolution from public.conversation_transitions t
  where t.organization_id = c.organization_id and t.conversation_id = c.id and t.to_state = 'resolved'
  order by t.created_at desc, t.id desc limit 1;
  if resolution is null then
    raise exception 'the conversation is not resolved' using errcode = '22023';
  end if;
  insert into public.csat_ratings (organization_id, conversation_id, resolution_id, website_id, agent_id, rating, comment)
  values (c.organization_id, c.id, resolution, c.website_id, c.assignee_id, p_rating, note)
  on conflict (organization_id, resolution_id) do nothing
  returning * into stored;
  if stored.id is null then
    raise exception 'this resolution is already rated' using errcode = '23505';
  end if;
  return jsonb_build_object('rating', stored.rating, 'comment', stored.comment);
end
$$;
comment on function public.widget_rate_conversation(text, integer, text) is
  'Widget: the visitor rates the latest resolution of their conversation (1-5, optional comment up to 1000 characters), once. '
  'Errors: 28000 invalid session, 22023 bad rating or comment or not resolved, 23505 already rated.';
revoke all on function public.widget_rate_conversation(text, integer, text) from public;
grant execute on function public.widget_rate_conversation(text, integer, text) to anon, authenticated;

-- widget_messages as in 20261204010400 (citations keep their links), its conversation now saying
-- whether a rating is due
create or replace function public.widget_messages(p_session_token text, p_after timestamptz default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  conv jsonb;
  msgs jsonb;
begin
  s := private.widget_session(p_session_token);
  if p_after is not null and (p_after = 'infinity' or p_after = '-infinity') then
    raise exception 'p_after must be a finite timestamp' using errcode = '22023';
  end if;

  select jsonb_build_object('id', c.id, 'status', c.status, 'is_escalated', c.is_escalated,
           'is_resolved', c.is_resolved, 'agent_name', c.agent_name, 'state', c.state,
           'handled_by_team', c.state <> 'bot', 'widget_topic', c.widget_topic,
           'csat_due', private.csat_due(c.organization_id, c.id, c.state),
           'ticket_ref', (select t.ref from public.tickets t
                          where t.organization_id = c.organization_id and t.conversation_id = c.id))
  into conv
  from public.conversations c
  where c.id = s.conversation_id and c.organization_id = s.organization_id;

  select coalesce(jsonb_agg(x.j order by x.created_at, x.id), '[]'::jsonb) into msgs
  from (
    select y.id, y.created_at, y.j
    from (
      select m.id, m.created_at,
        jsonb_build_object(
          'id', m.id,
          'sender_type', m.sender_type,
          'body', m.body,
          'created_at', m.created_at,
          'sources', case when m.sender_type = 'ai' and jsonb_typeof(m.metadata -> 'sources') = 'array' then
              (select coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('id', src -> 'id', 'title', src -> 'title', 'url', src -> 'url'))), '[]'::jsonb)
               from jsonb_array_elements(m.metadata -> 'sources') src where jsonb_typeof(src) = 'object')
            else '[]'::jsonb end,
          'agent_name', case when m.sender_type = 'agent' then
              coalesce(c.agent_name, private.member_first_name(m.organization_id, m.sender_id), 'Support')
            end
        ) as j
      from public.messages m
      join public.conversations c on c.id = m.conversation_id and c.organization_id = m.organization_id
      where m.organization_id = s.organization_id
        and m.conversation_id = s.conversation_id
        and not m.is_internal
        and m.sender_type in ('visitor', 'ai', 'agent')
        and (p_after is null or m.created_at > p_after)
      union all
      select t.id, t.created_at,
        jsonb_build_object('id', t.id, 'sender_type', 'system', 'created_at', t.created_at, 'sources', '[]'::jsonb,
          'agent_name', null,
          'body', private.customer_transition_line(t.from_state, t.to_state, t.via, t.actor_name))
      from public.conversation_transitions t
      where t.organization_id = s.organization_id
        and t.conversation_id = s.conversation_id
        and private.customer_transition_line(t.from_state, t.to_state, t.via, t.actor_name) is not null
        and (p_after is null or t.created_at > p_after)
    ) y
    order by
      case when p_after is null then y.created_at end desc,
      case when p_after is not null then y.created_at end asc,
      y.id
    limit 200
  ) x;

  return jsonb_build_object('conversation', conv, 'messages', msgs);
end
$$;

comment on function public.widget_messages(text, timestamptz) is
  'Widget: the conversation of a session token ({id, status, is_escalated, is_resolved, agent_name, state, handled_by_team, '
  'widget_topic, csat_due (resolved and its latest resolution not rated yet), ticket_ref}) and its public messages and transition '
  'lines, oldest first: the newest 200, or those after p_after (a finite timestamp). Errors: 28000 invalid session, 22023 bad p_after.';

-- CSAT in analytics: the ratings given in [p_from, p_to), overall (dimension 'all'), by the agent
-- of the rated conversation and by website; security invoker, so RLS keeps it to the active
-- organization. satisfied counts ratings of 4 and 5 (the usual CSAT score).
create function public.analytics_csat(p_from timestamptz, p_to timestamptz)
returns table (dimension text, key text, ratings bigint, average numeric, satisfied bigint)
language sql
stable
set search_path = ''
-- pgt-ignore syntax: the linter parses a SQL function body as one statement; this one has two (range check, query)
as $$
  select private.analytics_check_range(p_from, p_to);
  select case when grouping(r.agent_id) = 0 then 'agent' when grouping(r.website_id) = 0 then 'website' else 'all' end,
         coalesce(r.agent_id, r.website_id::text),
         count(*), round(avg(r.rating), 2), count(*) filter (where r.rating >= 4)
  from public.csat_ratings r
  where r.created_at >= p_from and r.created_at < p_to
  group by grouping sets ((), (r.agent_id), (r.website_id))
  order by 1, 3 desc, 2
$$;
comment on function public.analytics_csat(timestamptz, timestamptz) is
  'CSAT ratings of the active organization given in [p_from, p_to): overall (dimension all), by agent (key agent_id, null: unassigned) '
  'and by website (key website_id): count, average (2 decimals) and satisfied (4 or 5).';
grant execute on function public.analytics_csat(timestamptz, timestamptz) to authenticated;
