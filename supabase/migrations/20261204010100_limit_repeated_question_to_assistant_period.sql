-- repeated_question counts only the questions asked since the conversation last came to the
-- assistant (state bot): its start, a hand-back or a reopen to the assistant. Before, a question
-- asked before a hand-back handed the conversation straight back to the team after it, so the
-- assistant never tried again on something the team may have just written an article for.
-- Replaces widget_chat_turn of 20261203060000 with that one condition added.
create or replace function public.widget_chat_turn(p_session_token text, p_client_msg_id text, p_body text, p_history integer default 0)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  posted jsonb;
  conv record;
  turns jsonb := '[]'::jsonb;
  repeated boolean;
begin
  -- checked first so a bad argument stores nothing
  if p_history is null or p_history not between 0 and 20 then
    raise exception 'history must be between 0 and 20 messages' using errcode = '22023';
  end if;

  posted := public.widget_post_message(p_session_token, p_client_msg_id, p_body);
  -- a resent message that already has its reply needs no retrieval: the function replays it
  if jsonb_typeof(posted -> 'reply') = 'object' then
    return posted;
  end if;

  -- read after the insert, whose trigger may just have moved the state (needs_reply, a reopen)
  select c.organization_id, c.state, c.agent_name, c.visitor_id, c.state_changed_at,
    coalesce(o.settings ->> 'low_confidence_action', 'offer_person') as low_confidence_action,
    v.email is not null as email_known
  into conv
  from public.conversations c
  join public.organizations o on o.id = c.organization_id
  left join public.visitors v on v.id = c.visitor_id and v.organization_id = c.organization_id
  where c.id = (posted ->> 'conversation_id')::uuid;
  if conv.state <> 'bot' then
    -- the silence rule: no AI turn is counted, nothing is retrieved, the model is not asked
    return posted || jsonb_build_object('handled_by_team', true, 'state', conv.state, 'agent_name', conv.agent_name);
  end if;

  if private.quota_take('ai_turns_per_day', conv.organization_id, private.quota_limit(conv.organization_id, 'ai_turns_per_day'), 86400) > 0 then
    return posted || jsonb_build_object('handled_by_team', false, 'ai_over_budget', true);
  end if;

  if p_history > 0 then
    -- the latest p_history messages the visitor can see, oldest first, without the one just posted
    select coalesce(jsonb_agg(jsonb_build_object('sender_type', x.m ->> 'sender_type', 'body', x.m ->> 'body') order by x.ord), '[]'::jsonb)
    into turns
    from (
      select t.m, t.ord
      from jsonb_array_elements(public.widget_messages(p_session_token) -> 'messages') with ordinality t(m, ord)
      where t.m ->> 'id' <> posted ->> 'id' and t.m ->> 'sender_type' in ('visitor', 'ai', 'agent')
      order by t.ord desc
      limit p_history
    ) x;
  end if;

  -- the same question again (the same stemmed words, at least two of them) means the earlier
  -- answer did not help: the chat function hands over with reason repeated_question. Only
  -- questions asked since the assistant last got the conversation count (state_changed_at is
  -- when it entered bot: its start, a hand-back, a reopen to the assistant): a question the team
  -- handled before handing back gets a fresh try, not an instant bounce back to the team.
  select exists (
    select 1
    from public.messages q
    where q.organization_id = conv.organization_id
      and q.conversation_id = (posted ->> 'conversation_id')::uuid
      and q.sender_type = 'visitor'
      and q.id <> (posted ->> 'id')::uuid
      and q.created_at >= conv.state_changed_at
      and private.question_words(q.body) = private.question_words(p_body)
  ) and cardinality(private.question_words(p_body)) >= 2
  into repeated;

  -- 3 articles, as the chat function always asked for: the answer cites at most two of them
  return posted || jsonb_build_object(
    'handled_by_team', false,
    'ai_over_budget', false,
    'low_confidence_action', conv.low_confidence_action,
    'visitor_email_known', conv.email_known,
    'repeated_question', repeated,
    'retrieval', public.widget_search_articles(p_session_token, p_body, 3),
    'history', turns
  );
end
$$;
comment on function public.widget_chat_turn(text, text, text, integer) is
  'One visitor chat turn: stores the message; in state bot returns what the assistant needs (retrieval, history, the '
  'organization''s low_confidence_action, whether the visitor''s email is known, whether the question repeats one asked since the assistant last got the conversation), '
  'otherwise handled_by_team with the state and no AI work.';
