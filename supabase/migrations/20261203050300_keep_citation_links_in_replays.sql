-- A resent visitor message replays its stored reply; the replay now keeps each cited article's
-- help-center link (url), as the first answer carried it, so the widget shows the same links
-- both times. Only the sources expression changes; signature, grants and errors are unchanged.
set local lock_timeout = '5s';

create or replace function public.widget_post_message(p_session_token text, p_client_msg_id text, p_body text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  s public.visitor_sessions;
  m record;
  reply jsonb;
  dup boolean := false;
  recent integer;
  per_minute constant integer := 10;
begin
  s := private.widget_session(p_session_token);
  perform private.widget_check_client_msg_id(p_client_msg_id);
  if p_body is null or btrim(p_body) = '' or char_length(p_body) > 4000 then
    raise exception 'body must be 1 to 4000 characters' using errcode = '22023';
  end if;

  select id, created_at, sender_type into m from public.messages
  where organization_id = s.organization_id and conversation_id = s.conversation_id and client_msg_id = p_client_msg_id;

  if m.id is not null then
    dup := true;
  else
    -- enforced here, not only in the Edge Function, because the anon key can call this directly
    select count(*) into recent from public.messages
    where organization_id = s.organization_id and conversation_id = s.conversation_id
      and sender_type = 'visitor' and created_at > now() - interval '1 minute';
    if recent >= per_minute then
      raise exception 'too many messages: at most % per minute', per_minute
        using errcode = 'PT429', hint = 'retry-after=60';
    end if;
    insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body)
    values (s.organization_id, s.conversation_id, 'visitor', s.visitor_id::text, p_client_msg_id, p_body)
    on conflict (organization_id, conversation_id, client_msg_id) do nothing
    returning id, created_at, sender_type into m;
    if m.id is null then
      -- a concurrent resend won the insert
      dup := true;
      select id, created_at, sender_type into m from public.messages
      where organization_id = s.organization_id and conversation_id = s.conversation_id and client_msg_id = p_client_msg_id;
    end if;
  end if;
  if m.sender_type <> 'visitor' then
    raise exception 'client_msg_id is already used in this conversation' using errcode = '23505';
  end if;

  if dup then
    select jsonb_build_object('id', r.id, 'body', r.body, 'created_at', r.created_at,
             'confidence', r.metadata -> 'confidence', 'intent', r.metadata -> 'intent',
             'offer_human', coalesce(r.metadata -> 'offer_human', 'false'::jsonb),
             'sources', coalesce((select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('id', src -> 'id', 'title', src -> 'title', 'url', src -> 'url')))
                                  from jsonb_array_elements(case when jsonb_typeof(r.metadata -> 'sources') = 'array'
                                    then r.metadata -> 'sources' else '[]'::jsonb end) src), '[]'::jsonb))
    into reply
    from public.messages r
    where r.organization_id = s.organization_id and r.conversation_id = s.conversation_id
      and r.client_msg_id = private.ai_reply_key(p_client_msg_id) and r.sender_type = 'ai';
  end if;

  return jsonb_build_object('id', m.id, 'created_at', m.created_at, 'duplicate', dup,
    'conversation_id', s.conversation_id, 'reply_key', private.ai_reply_key(p_client_msg_id), 'reply', reply);
end
$$;
