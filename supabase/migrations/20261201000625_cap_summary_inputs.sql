-- public.summary_candidates, now with bounded inputs and the forced-run cooldown.
--
-- A message body may be 20,000 characters, so 100 messages of up to 100 conversations made one
-- call up to 200 MB of transcript, all of it sent on towards the summarizer. Each body is cut to
-- 1,000 characters here (the model summarizer never read more of one anyway), which bounds one call to
-- about 10 MB whatever the conversations hold.
--
-- A forced call by an admin (the dashboard's "also rewrite existing summaries") first claims the
-- organization's cooldown (private.claim_forced_summary: PT429 with retry-after inside it; the
-- scheduler, as the service role, is exempt).

create or replace function public.summary_candidates(p_org uuid, p_limit integer default 20, p_idle_minutes integer default 30,
  p_force boolean default false)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform private.job_authorize(p_org);
  if p_force then
    perform private.claim_forced_summary(p_org);
  end if;
  perform pg_catalog.set_config('concierge.job_org', p_org::text, true);
  return coalesce((
    select jsonb_agg(jsonb_build_object('id', c.id, 'is_resolved', c.is_resolved, 'is_escalated', c.is_escalated,
      'escalated_reason', left(c.escalated_reason, 200), 'messages', (
        select coalesce(jsonb_agg(jsonb_build_object('sender_type', m.sender_type, 'body', left(m.body, 1000)) order by m.created_at, m.id), '[]')
        from (select * from public.messages m
              where m.conversation_id = c.id and m.organization_id = c.organization_id
                and not m.is_internal and m.sender_type in ('visitor', 'ai', 'agent')
              order by m.created_at, m.id limit 100) m))
      order by c.last_message_at desc)
    from (select * from public.conversations c
          where (c.is_resolved or c.status = 'closed' or c.last_message_at < now() - make_interval(mins => greatest(p_idle_minutes, 1)))
            and c.last_message_at is not null
            and (p_force or c.summary is null or (c.summarized_at is not null and c.last_message_at > c.summarized_at))
          order by c.last_message_at desc
          limit least(greatest(coalesce(p_limit, 20), 1), 100)) c), '[]'::jsonb);
end
$$;
comment on function public.summary_candidates(uuid, integer, integer, boolean) is
  'Summary job: up to p_limit finished conversations of p_org without a current summary (any finished one with p_force), newest first, '
  'as [{id, is_resolved, is_escalated, escalated_reason, messages: [{sender_type, body}]}] (visible messages, first 100, each body '
  'cut to 1000 characters). Service role, or an admin for their active organization; an admin''s forced call claims the '
  'organization''s cooldown. Errors: 42501 not allowed, 22023 no organization, PT429 forced again within the cooldown.';
