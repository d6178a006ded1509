-- Team directory and "ask the team" (issue 15): the isolation matrix of profiles, chat sessions,
-- chat messages and saved contacts, and the rules that are their own (opted-out profiles, no
-- cross-organization saves, clicks only on one's own contacts, matching under RLS, admin-only
-- hiding and analytics).
begin;
select plan(162);

-- chat sessions, messages and saved contacts are private to the member who wrote them: the shared
-- isolation matrix with owner_scoped (colleagues in the organization must not read them either).
-- Fixtures (as postgres): a session of the Acme agent with one message, and a saved contact
insert into public.chat_sessions (id, organization_id, user_id, title) values
  ('a9000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'Who knows billing?'),
  ('a9000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000001', 'user_acme_admin', 'Admin''s own session');
insert into public.chat_messages (id, organization_id, session_id, user_id, role, content) values
  ('a9100000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'a9000000-0000-4000-8000-000000000001',
   'user_acme_agent', 'user', 'Who knows billing?');
insert into public.saved_contacts (id, organization_id, user_id, profile_id, session_id, reason) values
  ('a9200000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000001', 'user_acme_agent',
   'a8000000-0000-4000-8000-000000000002', 'a9000000-0000-4000-8000-000000000001', 'billing, refunds');

select * from tests.rls_matrix('public.chat_sessions',
  $$id = 'a9000000-0000-4000-8000-000000000001'$$,
  $$insert into public.chat_sessions (id, organization_id, user_id, title) values ('a9000000-0000-4000-8000-000000000099',
    'a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'new session')$$,
  $$id = 'a9000000-0000-4000-8000-000000000099'$$,
  $$title = 'renamed'$$, owner_scoped => true);

select * from tests.rls_matrix('public.chat_messages',
  $$id = 'a9100000-0000-4000-8000-000000000001'$$,
  $$insert into public.chat_messages (organization_id, session_id, user_id, role, content) values
    ('a0000000-0000-4000-8000-000000000001', 'a9000000-0000-4000-8000-000000000001', 'user_acme_agent', 'user', 'matrix message 95')$$,
  $$content = 'matrix message 95'$$,
  $$content = 'edited'$$, owner_scoped => true);

select * from tests.rls_matrix('public.saved_contacts',
  $$id = 'a9200000-0000-4000-8000-000000000001'$$,
  $$insert into public.saved_contacts (organization_id, user_id, profile_id, reason) values
    ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'a8000000-0000-4000-8000-000000000001', 'matrix save 95')$$,
  $$reason = 'matrix save 95'$$,
  $$email_clicks = email_clicks + 1$$, owner_scoped => true);

-- profiles: the seed row is the admin's own (only its owner updates it); the agent's is removed
-- so the agent can create theirs as the positive insert control
select tests.clear_authentication();
delete from public.profiles where id = 'a8000000-0000-4000-8000-000000000003';
select * from tests.rls_matrix('public.profiles',
  $$id = 'a8000000-0000-4000-8000-000000000002'$$,
  $$insert into public.profiles (organization_id, user_id, display_name, opted_in) values
    ('a0000000-0000-4000-8000-000000000001', 'user_acme_agent', 'Matrix Profile 95', true)$$,
  $$display_name = 'Matrix Profile 95'$$,
  $$bio = 'rewritten'$$,
  update_role => 'admin');

-- opted-out profiles are their owner's alone
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.profiles where id = 'a8000000-0000-4000-8000-000000000004' $$,
  'profiles: an Acme agent does not see an opted-out colleague''s profile');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.profiles where id = 'a8000000-0000-4000-8000-000000000004' $$,
  'profiles: not even the Acme owner sees an opted-out profile');
select tests.authenticate_as('user_acme_viewer', 'a0000000-0000-4000-8000-000000000001');
select isnt_empty($$ select 1 from public.profiles where id = 'a8000000-0000-4000-8000-000000000004' $$,
  'profiles: the opted-out member sees their own profile');
select throws_ok($$ update public.profiles set hidden_at = null where id = 'a8000000-0000-4000-8000-000000000004' $$,
  '42501', null, 'profiles: a member has no privilege on hidden_at (cannot unhide themself)');
