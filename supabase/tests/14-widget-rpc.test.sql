-- The visitor API (widget_* functions, anon): a session token reaches only its own conversation,
-- website keys and origins are checked, writes are idempotent, escalation makes one ticket,
-- identity needs the right HMAC, and store_ai_reply is for the service role only.
begin;
select plan(55);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;
-- right HMAC for external_id cust_acme_77 (computed as postgres: anon cannot call pgcrypto)
insert into tok values ('hmac', to_jsonb(encode(extensions.hmac(convert_to('cust_acme_77', 'UTF8'),
  convert_to('acme-identity-secret-dev', 'UTF8'), 'sha256'), 'hex')));

-- grants
select ok(has_function_privilege('anon', 'public.widget_start_session(text, text, text)', 'execute')
  and has_function_privilege('anon', 'public.widget_chat_turn(text, text, text, integer)', 'execute')
  and has_function_privilege('anon', 'public.widget_messages(text, timestamptz)', 'execute')
  and has_function_privilege('anon', 'public.widget_escalate(text, text, text, text)', 'execute')
  and has_function_privilege('anon', 'public.widget_identify(text, text, text, text)', 'execute')
  and has_function_privilege('authenticated', 'public.widget_messages(text, timestamptz)', 'execute'),
  'anon and authenticated execute the widget functions');
select ok(not has_function_privilege('anon', 'public.widget_post_message(text, text, text)', 'execute')
  and not has_function_privilege('authenticated', 'public.widget_post_message(text, text, text)', 'execute')
  and not has_function_privilege('anon', 'public.widget_search_articles(text, text, integer)', 'execute')
  and not has_function_privilege('authenticated', 'public.widget_search_articles(text, text, integer)', 'execute'),
  'the calls widget_chat_turn superseded are not an API of their own');
select ok(not has_function_privilege('anon', 'public.store_ai_reply(uuid, text, text, jsonb)', 'execute')
  and not has_function_privilege('authenticated', 'public.store_ai_reply(uuid, text, text, jsonb)', 'execute'),
  'anon and authenticated cannot execute store_ai_reply');
select ok(has_function_privilege('service_role', 'public.store_ai_reply(uuid, text, text, jsonb)', 'execute'),
  'the service role executes store_ai_reply (positive control)');
select ok(not has_function_privilege('anon', 'private.widget_session(text)', 'execute'),
  'anon cannot call the session lookup helper directly');

-- start: website key and origin
select tests.authenticate_as_anon();
select lives_ok($$ insert into tok select 'a1', public.widget_start_session('wk_acme_main', 'https://acme.com') $$,
  'a visitor opens a session on acme.com');
select lives_ok($$ insert into tok select 'a2', public.widget_start_session('wk_acme_main', 'https://www.acme.com') $$,
  'a second Acme visitor opens a session');
select lives_ok($$ insert into tok select 'g1', public.widget_start_session('wk_globex_main', 'https://globex.com') $$,
  'a Globex visitor opens a session');
select ok((select r ->> 'session_token' ~ '^vst_[0-9a-f]{64}$' and r ->> 'resumed' = 'false' from tok where name = 'a1'),
  'a new session returns a fresh vst_ token');
select is((select r -> 'website' ->> 'name' || ' / ' || (r -> 'assistant' ->> 'name') from tok where name = 'a1'),
  'Acme main site / Acme Concierge', 'the session names the website and the org''s assistant');
select is((select count(distinct r ->> 'conversation_id') from tok where name in ('a1', 'a2', 'g1')), 3::bigint,
  'each new session gets its own conversation');
select throws_ok($$ select public.widget_start_session('wk_does_not_exist', 'https://acme.com') $$,
  'PGRST', '{"code": "P0002", "hint": null, "details": null, "message": "unknown website key"}', 'an unknown website key is refused');
select throws_ok($$ select public.widget_start_session('wk_acme_main', 'https://evil.example') $$,
  '42501', 'origin https://evil.example is not allowed for this website', 'a disallowed origin is refused');
