-- The concierge's hand-over (issue 12): escalation reasons are constrained and recorded where
-- they happen (the assistant's answer, an agent's take-over), widget_chat_turn reports the
-- organization's low-confidence choice and a repeated question, an answer's cited articles are
-- counted as mentions exactly once, and a visitor rates only their own conversation's answers.
begin;
select plan(35);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon, authenticated, service_role;

-- reasons: the codes, the column's shape, the setting's values
select ok(private.is_escalation_reason('low_confidence') and private.is_escalation_reason('visitor_request')
  and private.is_escalation_reason('negative_sentiment') and private.is_escalation_reason('repeated_question')
  and private.is_escalation_reason('agent_takeover'), 'the five reasons are known');
select ok(not private.is_escalation_reason('ai_unsure') and not private.is_escalation_reason(null), 'others are not');
select throws_ok($$ update public.conversations set escalated_reason = 'Not A Code' where id = 'a2000000-0000-4000-8000-000000000001' $$,
  '23514', null, 'escalated_reason must be a lower-case code');
select throws_ok($$ update public.organizations set settings = settings || '{"low_confidence_action": "shrug"}'
  where id = 'a0000000-0000-4000-8000-000000000001' $$, '23514', null, 'low_confidence_action is offer_person or hand_over');

-- an admin sets it through update_organization_settings; an agent cannot
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(public.update_organization_settings('a0000000-0000-4000-8000-000000000001', '{"low_confidence_action": "hand_over"}'), 1,
  'an admin sets low_confidence_action');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is(public.update_organization_settings('a0000000-0000-4000-8000-000000000001', '{"low_confidence_action": "offer_person"}'), 0,
  'an agent changes nothing');
select tests.clear_authentication();
select is((select settings ->> 'low_confidence_action' from public.organizations where id = 'a0000000-0000-4000-8000-000000000001'),
  'hand_over', 'the admin''s choice stands');

-- widget_chat_turn tells the chat function the choice, the email and a repeated question
select tests.authenticate_as_anon();
insert into tok select 'a1', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'a2', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 'g1', public.widget_start_session('wk_globex_main', 'https://globex.com');
insert into tok select 'a3', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 't5', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a3'),
  'turn-93-000005', 'Where is my parcel?');
insert into tok select 't1', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
  'turn-93-000001', 'How long does shipping take?');
insert into tok select 't2', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
  'turn-93-000002', 'how long does the shipping take');
insert into tok select 't3', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a1'),
  'turn-93-000003', 'Can I return an item?');
select is((select r ->> 'low_confidence_action' from tok where name = 't1'), 'hand_over', 'the turn carries the organization''s choice');
select is((select r ->> 'visitor_email_known' from tok where name = 't1'), 'false', 'and that the visitor''s email is unknown');
select is((select r ->> 'repeated_question' from tok where name = 't1'), 'false', 'a first question is not repeated');
select is((select r ->> 'repeated_question' from tok where name = 't2'), 'true', 'the same words again are a repeated question');
select is((select r ->> 'repeated_question' from tok where name = 't3'), 'false', 'another question is not');
insert into tok select 't4', public.widget_chat_turn((select r ->> 'session_token' from tok where name = 'a2'),
  'turn-93-000004', 'How long does shipping take?');
select is((select r ->> 'repeated_question' from tok where name = 't4'), 'false', 'another visitor''s question does not count');

-- store_ai_reply: the cited articles become mentions once; the reason must be known
select tests.clear_authentication();
set local role service_role;
insert into tok select 'ai1', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'),
  'ai:turn-93-000001', 'Orders ship in 2 to 5 business days.',
  '{"confidence": 0.8, "intent": "answer", "sources": [{"id": "a6000000-0000-4000-8000-000000000003", "title": "Shipping times and tracking"}, {"id": "b6000000-0000-4000-8000-000000000001", "title": "not ours"}]}');
insert into tok select 'ai1again', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'),
  'ai:turn-93-000001', 'Orders ship in 2 to 5 business days.',
  '{"confidence": 0.8, "intent": "answer", "sources": [{"id": "a6000000-0000-4000-8000-000000000003", "title": "Shipping times and tracking"}]}');
insert into tok select 'ai2', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a3'),
  'ai:turn-93-000005', 'I''m not sure.', '{"confidence": 0.1, "intent": "handoff", "offer_human": true, "escalation_reason": "repeated_question", "sources": []}');
insert into tok select 'aig', public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a2'),
  'ai:turn-93-000004', 'Orders ship in 2 to 5 business days.',
  '{"confidence": 0.8, "intent": "answer", "sources": [{"id": "a6000000-0000-4000-8000-000000000003", "title": "Shipping times and tracking"}]}');
reset role;
select is((select count(*) from public.article_mentions m, tok
           where tok.name = 'a1' and m.conversation_id = (tok.r ->> 'conversation_id')::uuid),
  1::bigint, 'one mention for the one cited Acme article, though the answer was stored twice (another org''s id is ignored)');
select is((select m.article_id::text || ' ' || m.source || ' ' || (m.visitor_id is not null) from public.article_mentions m, tok
           where tok.name = 'a1' and m.conversation_id = (tok.r ->> 'conversation_id')::uuid),
  'a6000000-0000-4000-8000-000000000003 widget true', 'the mention names the article, the widget and the visitor');
