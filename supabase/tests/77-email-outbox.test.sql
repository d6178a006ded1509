-- The email outbox: who may read it (admins of the organization), that nobody writes it through
-- the API, that enqueueing is idempotent, that the claim and mark RPCs deliver each row once with
-- backoff, that unsubscribes are honoured, and the per-member escalation preference.
begin;
select plan(42);

-- fixtures, as postgres
insert into public.email_outbox (id, organization_id, kind, event_key, recipient, payload)
values ('e0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'transcript', 'test:acme', 'reader@example.com', '{}'),
       ('e0000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000001', 'transcript', 'test:globex', 'reader@example.com', '{}');

-- Reading: admins of the organization only
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.email_outbox where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'email_outbox: a Globex owner sees no Acme email');
select isnt_empty($$ select 1 from public.email_outbox where id = 'e0000000-0000-4000-8000-000000000002' $$,
  'email_outbox: a Globex owner sees Globex email');
select tests.authenticate_as('user_globex_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.email_outbox $$, 'email_outbox: a Globex owner whose token claims Acme sees nothing');
select tests.authenticate_as('user_consultant', 'b0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.email_outbox where organization_id = 'a0000000-0000-4000-8000-000000000001' $$,
  'email_outbox: the consultant with Globex active sees no Acme email');
select tests.authenticate_as('user_nobody', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.email_outbox $$, 'email_outbox: a non-member claiming Acme sees nothing');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.email_outbox $$, 'email_outbox: an Acme agent does not read the outbox (admins only)');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select ok(exists (select 1 from public.email_outbox where id = 'e0000000-0000-4000-8000-000000000001')
  and not exists (select 1 from public.email_outbox where organization_id <> 'a0000000-0000-4000-8000-000000000001'),
  'email_outbox: an Acme admin reads Acme email, and no other organization''s');

-- Writing: nobody, whatever their role
select throws_ok($$ insert into public.email_outbox (organization_id, kind, event_key, recipient)
  values ('a0000000-0000-4000-8000-000000000001', 'transcript', 'x', 'x@example.com') $$, '42501', null,
  'email_outbox: an Acme admin cannot insert');
select throws_ok($$ update public.email_outbox set status = 'pending' $$, '42501', null, 'email_outbox: an Acme admin cannot update');
select throws_ok($$ delete from public.email_outbox $$, '42501', null, 'email_outbox: an Acme admin cannot delete');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.email_outbox set recipient = 'evil@example.com' $$, '42501', null, 'email_outbox: an Acme owner cannot update');
select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.email_outbox $$, '42501', null, 'email_outbox: anon has no select privilege');
select throws_ok($$ insert into public.email_outbox (organization_id, kind, event_key, recipient)
  values ('a0000000-0000-4000-8000-000000000001', 'transcript', 'x', 'x@example.com') $$, '42501', null,
  'email_outbox: anon cannot insert');

-- The sender's RPCs are the service role's alone
select ok(not has_function_privilege('anon', 'public.email_claim(integer, integer)', 'execute')
  and not has_function_privilege('authenticated', 'public.email_claim(integer, integer)', 'execute'),
  'email_claim: neither anon nor authenticated may claim email');
select ok(not has_function_privilege('authenticated', 'public.email_mark(uuid, boolean, text, text, boolean)', 'execute')
  and not has_function_privilege('authenticated', 'public.email_unsubscribe(uuid, text, public.email_kind)', 'execute'),
  'email_mark, email_unsubscribe: not for authenticated');
select ok(has_function_privilege('service_role', 'public.email_claim(integer, integer)', 'execute'),
  'email_claim: the service role claims');
select tests.clear_authentication();

-- Enqueueing is idempotent per event and recipient
select private.enqueue_email('a0000000-0000-4000-8000-000000000001', 'transcript', 'test:twice', 'Twice@Example.com', '{}');
select private.enqueue_email('a0000000-0000-4000-8000-000000000001', 'transcript', 'test:twice', 'twice@example.com', '{}');
select is((select count(*) from public.email_outbox where event_key = 'test:twice'), 1::bigint,
  'enqueue_email: the same event for the same recipient enqueues one email (address lower-cased)');

-- Invitations enqueue their email in the same transaction
insert into public.invitations (organization_id, email, role, invited_by)
values ('a0000000-0000-4000-8000-000000000001', 'invitee@example.com', 'agent', 'user_acme_admin');
select is((select count(*) from public.email_outbox where kind = 'invitation' and recipient = 'invitee@example.com'), 1::bigint,
  'invitation: a new invitation enqueues one email to the invitee');
select set_config('concierge.clerk_origin', 'clerk', true);
insert into public.invitations (organization_id, email, role)
values ('a0000000-0000-4000-8000-000000000001', 'clerk-invitee@example.com', 'agent');
select set_config('concierge.clerk_origin', '', true);
select is((select count(*) from public.email_outbox where kind = 'invitation' and recipient = 'clerk-invitee@example.com'), 0::bigint,
  'invitation: one mirrored from Clerk (Clerk emails it itself) enqueues nothing');

-- Escalations: agents and above by default, viewers not, a member's opt-out honoured
insert into public.notification_preferences (organization_id, user_id, escalation_emails)
values ('a0000000-0000-4000-8000-000000000001', 'user_acme_owner', false),
       ('a0000000-0000-4000-8000-000000000001', 'user_acme_viewer', true);
update public.conversations set is_escalated = true, escalated_at = now()
where id = 'a2000000-0000-4000-8000-000000000002';
select set_eq($$ select o.recipient from public.email_outbox o where o.kind = 'escalation'
    and o.payload ->> 'conversation_id' = 'a2000000-0000-4000-8000-000000000002' $$,
  $$ select u.email from public.users u where u.id in ('user_acme_admin', 'user_acme_agent', 'user_consultant', 'user_acme_viewer') $$,
  'escalation: agents, admins and an opted-in viewer are emailed; the owner who opted out is not');

