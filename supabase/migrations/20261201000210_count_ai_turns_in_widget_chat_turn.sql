-- The AI budget: widget_chat_turn (the chat function's one call before it asks the model) counts
-- each turn that needs an answer against the organization's daily ai_turns_per_day quota
-- (private.quota_limit) and, over it, says so instead of returning retrieval and history: the
-- chat function then offers a person without calling the model. Counted here, in the same
-- transaction as the visitor message, so a caller cannot reach the model without being counted.
-- Otherwise as in 20261123004100.

create or replace function public.widget_chat_turn(p_session_token text, p_client_msg_id text, p_body text, p_history integer default 0)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  posted jsonb;
  org uuid;
  turns jsonb := '[]'::jsonb;
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

  select c.organization_id into org from public.conversations c where c.id = (posted ->> 'conversation_id')::uuid;
  if private.quota_take('ai_turns_per_day', org, private.quota_limit(org, 'ai_turns_per_day'), 86400) > 0 then
    return posted || jsonb_build_object('ai_over_budget', true);
  end if;

  if p_history > 0 then
    -- the latest p_history messages the visitor can see, oldest first, without the one just posted
    select coalesce(jsonb_agg(jsonb_build_object('sender_type', x.m ->> 'sender_type', 'body', x.m ->> 'body') order by x.ord), '[]'::jsonb)
    into turns
    from (
      select t.m, t.ord
      from jsonb_array_elements(public.widget_messages(p_session_token) -> 'messages') with ordinality t(m, ord)
      where t.m ->> 'id' <> posted ->> 'id'
      order by t.ord desc
      limit p_history
    ) x;
  end if;

  -- 3 articles, as the chat function always asked for: the answer cites at most two of them
  return posted || jsonb_build_object(
    'ai_over_budget', false,
    'retrieval', public.widget_search_articles(p_session_token, p_body, 3),
    'history', turns
  );
end
$$;
comment on function public.widget_chat_turn(text, text, text, integer) is
  'Widget chat: post a visitor message (exactly as widget_post_message: idempotent on client_msg_id, 10 per minute, the stored reply on resend) '
  'and, unless the reply is already stored, count an AI turn against the organization''s daily budget (ai_turns_per_day) and return what the AI '
  'needs in the same call: retrieval (as widget_search_articles with 3 articles: assistant settings, terms, articles) and history (the latest '
  'p_history 0..20 visible messages before this one, oldest first, [{sender_type, body}]); over the budget, ai_over_budget = true and neither. '
  'Returns {id, created_at, duplicate, conversation_id, reply_key, reply, ai_over_budget?, retrieval?, history?}. '
  'Errors: those of widget_post_message; 22023 bad p_history.';
