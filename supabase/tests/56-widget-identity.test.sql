-- Identity on a shared browser (widget_identify, widget_start_session): a session of an identified
-- visitor is never handed to someone else, an anonymous one may be claimed (log-in), and the v2
-- signature covers external_id, email and an expiry while v1 is still read.
begin;
select plan(27);

create temp table tok (name text primary key, r jsonb);
grant select, insert on tok to anon;
-- signatures computed as postgres (anon cannot call pgcrypto) with Acme main's seeded secret
create temp table sig (name text primary key, v text);
grant select on sig to anon;
insert into sig
select name, 'v2.' || exp || '.' || encode(extensions.hmac(convert_to('v2|' || ext || '|' || email || '|' || exp, 'UTF8'),
  convert_to('acme-identity-secret-dev', 'UTF8'), 'sha256'), 'hex')
from (values
  ('alice', 't56-alice', 'alice@example.com', extract(epoch from now())::bigint + 3600),
  ('alice_new_email', 't56-alice', 'alice@new.example', extract(epoch from now())::bigint + 3600),
  ('bob', 't56-bob', '', extract(epoch from now())::bigint + 3600),
  ('alice_expired', 't56-alice', 'alice@example.com', extract(epoch from now())::bigint - 60),
  ('pipe', 't56-pipe', 'a|b@example.com', extract(epoch from now())::bigint + 3600)
) as t (name, ext, email, exp);
insert into sig values
  ('carol_v1', encode(extensions.hmac(convert_to('t56-carol', 'UTF8'), convert_to('acme-identity-secret-dev', 'UTF8'), 'sha256'), 'hex')),
  ('v2_shaped_v1', encode(extensions.hmac(convert_to('v2|t56-alice||9999999999', 'UTF8'), convert_to('acme-identity-secret-dev', 'UTF8'), 'sha256'), 'hex'));

-- the helpers stay private
select ok(not has_function_privilege('anon', 'private.verify_identity_signature(text, text, text, text)', 'execute')
  and not has_function_privilege('authenticated', 'private.verify_identity_signature(text, text, text, text)', 'execute')
  and not has_function_privilege('anon', 'private.constant_time_equal(bytea, bytea)', 'execute'),
  'anon and authenticated cannot call the signature helpers');
select ok(private.constant_time_equal('\x0102'::bytea, '\x0102'::bytea)
  and not private.constant_time_equal('\x0102'::bytea, '\x0103'::bytea)
  and not private.constant_time_equal('\x01'::bytea, '\x0102'::bytea)
  and not private.constant_time_equal(null, '\x01'::bytea),
  'constant_time_equal: equal bytes only, any length mismatch or null is false');

select tests.authenticate_as_anon();
insert into tok select 's1', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 's2', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 's3', public.widget_start_session('wk_acme_main', 'https://acme.com');
insert into tok select 's4', public.widget_start_session('wk_acme_main', 'https://acme.com');

-- v2: the right signature links; a changed email, an expired or malformed signature do not
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-alice', 'mallory@example.com',
    (select v from sig where name = 'alice')) $$,
  '28000', 'identity verification failed', 'v2: a signature for another email is refused');
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-alice', 'alice@example.com',
    (select v from sig where name = 'alice_expired')) $$,
  '28000', 'identity signature expired', 'v2: an expired signature is refused');
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-alice', 'alice@example.com',
    replace((select v from sig where name = 'alice'), 'v2.', 'v2.1')) $$,
  '28000', 'identity verification failed', 'v2: a later expiry than the one signed is refused');
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-alice', 'alice@example.com',
    'v3.1.' || repeat('0', 64)) $$,
  '22023', null, 'an unknown signature format is a bad argument');
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-pipe', 'a|b@example.com',
    (select v from sig where name = 'pipe')) $$,
  '22023', 'email must not contain |', 'v2: an email with the separator is refused (it would make the signed string ambiguous)');
select lives_ok($$ insert into tok select 'id1', public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-alice',
    'alice@example.com', (select v from sig where name = 'alice')) $$,
  'v2: the right signature links an anonymous session to alice');
select tests.clear_authentication();
select is((select v.external_id || ' ' || v.email from tok join public.visitors v on v.id = (tok.r ->> 'visitor_id')::uuid where tok.name = 's1'),
  't56-alice alice@example.com', 'the session''s visitor is now alice, with the signed email');