-- Claim and mark: each due row once, under a lease
select is((select count(*) from jsonb_array_elements(public.email_claim(100, 60)) e where e ->> 'id' = 'e0000000-0000-4000-8000-000000000001'), 1::bigint,
  'email_claim: returns the due row');
select is((select status::text || '/' || attempts from public.email_outbox where event_key = 'test:acme'), 'sending/1',
  'email_claim: the row is leased (sending, first attempt)');
select is((select count(*) from jsonb_array_elements(public.email_claim(100, 60)) e where e ->> 'id' = 'e0000000-0000-4000-8000-000000000001'), 0::bigint,
  'email_claim: a leased row is not claimed again');
select ok(public.email_mark('e0000000-0000-4000-8000-000000000001', false, null, 'connection refused'),
  'email_mark: a failed send is recorded');
select ok((select status = 'pending' and not_before > now() + interval '25 seconds' and last_error = 'connection refused'
           from public.email_outbox where event_key = 'test:acme'),
  'email_mark: a failure goes back to pending with a backoff');
select ok(not public.email_mark('e0000000-0000-4000-8000-000000000001', true, 'x'),
  'email_mark: a row no longer leased is not marked (a late sender cannot mark it sent)');
update public.email_outbox set not_before = now() where event_key = 'test:acme';
select is((select count(*) from jsonb_array_elements(public.email_claim(100, 60)) e where e ->> 'id' = 'e0000000-0000-4000-8000-000000000001'), 1::bigint,
  'email_claim: the retry is claimed when due');
select ok(public.email_mark('e0000000-0000-4000-8000-000000000001', true, '<id@example.com>'), 'email_mark: sent');
select is((select status::text from public.email_outbox where event_key = 'test:acme'), 'sent', 'email_mark: the row is sent');
select is((select count(*) from jsonb_array_elements(public.email_claim(100, 60)) e where e ->> 'id' = 'e0000000-0000-4000-8000-000000000001'), 0::bigint,
  'email_claim: a sent row is never claimed again');

-- A crashed sender's lease lapses and the row is claimed again (same row id: same Message-ID)
update public.email_outbox set status = 'sending', attempts = 1, lease_until = now() - interval '1 second', not_before = now()
where event_key = 'test:twice';
select is((select count(*) from jsonb_array_elements(public.email_claim(100, 60)) e where e ->> 'recipient' = 'twice@example.com'), 1::bigint,
  'email_claim: a row whose lease lapsed is claimed again');
select ok((select attempts = 2 from public.email_outbox where event_key = 'test:twice'), 'email_claim: and counts the attempt');

-- Eight attempts, then failed for good; a permanent refusal fails at once
update public.email_outbox set attempts = 8 where event_key = 'test:twice';
select ok(public.email_mark((select id from public.email_outbox where event_key = 'test:twice'), false, null, 'timeout'),
  'email_mark: the eighth failure is recorded');
select is((select status::text from public.email_outbox where event_key = 'test:twice'), 'failed', 'email_mark: after eight attempts the row fails');

-- Unsubscribes: queued rows are skipped, new ones too
select private.enqueue_email('a0000000-0000-4000-8000-000000000001', 'invitation', 'test:queued', 'queued@example.com', '{}');
select public.email_unsubscribe('a0000000-0000-4000-8000-000000000001', 'queued@example.com', 'invitation');
select is((select status::text || '/' || last_error from public.email_outbox where recipient = 'queued@example.com'), 'skipped/unsubscribed',
  'email_unsubscribe: the queued email is skipped');
select private.enqueue_email('a0000000-0000-4000-8000-000000000001', 'invitation', 'test:after-unsubscribe', 'queued@example.com', '{}');
select is((select status::text from public.email_outbox where event_key = 'test:after-unsubscribe'), 'skipped',
  'enqueue_email: an unsubscribed address gets no new email of that kind');

-- Agent replies: a visitor still on the page is not emailed
insert into public.visitor_sessions (organization_id, website_id, visitor_id, conversation_id, token_hash, last_seen_at)
select organization_id, website_id, visitor_id, id, repeat('ab', 32), now() - interval '30 seconds'
from public.conversations where id = 'a2000000-0000-4000-8000-000000000001';
select private.enqueue_email('a0000000-0000-4000-8000-000000000001', 'agent_reply', 'test:present', 'present@example.com',
  '{"conversation_id": "a2000000-0000-4000-8000-000000000001", "since": "2000-01-01T00:00:00Z"}');
select is((select count(*) from jsonb_array_elements(public.email_claim(100, 60)) e where e ->> 'recipient' = 'present@example.com'), 0::bigint,
  'email_claim: an agent reply is not emailed to a visitor on the page');
select is((select status::text || '/' || last_error from public.email_outbox where event_key = 'test:present'), 'skipped/visitor on the page',
  'email_claim: and the row says why');

-- Preferences: each member's own row only
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.notification_preferences $$, 'notification_preferences: an agent sees no one else''s preferences');
select throws_ok($$ insert into public.notification_preferences (organization_id, user_id, escalation_emails)
  values ('a0000000-0000-4000-8000-000000000001', 'user_acme_admin', false) $$, '42501', null,
  'notification_preferences: a member cannot set another member''s preference');
select lives_ok($$ insert into public.notification_preferences (organization_id, user_id, escalation_emails)
  values ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', false) $$,
  'notification_preferences: a member sets their own');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is(tests.row_count($$ update public.notification_preferences set escalation_emails = true $$), 0::bigint,
  'notification_preferences: an owner of another organization changes nothing');

select * from finish();
rollback;