select throws_ok($$ select public.widget_start_session('wk_globex_main', 'https://acme.com') $$,
  '42501', 'origin https://acme.com is not allowed for this website', 'Acme''s origin cannot open Globex''s widget');
select throws_ok($$ select public.widget_start_session('not a key', 'https://acme.com') $$,
  '22023', 'invalid website key', 'a malformed website key is refused');
select throws_ok($$ select public.widget_start_session('wk_acme_main', 'javascript:alert(1)') $$,
  '22023', 'invalid origin: expected scheme://host[:port]', 'a malformed origin is refused');

-- resume
select lives_ok($$ insert into tok select 'a1r', public.widget_start_session('wk_acme_main', 'https://acme.com',
    (select r ->> 'session_token' from tok where name = 'a1')) $$, 'a visitor resumes with its token');
select ok((select r1.r ->> 'conversation_id' = r2.r ->> 'conversation_id' and r2.r ->> 'resumed' = 'true'
             and not r2.r ? 'session_token'
           from tok r1, tok r2 where r1.name = 'a1' and r2.name = 'a1r'),
  'resuming returns the same conversation and no new token');
select lives_ok($$ insert into tok select 'a1other', public.widget_start_session('wk_acme_support', 'https://support.acme.com',
    (select r ->> 'session_token' from tok where name = 'a1')) $$, 'the token offered to another website');
select ok((select r1.r ->> 'conversation_id' <> r2.r ->> 'conversation_id' and r2.r ? 'session_token'
           from tok r1, tok r2 where r1.name = 'a1' and r2.name = 'a1other'),
  'a token of another website does not resume there: a new session starts');

-- forged and unknown tokens
select throws_ok($$ select public.widget_chat_turn('vst_' || repeat('0', 64), 'msg-forged-01', 'hi') $$,
  '28000', 'invalid visitor session', 'a forged token cannot post');
select throws_ok($$ select public.widget_messages('not-a-token') $$,
  '28000', 'invalid visitor session', 'a garbage token cannot read');
select throws_ok($$ select public.widget_escalate('vst_' || repeat('f', 64), 'x@example.com', null, null) $$,
  '28000', 'invalid visitor session', 'a forged token cannot escalate');
select throws_ok($$ select public.widget_identify(null, 'cust_acme_77', null, (select r #>> '{}' from tok where name = 'hmac')) $$,
  '28000', 'invalid visitor session', 'no token cannot identify');

-- post: idempotent, validated
select lives_ok($$ insert into tok select 'p1', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
    'msg-a1-000001', 'Where is my order #123?') $$, 'an Acme visitor posts a message');
select lives_ok($$ insert into tok select 'p1again', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
    'msg-a1-000001', 'Where is my order #123?') $$, 'the same client_msg_id is posted again');
select ok((select p.r ->> 'id' = q.r ->> 'id' and p.r ->> 'duplicate' = 'false' and q.r ->> 'duplicate' = 'true'
           from tok p, tok q where p.name = 'p1' and q.name = 'p1again'),
  'the retry returns the first message, flagged duplicate');
select throws_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'), 'msg-a1-000002', ' ') $$,
  '22023', 'body must be 1 to 4000 characters', 'a blank body is refused');
select throws_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'), 'msg-a1-000003', repeat('x', 4001)) $$,
  '22023', 'body must be 1 to 4000 characters', 'a body over 4000 characters is refused');
select throws_ok($$ select public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'), 'short', 'hi') $$,
  '22023', 'client_msg_id must be 8 to 100 printable ASCII characters without spaces', 'a short client_msg_id is refused');
select lives_ok($$ insert into tok select 'p2', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a2'),
    'msg-a2-000001', 'Do you ship to Norway?') $$, 'the second Acme visitor posts');
select lives_ok($$ insert into tok select 'p3', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'g1'),
    'msg-g1-000001', 'Is the lab open?') $$, 'the Globex visitor posts');

