-- The "ask the team" functions: matching colleagues to a question, saving a contact, recording a
-- click, hiding a profile (admins) and the team analytics (admins). Matching, saving and clicks are
-- security invoker: the caller's RLS decides which profiles and contacts exist for them.
set local lock_timeout = '5s';

-- The searchable text of a profile: expertise and title weigh more than the bio.
create function private.profile_document(p public.profiles) returns text
language sql
immutable
set search_path = ''
as $$
  select lower(pg_catalog.concat_ws(' ', pg_catalog.array_to_string(p.expertise, ' '), p.title, p.bio))
$$;
comment on function private.profile_document(public.profiles) is 'Lower-case expertise, title and bio of a profile, the text the matcher searches.';
revoke all on function private.profile_document(public.profiles) from public, anon;
grant execute on function private.profile_document(public.profiles) to authenticated;

-- Ranks the active organization's listed colleagues (opted in, not hidden, not the caller) for a
-- question: full text (english stemming) over the whole profile plus trigram word similarity of
-- each question word against expertise and title (so "refund" finds "refunds", "kubernetes"
-- finds "k8s/kubernetes"). matched_terms are the question words that hit, for the explanation.
-- Security invoker and an explicit active-organization filter: no organization, no matches.
create function public.match_profiles(p_query text, p_limit integer default 5)
returns table (profile_id uuid, score real, matched_terms text[])
language sql
stable
security invoker
set search_path = ''
as $$
  with words as (
    select distinct w
    from pg_catalog.regexp_split_to_table(lower(left(coalesce(p_query, ''), 2000)), '[^[:alnum:]+#]+') as w
    where pg_catalog.char_length(w) >= 3
      and w not in ('who', 'what', 'which', 'where', 'when', 'how', 'the', 'and', 'for', 'with', 'about', 'know',
        'knows', 'anyone', 'someone', 'somebody', 'can', 'could', 'help', 'need', 'needs', 'our', 'team', 'does',
        'has', 'have', 'this', 'that', 'there', 'their', 'from', 'into', 'please', 'find', 'expert', 'experience',
        'question', 'customer', 'ticket', 'issue', 'you', 'your', 'are', 'was', 'will', 'would', 'should', 'any')
  ),
  query as (
    select case when count(*) = 0 then null
      else pg_catalog.to_tsquery('english', string_agg(pg_catalog.quote_literal(w), ' | ')) end as q
    from words
  ),
  listed as (
    select p.id, private.profile_document(p) as doc,
      lower(pg_catalog.concat_ws(' ', pg_catalog.array_to_string(p.expertise, ' '), p.title)) as strong
    from public.profiles p
    where p.organization_id = (select private.org_with_role('viewer'))
      and p.opted_in and p.hidden_at is null
      and p.user_id <> ((select auth.jwt()) ->> 'sub')
  ),
  term_hits as (
    select l.id, w.w,
      greatest(
        case when extensions.word_similarity(w.w, l.strong) >= 0.5 then 2 * extensions.word_similarity(w.w, l.strong) else 0 end,
        case when extensions.word_similarity(w.w, l.doc) >= 0.7 then extensions.word_similarity(w.w, l.doc) else 0 end
      ) as s
    from listed l cross join words w
  ),
  scored as (
    select l.id,
      coalesce((select sum(h.s) from term_hits h where h.id = l.id), 0)
        + coalesce(2 * pg_catalog.ts_rank(pg_catalog.to_tsvector('english', l.doc), (select q from query)), 0) as score,
      coalesce((select array_agg(h.w order by h.s desc, h.w) from term_hits h where h.id = l.id and h.s > 0), '{}') as terms
    from listed l
  )
  select s.id, s.score::real, s.terms
  from scored s
  where s.score > 0.05
  order by s.score desc, s.id
  limit greatest(1, least(coalesce(p_limit, 5), 20))
$$;
comment on function public.match_profiles(text, integer) is
  'The active organization''s listed colleagues (never the caller) ranked for a question, with the question words that matched.';