select throws_ok($$ update public.profiles set linkedin_url = 'https://evil.example/in/vera' where id = 'a8000000-0000-4000-8000-000000000004' $$,
  '23514', null, 'profiles: a LinkedIn URL outside linkedin.com/in/ is refused');
select is(tests.row_count($$ update public.profiles set linkedin_url = 'https://www.linkedin.com/in/vera-rubin' where id = 'a8000000-0000-4000-8000-000000000004' $$),
  1::bigint, 'profiles: a linkedin.com/in/ URL is accepted');

-- the consultant keeps one profile per organization and sees the active one's only
select tests.authenticate_as('user_consultant', 'a0000000-0000-4000-8000-000000000001');
select results_eq($$ select id from public.profiles where user_id = 'user_consultant' $$,
  $$ values ('a8000000-0000-4000-8000-000000000005'::uuid) $$,
  'profiles: the consultant with Acme active sees only their Acme profile');

-- no active organization: nothing, never a fallback to every profile
select tests.authenticate_as('user_acme_agent', null);
select is_empty($$ select 1 from public.profiles $$, 'profiles: a member without an active organization sees no profile');
select is_empty($$ select 1 from public.match_profiles('refunds billing api shipping') $$,
  'match_profiles: no active organization, no matches (no fallback to all profiles)');
select tests.authenticate_as_anon();
select throws_ok($$ select * from public.match_profiles('refunds') $$, '42501', null, 'match_profiles: anon cannot call it');

-- matching: active organization only, listed only, never the asker
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select is((select profile_id from public.match_profiles('Who can help with a refund for a double charge on an invoice?') limit 1),
  'a8000000-0000-4000-8000-000000000002'::uuid, 'match_profiles: the billing lead ranks first for a refund question');
select ok((select 'refund' = any(matched_terms) from public.match_profiles('Who can help with a refund?') limit 1),
  'match_profiles: the matched terms name the question word that hit');
select is_empty($$ select 1 from public.match_profiles('refunds api billing strategy badges') m
  join public.profiles p on p.id = m.profile_id where p.organization_id <> 'a0000000-0000-4000-8000-000000000001' $$,
  'match_profiles: never a profile of another organization (Globex has refunds and api experts too)');
select is_empty($$ select 1 from public.match_profiles('analytics reporting data export escalations')
  where profile_id = 'a8000000-0000-4000-8000-000000000001' $$, 'match_profiles: the asker is never matched');
select is_empty($$ select 1 from public.match_profiles('shipping logistics')
  where profile_id = 'a8000000-0000-4000-8000-000000000004' $$, 'match_profiles: an opted-out profile is never matched');

-- saving: no cross-organization saves, no opted-out profile, a repeat is "already saved"
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ insert into public.saved_contacts (organization_id, profile_id) values
  ('a0000000-0000-4000-8000-000000000001', 'b8000000-0000-4000-8000-000000000001') $$,
  '42501', 'new row violates row-level security policy for table "saved_contacts"',
  'saved_contacts: an Acme member cannot save a Globex profile under Acme');
select throws_ok($$ insert into public.saved_contacts (organization_id, profile_id) values
  ('b0000000-0000-4000-8000-000000000001', 'b8000000-0000-4000-8000-000000000001') $$,
  '42501', 'new row violates row-level security policy for table "saved_contacts"',
  'saved_contacts: an Acme member cannot save a Globex profile under Globex');
select throws_ok($$ select * from public.save_contact('b8000000-0000-4000-8000-000000000001') $$,
  'PGRST', '{"code": "P0002", "hint": null, "details": null, "message": "profile not found"}', 'save_contact: a Globex profile is not found for an Acme member');
select throws_ok($$ select * from public.save_contact('a8000000-0000-4000-8000-000000000004') $$,
  'PGRST', '{"code": "P0002", "hint": null, "details": null, "message": "profile not found"}', 'save_contact: an opted-out profile cannot be saved');
select is((select already_saved from public.save_contact('a8000000-0000-4000-8000-000000000002', null, 'billing')),
  false, 'save_contact: the first save creates the contact');
select is((select already_saved from public.save_contact('a8000000-0000-4000-8000-000000000002', null, 'billing')),
  true, 'save_contact: a second save answers already saved, without error');