-- v1 (deprecated) is still read, and cannot pass for a v2 message
select tests.authenticate_as_anon();
select lives_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's4'), 't56-carol', null,
    (select v from sig where name = 'carol_v1')) $$,
  'v1: an HMAC of external_id alone is still accepted for this release');
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's2'), 'v2|t56-alice||9999999999', null,
    (select v from sig where name = 'v2_shaped_v1')) $$,
  '28000', 'identity verification failed', 'v1: an external_id shaped like a v2 message is refused');

-- start_session tells an identified visitor's session apart
insert into tok select 's1r', public.widget_start_session('wk_acme_main', 'https://acme.com', (select r ->> 'session_token' from tok where name = 's1'));
insert into tok select 's2r', public.widget_start_session('wk_acme_main', 'https://acme.com', (select r ->> 'session_token' from tok where name = 's2'));
select is((select r ->> 'identified' from tok where name = 's1r'), 'true', 'resuming alice''s session says it is identified');
select is((select r ->> 'identified' from tok where name = 's2r'), 'false', 'resuming an anonymous session says it is not');
select is((select r ->> 'identified' from tok where name = 's3'), 'false', 'a new session is not identified');

-- the same person again: fine, and a v2 signature may update the email
select lives_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-alice',
    'alice@new.example', (select v from sig where name = 'alice_new_email')) $$,
  'alice identifies again on her own session');

-- someone else on alice's session: refused, nothing rewritten or moved
select lives_ok($$ insert into tok select 'id2', public.widget_identify((select r ->> 'session_token' from tok where name = 's2'), 't56-bob',
    null, (select v from sig where name = 'bob')) $$, 'bob identifies on his own session');
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-bob', null,
    (select v from sig where name = 'bob')) $$,
  'PT409', 'this session belongs to another identified visitor; start a new session',
  'bob on alice''s session (bob known) is refused');
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's4'), 't56-alice', 'alice@example.com',
    (select v from sig where name = 'alice')) $$,
  'PT409', 'this session belongs to another identified visitor; start a new session',
  'alice on carol''s session is refused (an identified conversation never moves)');
select tests.clear_authentication();
select is((select v.external_id || ' ' || v.email from tok join public.visitors v on v.id = (tok.r ->> 'visitor_id')::uuid where tok.name = 's1'),
  't56-alice alice@new.example', 'alice''s visitor keeps her external_id');
select is((select c.visitor_id::text from tok join public.conversations c on c.id = (tok.r ->> 'conversation_id')::uuid where tok.name = 's1'),
  (select r ->> 'visitor_id' from tok where name = 's1'), 'alice''s conversation is still hers');
select is((select s.visitor_id::text from tok join public.visitor_sessions s
             on s.token_hash = encode(sha256(convert_to(tok.r ->> 'session_token', 'UTF8')), 'hex') where tok.name = 's1'),
  (select r ->> 'visitor_id' from tok where name = 's1'), 'alice''s session is still hers');
select is((select c.visitor_id::text from tok join public.conversations c on c.id = (tok.r ->> 'conversation_id')::uuid where tok.name = 's4'),
  (select r ->> 'visitor_id' from tok where name = 's4'), 'carol''s conversation is still hers');
select is((select count(*) from public.visitors where external_id in ('t56-alice', 't56-bob', 't56-carol')), 3::bigint,
  'one visitor each for alice, bob and carol');

select tests.authenticate_as_anon();
select throws_ok($$ select public.widget_identify((select r ->> 'session_token' from tok where name = 's1'), 't56-dave', null,
    repeat('0', 64)) $$,
  '28000', 'identity verification failed', 'a wrong signature is refused before the session rule is even looked at');

-- an anonymous session claimed by a known customer: the log-in flow still attaches it
select lives_ok($$ insert into tok select 'id3', public.widget_identify((select r ->> 'session_token' from tok where name = 's3'), 't56-alice',
    'alice@example.com', (select v from sig where name = 'alice')) $$,
  'alice logs in after chatting anonymously on another session');
select tests.clear_authentication();
select is((select c.visitor_id::text from tok join public.conversations c on c.id = (tok.r ->> 'conversation_id')::uuid where tok.name = 's3'),
  (select r ->> 'visitor_id' from tok where name = 's1'), 'the anonymous conversation moves to alice''s visitor');
select is((select r ->> 'visitor_id' from tok where name = 'id3'), (select r ->> 'visitor_id' from tok where name = 's1'),
  'identify answers with alice''s visitor');

select * from finish();
rollback;
