-- The help center per website (issue 12 §4): a citation links to the article in the help center
-- of the website the widget runs on (/help/<org>/articles/<slug>?site=<domain>), which shows that
-- website's name and colour. Replaces private.widget_search_articles of 20261203050100 with the
-- website's domain added to url; nothing else changes.
create or replace function private.widget_search_articles(p_session_token text, p_query text, p_limit integer default 3)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  org public.organizations;
  site_domain text;
  vocab text[];
  w text;
  fix text;
  words text[] := '{}';
  question text;
  terms text[];
  hits jsonb;
begin
  if p_session_token is null or p_session_token !~ '^vst_[0-9a-f]{64}$' then
    raise exception 'invalid visitor session' using errcode = '28000';
  end if;
  select * into s from public.visitor_sessions v
  where v.token_hash = encode(sha256(convert_to(p_session_token, 'UTF8')), 'hex')
    and v.revoked_at is null and v.expires_at > now();
  if not found then
    raise exception 'invalid visitor session' using errcode = '28000';
  end if;
  if p_query is null or char_length(p_query) > 4000 then
    raise exception 'query must be at most 4000 characters' using errcode = '22023';
  end if;
  if p_limit is null or p_limit not between 1 and 10 then
    raise exception 'limit must be between 1 and 10' using errcode = '22023';
  end if;
  select * into org from public.organizations where id = s.organization_id;
  -- citations link to the help center of the website the widget runs on
  select w.domain into site_domain from public.websites w where w.id = s.website_id and w.organization_id = s.organization_id;

  -- the words the organization's published articles use
  select coalesce(array_agg(distinct v), '{}') into vocab
  from public.article_chunks c
  join public.articles a on a.id = c.article_id and a.organization_id = c.organization_id
  cross join lateral unnest(c.words) v
  where c.organization_id = s.organization_id and a.is_published;

  -- spelling: a word of 5+ letters the articles never use (and no stop word) becomes the nearest one they do
  foreach w in array regexp_split_to_array(lower(p_query), '[^[:alnum:]]+') loop
    continue when w = '';
    if char_length(w) >= 5 and w ~ '^[[:alpha:]]+$' and not (w = any(vocab))
       and length(to_tsvector('english'::regconfig, w)) > 0 then
      select v into fix from unnest(vocab) v
      where char_length(v) = char_length(w) and left(v, 1) = left(w, 1)
        and (select string_agg(ch, '' order by ch) from regexp_split_to_table(v, '') ch)
          = (select string_agg(ch, '' order by ch) from regexp_split_to_table(w, '') ch)
      order by v limit 1;
      if fix is null then
        select v into fix from unnest(vocab) v
        where left(v, 1) = left(w, 1) and extensions.similarity(v, w) >= 0.5
        order by extensions.similarity(v, w) desc, v limit 1;
      end if;
      w := coalesce(fix, w);
      fix := null;
    end if;
    words := words || w;
  end loop;
  question := array_to_string(words, ' ');

  -- the (corrected) question's English stems, for the local provider's sentence scoring
  select coalesce(array_agg(distinct t.lexeme), '{}') into terms
  from unnest(to_tsvector('english'::regconfig, question)) t;

  with chunk as (
    select c.*, a.title, a.slug, a.language
    from public.article_chunks c
    join public.articles a on a.id = c.article_id and a.organization_id = c.organization_id
    where c.organization_id = s.organization_id and a.is_published
  ),
  -- the question parsed in each language configuration the articles use
  per_config as (
    select x.ts_config,
      coalesce((select array_agg(distinct t.lexeme) from unnest(to_tsvector(x.ts_config::regconfig, question)) t), '{}') as terms
    from (select distinct ts_config from chunk) x
  ),
  scored as (
    select ch.*, p.terms,
      array(select t from unnest(p.terms) t where ch.fts @@ to_tsquery('simple'::regconfig, quote_literal(t))) as hit,
      ts_rank_cd(ch.fts, (select string_agg(quote_literal(t), ' | ')::tsquery from unnest(p.terms) t), 32) as rank
    from chunk ch join per_config p on p.ts_config = ch.ts_config
    where cardinality(p.terms) > 0
  ),
  -- terms that occur in no article of the organization carry no retrieval signal of their own
  known as (
    select sc.ts_config, count(distinct t) as n from scored sc cross join lateral unnest(sc.hit) t group by sc.ts_config
  ),
  best as (
    select sc.*,
      -- mostly the share of the question it covers; a little for covering the terms any article
      -- knows, so one unknown filler word does not sink a good match
      round((0.8 * cardinality(sc.hit) / cardinality(sc.terms) + 0.2 * cardinality(sc.hit) / k.n)::numeric, 3) as confidence,
      row_number() over (partition by sc.article_id order by cardinality(sc.hit) desc, sc.rank desc, sc.seq) as nth
    from scored sc join known k on k.ts_config = sc.ts_config
    where cardinality(sc.hit) > 0
  )
  select coalesce(jsonb_agg(h order by (h ->> 'confidence')::numeric desc, (h ->> 'rank')::numeric desc), '[]'::jsonb)
  into hits
  from (
    select jsonb_build_object(
      'id', b.article_id,
      'title', b.title,
      'slug', b.slug,
      'language', b.language,
      'body', b.body,
      'rank', round(b.rank::numeric, 4),
      'confidence', b.confidence,
      'section', case when b.heading is null then null else jsonb_build_object('heading', b.heading, 'anchor', b.anchor) end,
      'url', case when coalesce((org.settings ->> 'help_center_enabled')::boolean, false)
                  then '/help/' || org.slug || '/articles/' || b.slug || coalesce('?site=' || site_domain, '')
                       || coalesce('#' || b.anchor, '') end
    ) as h
    from best b
    where b.nth = 1
    order by b.confidence desc, b.rank desc
    limit p_limit
  ) x;

  return jsonb_build_object(
    'assistant', private.assistant_settings(org.settings),
    'terms', to_jsonb(terms),
    'articles', coalesce(hits, '[]'::jsonb)
  );
end
$$;
comment on function private.widget_search_articles(text, text, integer) is
  'The article search behind public.widget_search_articles (same arguments, result and errors); not callable through the API.';