revoke all on function public.match_profiles(text, integer) from public, anon;
grant execute on function public.match_profiles(text, integer) to authenticated;

-- Saving a colleague: one row per saver and profile; a second save answers already_saved = true
-- (no error). The profile must be visible to the caller (the insert policy checks it too).
create function public.save_contact(p_profile_id uuid, p_session_id uuid default null, p_reason text default '')
returns table (saved_contact_id uuid, already_saved boolean)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('viewer'));
  new_id uuid;
begin
  if org is null or not exists (select 1 from public.profiles p where p.id = p_profile_id and p.organization_id = org) then
    raise exception 'profile not found' using errcode = 'P0002';
  end if;
  insert into public.saved_contacts (organization_id, user_id, profile_id, session_id, reason)
  values (org, (select auth.jwt()) ->> 'sub', p_profile_id, p_session_id, left(coalesce(p_reason, ''), 500))
  on conflict (organization_id, user_id, profile_id) do nothing
  returning id into new_id;
  if new_id is not null then
    return query select new_id, false;
  else
    return query select c.id, true from public.saved_contacts c
      where c.organization_id = org and c.user_id = (select auth.jwt()) ->> 'sub' and c.profile_id = p_profile_id;
  end if;
end
$$;
comment on function public.save_contact(uuid, uuid, text) is
  'Saves a colleague for the caller (idempotent: already_saved tells a repeat); RLS and the foreign keys keep it in the organization.';
revoke all on function public.save_contact(uuid, uuid, text) from public, anon;
grant execute on function public.save_contact(uuid, uuid, text) to authenticated;

-- Recording an email or LinkedIn click on one of the caller's saved contacts; the first click time
-- stays, the count grows. Someone else's saved contact is invisible (RLS): null, nothing written.
create function public.record_contact_click(p_saved_contact_id uuid, p_kind text)
returns timestamptz
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  at timestamptz;
begin
  if p_kind = 'email' then
    update public.saved_contacts set email_clicked_at = coalesce(email_clicked_at, now()), email_clicks = email_clicks + 1
      where id = p_saved_contact_id returning email_clicked_at into at;
  elsif p_kind = 'linkedin' then
    update public.saved_contacts set linkedin_clicked_at = coalesce(linkedin_clicked_at, now()), linkedin_clicks = linkedin_clicks + 1
      where id = p_saved_contact_id returning linkedin_clicked_at into at;
  else
    raise exception 'kind must be email or linkedin' using errcode = '22023';
  end if;
  return at;
end
$$;
comment on function public.record_contact_click(uuid, text) is
  'Records an email or LinkedIn click on the caller''s own saved contact; null when it is not theirs.';
revoke all on function public.record_contact_click(uuid, text) from public, anon;
grant execute on function public.record_contact_click(uuid, text) to authenticated;

-- Hiding (or unhiding) a colleague's profile: admins and owners of the active organization only.
-- Definer because hidden_at is not writable through the table privileges (members cannot unhide).
create function public.set_profile_hidden(p_profile_id uuid, p_hidden boolean)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('admin'));
begin
  if org is null then
    raise exception 'only admins hide profiles' using errcode = '42501';
  end if;
  update public.profiles
    set hidden_at = case when p_hidden then coalesce(hidden_at, now()) end,
        hidden_by = case when p_hidden then coalesce(hidden_by, (select auth.jwt()) ->> 'sub') end
    where id = p_profile_id and organization_id = org;
  return found;
end
$$;
comment on function public.set_profile_hidden(uuid, boolean) is
  'Admins hide or unhide a profile of their active organization; false when there is no such profile.';
revoke all on function public.set_profile_hidden(uuid, boolean) from public, anon;
grant execute on function public.set_profile_hidden(uuid, boolean) to authenticated;