-- service role: AI reply (plain statements: pgTAP is not granted to service_role)
select tests.clear_authentication();
set local role service_role;
insert into tok select 'ai1', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'),
  'ai:msg-a1-000001', 'Order #123 ships tomorrow.',
  '{"confidence": 0.42, "intent": "order_status", "sources": [{"id": "a6000000-0000-4000-8000-000000000003", "title": "Shipping times and tracking", "score": 0.9}]}');
insert into tok select 'ai1again', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'),
  'ai:msg-a1-000001', 'Order #123 ships tomorrow.', '{}');
reset role;
-- staff notes written straight into a1's conversation
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body, is_internal)
select 'a0000000-0000-4000-8000-000000000001', (r ->> 'conversation_id')::uuid, 'agent', 'user_acme_agent', v.body, v.internal
from tok, (values ('INTERNAL: customer is a VIP', true), ('Hi, Alan here. Let me check that order.', false)) v(body, internal)
where name = 'a1';

select is((select count(*) from public.messages m join tok on tok.name = 'a1'
           where m.conversation_id = (tok.r ->> 'conversation_id')::uuid and m.client_msg_id in ('msg-a1-000001', 'ai:msg-a1-000001')),
  2::bigint, 'retries stored one visitor message and one AI reply');
select ok((select a.r ->> 'id' = b.r ->> 'id' and b.r ->> 'duplicate' = 'true' from tok a, tok b where a.name = 'ai1' and b.name = 'ai1again'),
  'store_ai_reply is idempotent on client_msg_id');
select throws_ok($$ select public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'), 'ai:msg-a1-never1', 'hi', '{}') $$,
  'P0002', 'no visitor message of this conversation has this reply key', 'an AI reply needs a visitor message to answer');
select throws_ok($$ select public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'), 'ai:msg-a2-000001', 'hi', '{}') $$,
  'P0002', 'no visitor message of this conversation has this reply key', 'another conversation''s question does not count');
select tests.authenticate_as_anon();
select throws_ok($$ select public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'), 'ai-forged-01', 'hi', '{}') $$,
  '42501', 'permission denied for function store_ai_reply', 'anon cannot store an AI reply');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'), 'ai-forged-02', 'hi', '{}') $$,
  '42501', 'permission denied for function store_ai_reply', 'an authenticated member cannot store an AI reply');

-- reading: only the session's own conversation, never internal notes
select tests.authenticate_as_anon();
insert into tok select 'm1', public.widget_messages((select r ->> 'session_token' from tok where name = 'a1'));
insert into tok select 'm2', public.widget_messages((select r ->> 'session_token' from tok where name = 'a2'));
insert into tok select 'mg', public.widget_messages((select r ->> 'session_token' from tok where name = 'g1'));
-- (one transaction: every message has the same created_at, so compare as a sorted set)
select is((select array_agg(x order by x) from (select m ->> 'sender_type' || ':' || (m ->> 'body') as x
             from tok, jsonb_array_elements(r -> 'messages') m where name = 'm1') s),
  array['agent:Hi, Alan here. Let me check that order.', 'ai:Order #123 ships tomorrow.', 'visitor:Where is my order #123?'],
  'the Acme visitor reads its own conversation (visitor, AI and agent messages)');
select is_empty($$ select 1 from tok, jsonb_array_elements(r -> 'messages') m where name = 'm1' and m ->> 'body' like 'INTERNAL%' $$,
  'internal notes are never returned to the visitor');
select is((select m -> 'sources' from tok, jsonb_array_elements(r -> 'messages') m where name = 'm1' and m ->> 'sender_type' = 'ai'),
  '[{"id": "a6000000-0000-4000-8000-000000000003", "title": "Shipping times and tracking"}]'::jsonb,
  'AI messages carry their sources (id and title only)');
select is((select m ->> 'agent_name' from tok, jsonb_array_elements(r -> 'messages') m where name = 'm1' and m ->> 'sender_type' = 'agent'),
  'Alan', 'agent messages carry the agent''s display name');
select is((select array_agg(m ->> 'body') from tok, jsonb_array_elements(r -> 'messages') m where name = 'm2'),
  array['Do you ship to Norway?'], 'another Acme visitor reads only its own message, not the first visitor''s');