select is((select count(*) from public.saved_contacts where profile_id = 'a8000000-0000-4000-8000-000000000002'),
  1::bigint, 'save_contact: one row per saver and profile');
select throws_ok($$ insert into public.saved_contacts (organization_id, profile_id, session_id) values
  ('a0000000-0000-4000-8000-000000000001', 'a8000000-0000-4000-8000-000000000005', 'a9000000-0000-4000-8000-000000000001') $$,
  '23503', null, 'saved_contacts: a save cannot point at another member''s chat session');

-- clicks: only on one's own saved contact
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is(public.record_contact_click('a9200000-0000-4000-8000-000000000001', 'email'), null,
  'record_contact_click: the admin cannot record a click on the agent''s saved contact');
select tests.clear_authentication();
select results_eq($$ select email_clicks, email_clicked_at is null from public.saved_contacts
  where id = 'a9200000-0000-4000-8000-000000000001' $$, $$ values (1, true) $$,
  'record_contact_click: the refused click changed nothing (the one count is the matrix''s own update)');
select tests.authenticate_as('user_acme_agent', 'a0000000-0000-4000-8000-000000000001');
select isnt(public.record_contact_click('a9200000-0000-4000-8000-000000000001', 'email'), null,
  'record_contact_click: the saver records an email click');
select results_eq($$ select email_clicks, email_clicked_at is not null, linkedin_clicks from public.saved_contacts
  where id = 'a9200000-0000-4000-8000-000000000001' $$, $$ values (2, true, 0) $$,
  'record_contact_click: email_clicked_at is set and the count grows');
select throws_ok($$ select public.record_contact_click('a9200000-0000-4000-8000-000000000001', 'phone') $$, '22023', null,
  'record_contact_click: an unknown kind is refused');

-- chat messages belong to their session's owner
select throws_ok($$ insert into public.chat_messages (organization_id, session_id, user_id, role, content) values
  ('a0000000-0000-4000-8000-000000000001', 'a9000000-0000-4000-8000-000000000002', 'user_acme_agent', 'user', 'into the admin''s session') $$,
  '23503', null, 'chat_messages: a member cannot write into another member''s session');

-- hiding is for admins; a hidden profile leaves the directory and the matcher
select throws_ok($$ select public.set_profile_hidden('a8000000-0000-4000-8000-000000000002', true) $$, '42501', null,
  'set_profile_hidden: an agent cannot hide a profile');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select ok(public.set_profile_hidden('a8000000-0000-4000-8000-000000000002', true), 'set_profile_hidden: the owner hides a profile');
select ok(not public.set_profile_hidden('b8000000-0000-4000-8000-000000000001', true),
  'set_profile_hidden: the Acme owner cannot hide a Globex profile');
select isnt_empty($$ select 1 from public.profiles where id = 'a8000000-0000-4000-8000-000000000002' $$,
  'profiles: an admin still sees the hidden profile (to unhide it)');
select tests.authenticate_as('user_consultant', 'a0000000-0000-4000-8000-000000000001');
select is_empty($$ select 1 from public.profiles where id = 'a8000000-0000-4000-8000-000000000002' $$,
  'profiles: a member no longer sees the hidden profile');
select is_empty($$ select 1 from public.match_profiles('refunds invoices billing') where profile_id = 'a8000000-0000-4000-8000-000000000002' $$,
  'match_profiles: a hidden profile is never matched');

-- team analytics: admins and owners only, and they count the saves and clicks
select throws_ok($$ select public.team_analytics(now() - interval '1 day', now() + interval '1 day') $$, '42501', null,
  'team_analytics: an agent is refused');
select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select is((select (a ->> 'saves')::int from public.team_analytics(now() - interval '1 day', now() + interval '1 day') a), 2,
  'team_analytics: an admin sees the organization''s saves (of every member)');
select is((select (a ->> 'email_clicks')::int from public.team_analytics(now() - interval '1 day', now() + interval '1 day') a), 1,
  'team_analytics: and the email clicks');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is((select (a ->> 'saves')::int from public.team_analytics(now() - interval '1 day', now() + interval '1 day') a), 0,
  'team_analytics: the Globex owner sees none of Acme''s saves');

select * from finish();
rollback;
