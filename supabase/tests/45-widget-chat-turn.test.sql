-- widget_chat_turn, the chat function's one call before the stream: it posts only into the
-- session token's own conversation, retrieves only that organization's articles, is idempotent
-- with the stored reply on resend, keeps the per-visitor limit, and gives nothing without a token.
begin;
select plan(21);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;

select ok(has_function_privilege('anon', 'public.widget_chat_turn(text, text, text, integer)', 'execute')
  and has_function_privilege('authenticated', 'public.widget_chat_turn(text, text, text, integer)', 'execute'),
  'anon and authenticated execute widget_chat_turn, like the other widget RPCs');
select ok(not has_function_privilege('public', 'public.widget_chat_turn(text, text, text, integer)', 'execute'),
  'no default execute grant to public');

select tests.authenticate_as_anon();
insert into tok select 'a1', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'a2', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'g1', public.widget_start_session('wk_globex_main', 'https://globex.com');

-- anon without a valid token gets nothing and stores nothing
select throws_ok($$ select public.widget_chat_turn(null, 'turn-anon-01', 'How do I reset my password?') $$,
  '28000', 'invalid visitor session', 'no token: refused');
select throws_ok($$ select public.widget_chat_turn('vst_' || repeat('0', 64), 'turn-anon-02', 'How do I reset my password?') $$,
  '28000', 'invalid visitor session', 'a forged token: refused');
select throws_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'), 'turn-bad-hist', 'hi', 21) $$,
  '22023', 'history must be between 0 and 20 messages', 'an out-of-range history size is refused');
-- (counted as postgres: anon cannot read messages, so a count as anon would prove nothing)
select tests.clear_authentication();
select is((select count(*) from public.messages where client_msg_id in ('turn-anon-01', 'turn-anon-02', 'turn-bad-hist')),
  0::bigint, 'refused turns stored no message');
select tests.authenticate_as_anon();

-- a turn lands in the token's conversation and retrieves that organization's articles only
insert into tok select 't1', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
  'turn-a1-000001', 'How do I reset my password?');
select is((select r ->> 'conversation_id' from tok where name = 't1'), (select r ->> 'conversation_id' from tok where name = 'a1'),
  'the turn is posted into the session''s own conversation');
select tests.clear_authentication();
select is((select count(*) from public.messages m, tok
           where tok.name in ('a2', 'g1') and m.conversation_id = (tok.r ->> 'conversation_id')::uuid),
  0::bigint, 'nothing reaches another Acme visitor''s or Globex''s conversation');
select is((select r -> 'retrieval' -> 'articles' -> 0 ->> 'title' from tok where name = 't1'), 'How to reset your password',
  'the retrieval comes back in the same call');
select is((select count(*) from tok, jsonb_array_elements(r -> 'retrieval' -> 'articles') a
           where name = 't1' and (a ->> 'id')::uuid in (select id from public.articles where organization_id <> 'a0000000-0000-4000-8000-000000000001')),
  0::bigint, 'an Acme visitor''s turn retrieves no article of another organization');
select tests.authenticate_as_anon();
select is((select r -> 'retrieval' -> 'assistant' ->> 'name' || ' / ' || (r -> 'retrieval' -> 'assistant' ->> 'escalation_threshold') from tok where name = 't1'),
  'Acme Concierge / 0.55', 'with the organization''s assistant name and threshold');
select is((select r -> 'history' from tok where name = 't1'), '[]'::jsonb, 'no history when none is asked for');
insert into tok select 'tg', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'g1'),
  'turn-a1-000001', 'How do I reset my password?');
select is((select r -> 'retrieval' -> 'articles' -> 0 ->> 'title' from tok where name = 'tg'), 'Resetting your Globex password',
  'the same key and question from a Globex visitor: Globex''s conversation and articles');

-- idempotent: a resend returns the same ids and stores nothing new
insert into tok select 't1again', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
  'turn-a1-000001', 'How do I reset my password?');
select ok((select a.r ->> 'id' = b.r ->> 'id' and a.r ->> 'reply_key' = b.r ->> 'reply_key'
             and a.r ->> 'duplicate' = 'false' and b.r ->> 'duplicate' = 'true'
           from tok a, tok b where a.name = 't1' and b.name = 't1again'),
  'a resend returns the same message id and reply key, flagged duplicate');
-- once the reply is stored, a resend replays it and skips retrieval
select tests.clear_authentication();
select is((select count(*) from public.messages m, tok
           where tok.name = 'a1' and m.conversation_id = (tok.r ->> 'conversation_id')::uuid),
  1::bigint, 'the resend stored no second message');
set local role service_role;
insert into tok select 'ai1', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 't1'),
  (select r ->> 'reply_key' from tok where name = 't1'), 'Use the reset link.', '{"confidence": 0.9, "intent": "answer"}');
reset role;
select tests.authenticate_as_anon();
insert into tok select 't1replay', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
  'turn-a1-000001', 'How do I reset my password?', 8);
select is((select r -> 'reply' ->> 'id' from tok where name = 't1replay'), (select r ->> 'id' from tok where name = 'ai1'),
  'a resend after the reply returns the stored reply');
select ok((select not r ? 'retrieval' from tok where name = 't1replay'), 'and does no retrieval');

-- history: the visitor's visible earlier messages, never this one, never internal notes
select tests.clear_authentication();
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body, is_internal)
select 'a0000000-0000-4000-8000-000000000001', (r ->> 'conversation_id')::uuid, 'agent', 'user_acme_agent', 'INTERNAL: VIP', true
from tok where name = 'a1';
select tests.authenticate_as_anon();
insert into tok select 't2', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
  'turn-a1-000002', 'And shipping?', 8);
-- (one transaction: equal created_at, so compare as a sorted set)
select is((select array_agg(h ->> 'sender_type' || ':' || (h ->> 'body') order by h ->> 'sender_type')
           from tok, jsonb_array_elements(r -> 'history') h where name = 't2'),
  array['ai:Use the reset link.', 'visitor:How do I reset my password?'],
  'history holds the earlier visible messages, not the new one nor internal notes');
select is((select jsonb_array_length(r -> 'history') from tok where name = 't1again'), 0,
  'a turn without history asked gets none');

-- the per-visitor limit of widget_post_message holds here too
select lives_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a2'),
  'turn-limit-' || i, 'message ' || i) from generate_series(1, 10) i $$, 'ten turns in a minute are accepted');
select throws_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a2'), 'turn-limit-11', 'one too many') $$,
  'PT429', 'too many messages: at most 10 per minute', 'the eleventh is refused with PT429');

select * from finish();
rollback;