select throws_ok($$ select public.store_ai_reply((select (r ->> 'conversation_id')::uuid from tok where name = 'a1'),
    'ai:turn-93-000003', 'x', '{"escalation_reason": "because"}') $$,
  '22023', null, 'an unknown escalation_reason in the metadata is refused');

-- widget_escalate records the assistant's reason, not the widget's visitor_request
select tests.authenticate_as_anon();
select throws_ok($$ select public.widget_escalate((select r ->> 'session_token' from tok where name = 'a1'), 'v93@example.com', null, 'ai_unsure') $$,
  '22023', null, 'a reason outside the list is refused');
select lives_ok($$ insert into tok select 'esc1', public.widget_escalate((select r ->> 'session_token' from tok where name = 'a3'),
    'v93@example.com', null, 'visitor_request') $$, 'the visitor asks for a person after a repeated question');
select tests.clear_authentication();
select is((select c.escalated_reason || ' / ' || (t.ai_context ->> 'reason') from public.conversations c
           join public.tickets t on t.conversation_id = c.id, tok where tok.name = 'a3' and c.id = (tok.r ->> 'conversation_id')::uuid),
  'repeated_question / repeated_question', 'conversation and ticket record repeated_question');
select tests.authenticate_as_anon();
select lives_ok($$ insert into tok select 'esc2', public.widget_escalate((select r ->> 'session_token' from tok where name = 'a2'),
    'w93@example.com', null, 'visitor_request') $$, 'a visitor whose last answer offered no person asks for one');
select tests.clear_authentication();
select is((select c.escalated_reason from public.conversations c, tok where tok.name = 'a2' and c.id = (tok.r ->> 'conversation_id')::uuid),
  'visitor_request', 'that is a visitor_request');

-- an agent's take-over records agent_takeover, and the reasons chart counts it
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select public.take_over_conversation('a2000000-0000-4000-8000-000000000004');
select tests.clear_authentication();
select is((select escalated_reason from public.conversations where id = 'a2000000-0000-4000-8000-000000000004'), 'agent_takeover',
  'a take-over records agent_takeover');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((select conversations from public.analytics_escalation_reasons(now() - interval '1 day', now() + interval '1 minute')
           where reason = 'agent_takeover'), 1::bigint, 'the reasons chart counts the take-over');

-- feedback: a visitor rates their own conversation's answers, once, changeably
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.answer_feedback $$, '42501', null, 'anon has no privilege on answer_feedback');
select throws_ok($$ select public.widget_rate_answer(null, (select (r ->> 'id')::uuid from tok where name = 'ai1'), 1) $$,
  '28000', null, 'anon without a session cannot rate');
select throws_ok($$ select public.widget_rate_answer((select r ->> 'session_token' from tok where name = 'a2'),
    (select (r ->> 'id')::uuid from tok where name = 'ai1'), -1) $$,
  'PGRST', null, 'a visitor cannot rate another conversation''s answer');
select throws_ok($$ select public.widget_rate_answer((select r ->> 'session_token' from tok where name = 'g1'),
    (select (r ->> 'id')::uuid from tok where name = 'ai1'), -1) $$,
  'PGRST', null, 'nor can another organization''s visitor');
select throws_ok($$ select public.widget_rate_answer((select r ->> 'session_token' from tok where name = 'a1'),
    (select (r ->> 'id')::uuid from tok where name = 't1'), 1) $$,
  'PGRST', null, 'a visitor message is not an answer');
select throws_ok($$ select public.widget_rate_answer((select r ->> 'session_token' from tok where name = 'a1'),
    (select (r ->> 'id')::uuid from tok where name = 'ai1'), 5) $$,
  '22023', null, 'a rating is 1 or -1');
select public.widget_rate_answer((select r ->> 'session_token' from tok where name = 'a1'), (select (r ->> 'id')::uuid from tok where name = 'ai1'), 1);
select public.widget_rate_answer((select r ->> 'session_token' from tok where name = 'a1'), (select (r ->> 'id')::uuid from tok where name = 'ai1'), -1);
select tests.clear_authentication();
select is((select string_agg(rating::text, ',') from public.answer_feedback where message_id = (select (r ->> 'id')::uuid from tok where name = 'ai1')),
  '-1', 'one rating per answer, the latest');

-- members read their organization's ratings only, and write none
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((select count(*) from public.answer_feedback where message_id = (select (r ->> 'id')::uuid from tok where name = 'ai1')), 1::bigint,
  'an Acme viewer reads the rating');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.answer_feedback set rating = 1 $$, '42501', null, 'not even an owner writes a rating directly');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.answer_feedback where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'a Globex owner reads no Acme rating');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.answer_feedback where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'the consultant with Globex active reads none either');

-- analytics: answer quality per cited article
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select is((select answers::text || ' ' || thumbs_up || ' ' || thumbs_down || ' ' || escalations
           from public.analytics_article_quality(now() - interval '1 day', now() + interval '1 minute')
           where article_id = 'a6000000-0000-4000-8000-000000000003'),
  '2 0 1 1', 'the shipping article: two answers, one thumbs down, one followed by an escalation');
select tests.clear_authentication();

select * from finish();
rollback;