-- Team analytics for admins and owners: counts over [p_from, p_to) of the active organization.
-- Definer because sessions and saved contacts are private to each member; only aggregates and
-- the names of profiles/members leave. Refused (42501) below admin.
create function public.team_analytics(p_from timestamptz, p_to timestamptz)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('admin'));
begin
  if org is null then
    raise exception 'team analytics are for admins' using errcode = '42501';
  end if;
  perform private.analytics_check_range(p_from, p_to);
  return jsonb_build_object(
    'members', (select count(*) from public.organization_members m where m.organization_id = org),
    'new_members', (select count(*) from public.organization_members m where m.organization_id = org
      and m.created_at >= p_from and m.created_at < p_to),
    'opted_in_profiles', (select count(*) from public.profiles p where p.organization_id = org and p.opted_in and p.hidden_at is null),
    'active_members', (select count(distinct s.user_id) from public.chat_sessions s where s.organization_id = org
      and s.last_message_at >= p_from and s.created_at < p_to),
    'sessions', (select count(*) from public.chat_sessions s where s.organization_id = org
      and s.created_at >= p_from and s.created_at < p_to),
    'saves', (select count(*) from public.saved_contacts c where c.organization_id = org
      and c.created_at >= p_from and c.created_at < p_to),
    'email_clicks', (select count(*) from public.saved_contacts c where c.organization_id = org
      and c.created_at >= p_from and c.created_at < p_to and c.email_clicked_at is not null),
    'linkedin_clicks', (select count(*) from public.saved_contacts c where c.organization_id = org
      and c.created_at >= p_from and c.created_at < p_to and c.linkedin_clicked_at is not null),
    'members_by_day', coalesce((select jsonb_agg(jsonb_build_object('day', d.day, 'members', d.n) order by d.day)
      from (select g.day::date as day,
              (select count(*) from public.organization_members m where m.organization_id = org
                and m.created_at < g.day + interval '1 day') as n
            from pg_catalog.generate_series(date_trunc('day', p_from), p_to - interval '1 microsecond', interval '1 day') g(day)) d), '[]'),
    'sessions_by_day', coalesce((select jsonb_agg(jsonb_build_object('day', d.day, 'sessions', d.n) order by d.day)
      from (select date_trunc('day', s.created_at)::date as day, count(*) as n from public.chat_sessions s
            where s.organization_id = org and s.created_at >= p_from and s.created_at < p_to group by 1) d), '[]'),
    'most_saved', coalesce((select jsonb_agg(jsonb_build_object('profile_id', d.profile_id, 'name', d.display_name,
        'saves', d.saves, 'email_clicks', d.email_clicks, 'linkedin_clicks', d.linkedin_clicks) order by d.saves desc, d.display_name)
      from (select p.id as profile_id, p.display_name, count(*) as saves,
              count(c.email_clicked_at) as email_clicks, count(c.linkedin_clicked_at) as linkedin_clicks
            from public.saved_contacts c join public.profiles p on p.id = c.profile_id and p.organization_id = c.organization_id
            where c.organization_id = org and c.created_at >= p_from and c.created_at < p_to
            group by p.id, p.display_name order by count(*) desc, p.display_name limit 10) d), '[]'),
    'most_connected', coalesce((select jsonb_agg(jsonb_build_object('user_id', d.user_id, 'name', d.name, 'saves', d.saves)
        order by d.saves desc, d.name)
      from (select c.user_id, coalesce(u.name, u.email, c.user_id) as name, count(*) as saves
            from public.saved_contacts c left join public.users u on u.id = c.user_id
            where c.organization_id = org and c.created_at >= p_from and c.created_at < p_to
            group by c.user_id, u.name, u.email order by count(*) desc limit 10) d), '[]')
  );
end
$$;
comment on function public.team_analytics(timestamptz, timestamptz) is
  'Team directory engagement of the active organization over [from, to): members, sessions, saves, clicks (admins and owners).';
revoke all on function public.team_analytics(timestamptz, timestamptz) from public, anon;
grant execute on function public.team_analytics(timestamptz, timestamptz) to authenticated;