select is((select array_agg(m ->> 'body') from tok, jsonb_array_elements(r -> 'messages') m where name = 'mg'),
  array['Is the lab open?'], 'the Globex visitor reads only its own conversation');

-- escalate: one ticket, numbered in the website's organization
select lives_ok($$ insert into tok select 'e1', public.widget_escalate((select r ->> 'session_token' from tok where name = 'a1'),
    ' Jane.Roe@Example.com ', 'Jane Roe', null) $$, 'the Acme visitor asks for a person');
select lives_ok($$ insert into tok select 'e1again', public.widget_escalate((select r ->> 'session_token' from tok where name = 'a1'),
    'jane.roe@example.com', 'Jane Roe', null) $$, 'and asks again');
select ok((select a.r ->> 'ticket_ref' = 'ACM-003' and a.r ->> 'created' = 'true'
             and b.r ->> 'ticket_id' = a.r ->> 'ticket_id' and b.r ->> 'created' = 'false'
           from tok a, tok b where a.name = 'e1' and b.name = 'e1again'),
  'escalating twice yields one ticket, ACM-003, created once');
select throws_ok($$ select public.widget_escalate((select r ->> 'session_token' from tok where name = 'a2'), 'not-an-email', null, null) $$,
  '22023', 'invalid email address', 'a malformed email is refused');

select tests.clear_authentication();
select is((select concat_ws(' | ', t.organization_id, t.subject, t.original_query, t.customer_email, t.customer_name,
             t.ai_context ->> 'confidence', t.ai_context ->> 'reason', c.is_escalated, c.escalated_reason, c.escalated_at is not null,
             v.email, v.name)
           from tok join public.tickets t on t.id = (tok.r ->> 'ticket_id')::uuid
           join public.conversations c on c.id = t.conversation_id
           join public.visitors v on v.id = c.visitor_id
           where tok.name = 'e1'),
  'a0000000-0000-4000-8000-000000000001 | Where is my order #123? | Where is my order #123? | jane.roe@example.com | Jane Roe | 0.42 | visitor_request | t | visitor_request | t | jane.roe@example.com | Jane Roe',
  'the ticket takes the first visitor message and last AI context; conversation escalated; visitor gets email and name');

-- identify: HMAC of external_id with the website secret
select tests.authenticate_as_anon();
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 'a1'), 'cust_acme_77', 'x@example.com', repeat('0', 64)) $$,
  '28000', 'identity verification failed', 'a wrong HMAC is refused');
select tests.clear_authentication();
select is((select concat_ws(',', v.external_id, v.email) from tok join public.visitors v on v.id = (tok.r ->> 'visitor_id')::uuid where tok.name = 'a1'),
  'jane.roe@example.com', 'the visitor is unchanged after a wrong HMAC');
select tests.authenticate_as_anon();
select lives_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 'a1'), 'cust_acme_77', null,
    (select upper(r #>> '{}') from tok where name = 'hmac')) $$, 'the right HMAC links the visitor');
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 'g1'), 'cust_acme_77', null,
    (select r #>> '{}' from tok where name = 'hmac')) $$,
  'PGRST', '{"code": "55000", "hint": null, "details": null, "message": "identity verification is not configured for this website"}', 'a website without a secret cannot identify');
select tests.clear_authentication();
select is((select v.external_id from tok join public.visitors v on v.id = (tok.r ->> 'visitor_id')::uuid where tok.name = 'a1'),
  'cust_acme_77', 'the visitor now carries the external id');

-- a revoked session stops working at once
update public.visitor_sessions set revoked_at = now()
where token_hash = encode(sha256(convert_to((select r ->> 'session_token' from tok where name = 'a2'), 'UTF8')), 'hex');
select tests.authenticate_as_anon();
select throws_ok($$ select public.widget_messages((select r ->> 'session_token' from tok where name = 'a2')) $$,
  '28000', 'invalid visitor session', 'a revoked token is refused');

select * from finish();
rollback;
