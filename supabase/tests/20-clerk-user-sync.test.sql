-- public.sync_clerk_user: the Clerk webhook's user sync. Service role only; assignment order
-- invitation > verified domain > default org > personal org; idempotent per Svix delivery;
-- user.deleted removes memberships and keeps the transcript's sender ids.
begin;
select plan(41);

-- A Clerk user event: one email address, verified unless told otherwise.
create function pg_temp.ev(kind text, id text, email text, verified boolean default true, first text default 'Test')
returns jsonb language sql as $$
  select jsonb_build_object('type', kind, 'data', jsonb_build_object(
    'id', id, 'first_name', first, 'last_name', 'User', 'primary_email_address_id', 'idn_1',
    'email_addresses', jsonb_build_array(jsonb_build_object('id', 'idn_1', 'email_address', email,
      'verification', jsonb_build_object('status', case when verified then 'verified' else 'unverified' end)))))
$$;
create function pg_temp.orgs_of(uid text) returns text language sql as $$
  select coalesce(string_agg(o.slug || ':' || m.role, ',' order by o.slug), '')
  from public.organization_members m join public.organizations o on o.id = m.organization_id where m.user_id = uid
$$;

-- privileges
select ok(not has_function_privilege('anon', 'public.sync_clerk_user(text, jsonb)', 'execute'), 'anon cannot run the user sync');
select ok(not has_function_privilege('authenticated', 'public.sync_clerk_user(text, jsonb)', 'execute'), 'a signed-in member cannot run the user sync');
select ok(has_function_privilege('service_role', 'public.sync_clerk_user(text, jsonb)', 'execute'), 'the service role runs it (positive control)');
select ok(not has_table_privilege('authenticated', 'private.clerk_webhook_deliveries', 'select')
  and not has_table_privilege('service_role', 'private.clerk_webhook_deliveries', 'select')
  and not has_table_privilege('anon', 'private.clerk_webhook_deliveries', 'select'), 'no API role reads the delivery log');
select ok((select relrowsecurity from pg_class where oid = 'private.clerk_webhook_deliveries'::regclass), 'the delivery log has RLS on');
select tests.authenticate_as('user_acme_owner', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ select public.sync_clerk_user('msg_pgtap20_evil', pg_temp.ev('user.created', 'user_evil', 'evil@acme.com')) $$,
  '42501', null, 'an Acme owner calling it gets permission denied');
select tests.clear_authentication();
set local role service_role;
create temp table sr_result as select public.sync_clerk_user('msg_pgtap20_sr', jsonb_build_object('type', 'user.created', 'data', jsonb_build_object(
  'id', 'user_sr', 'email_addresses', jsonb_build_array(jsonb_build_object('email_address', 'sr@acme.com', 'verification', jsonb_build_object('status', 'verified')))))) r;
reset role;
select is((select r ->> 'status' from sr_result), 'processed', 'as the service role it runs');

-- 1. an invitation wins over the domain
insert into public.invitations (organization_id, email, role, invited_by)
values ('b0000000-0000-4000-8000-000000000001', 'ivy@acme.com', 'viewer', 'user_globex_owner');
select is(public.sync_clerk_user('msg_pgtap20_1', pg_temp.ev('user.created', 'user_ivy', 'ivy@acme.com')) -> 'organizations' -> 0 ->> 'via',
  'invitation', 'an invited sign-up joins through the invitation');
select is(pg_temp.orgs_of('user_ivy'), 'globex:viewer', 'and lands in the inviting org with the invited role, not in the domain''s org');
select is((select status::text || (accepted_at is not null)::text from public.invitations where email = 'ivy@acme.com'), 'acceptedtrue',
  'the invitation is marked accepted');

-- 2. the domain wins over the default organization (make Globex the default to tell them apart)
update public.organizations set settings = settings - 'default_org' where slug = 'acme';
update public.organizations set settings = settings || '{"default_org": true}' where slug = 'globex';
select is(public.sync_clerk_user('msg_pgtap20_2', pg_temp.ev('user.created', 'user_dora', 'Dora@Acme.com')) -> 'organizations' -> 0 ->> 'via',
  'domain', 'a verified acme.com sign-up joins through the domain');
select is(pg_temp.orgs_of('user_dora'), 'acme:agent', 'with the domain''s role, in Acme and not the default org');
select is((select email from public.users where id = 'user_dora'), 'dora@acme.com', 'the email is stored lower-case');

-- 3. an unverified email does not get the domain: default organization instead
select is(public.sync_clerk_user('msg_pgtap20_3', pg_temp.ev('user.created', 'user_unv', 'unv@acme.com', false)) -> 'organizations' -> 0 ->> 'via',
  'default', 'an unverified acme.com sign-up does not join by domain');
select is(pg_temp.orgs_of('user_unv'), 'globex:viewer', 'it lands in the default org as a viewer');

-- 4. the default organization wins over a personal one
select is(pg_temp.orgs_of((public.sync_clerk_user('msg_pgtap20_4', pg_temp.ev('user.created', 'user_rand', 'rand@random.example')) ->> 'user_id')),
  'globex:viewer', 'a sign-up from an unknown domain joins the default org as a viewer');

-- 5. no default: a personal organization they own
update public.organizations set settings = settings - 'default_org' where slug = 'globex';
select is(public.sync_clerk_user('msg_pgtap20_5', pg_temp.ev('user.created', 'user_solo', 'solo@random.example', true, 'Sol')) -> 'organizations' -> 0 ->> 'via',
  'personal', 'without a default org the sign-up gets a personal org');
select is((select o.kind::text || ':' || m.role::text || ':' || o.ticket_prefix || ':' || (o.slug ~ '^sol-user-[0-9a-f]{6}$')::text
           from public.organization_members m join public.organizations o on o.id = m.organization_id where m.user_id = 'user_solo'),
  'personal:owner:SOL:true', 'owned by them, kind personal, slug and ticket prefix from their name');

-- 6. another organization's pending claim on a verified domain neither captures nor blocks its sign-ups
insert into public.organization_domains (organization_id, domain) values ('b0000000-0000-4000-8000-000000000001', 'acme.com');
select is(public.sync_clerk_user('msg_pgtap20_6', pg_temp.ev('user.created', 'user_twice', 'twice@acme.com')) -> 'organizations' -> 0 ->> 'slug',
  'acme', 'a second, unverified claim on acme.com does not stop auto-join into Acme, which verified it');
delete from public.organization_domains where organization_id = 'b0000000-0000-4000-8000-000000000001';

-- 7. an expired invitation or one to an unverified email is not accepted
insert into public.invitations (organization_id, email, role, invited_by, expires_at, created_at)
values ('b0000000-0000-4000-8000-000000000001', 'old@random.example', 'agent', 'user_globex_owner', now() - interval '1 day', now() - interval '8 days');
insert into public.invitations (organization_id, email, role, invited_by)
values ('b0000000-0000-4000-8000-000000000001', 'unverified@random.example', 'admin', 'user_globex_owner');
do $$ begin
  perform public.sync_clerk_user('msg_pgtap20_7a', pg_temp.ev('user.created', 'user_old', 'old@random.example'));
  perform public.sync_clerk_user('msg_pgtap20_7b', pg_temp.ev('user.created', 'user_unverified', 'unverified@random.example', false));
end $$;
select ok(pg_temp.orgs_of('user_old') !~ 'globex' and pg_temp.orgs_of('user_unverified') !~ 'globex',
  'expired invitations and unverified emails join nothing through an invitation');

-- 8. replays: the same delivery id changes nothing
create temp table before_replay as select (select count(*) from public.organizations) orgs, (select count(*) from public.organization_members) members;
select is((public.sync_clerk_user('msg_pgtap20_5', pg_temp.ev('user.created', 'user_solo', 'solo@random.example', true, 'Sol')) ->> 'duplicate')::boolean,
  true, 'a replayed delivery is reported as a duplicate');
select is((public.sync_clerk_user('msg_pgtap20_5', '{"type": "user.deleted", "data": {"id": "user_solo"}}') ->> 'duplicate')::boolean, true,
  'a delivery id seen before with another body is a duplicate too');
select ok(exists (select 1 from public.users where id = 'user_solo'), 'so the user is not deleted by it');
select is((select row(count(*), (select count(*) from public.organization_members))::text from public.organizations),
  (select row(orgs, members)::text from before_replay), 'replays create no organization and no membership');

-- 9. user.updated: never joins an existing user to anything (they accept invitations themselves)
select is(public.sync_clerk_user('msg_pgtap20_9a', pg_temp.ev('user.updated', 'user_nobody', 'nora@nowhere.example')) -> 'organizations', '[]'::jsonb,
  'an update of a user without memberships assigns no organization');
select is(pg_temp.orgs_of('user_nobody'), '', 'user_nobody still belongs nowhere');
insert into public.invitations (organization_id, email, role, invited_by)
values ('a0000000-0000-4000-8000-000000000001', 'nora@nowhere.example', 'agent', 'user_acme_owner');
select is(public.sync_clerk_user('msg_pgtap20_9b', pg_temp.ev('user.updated', 'user_nobody', 'nora@nowhere.example', true, 'Nora')) -> 'organizations', '[]'::jsonb,
  'signing in after an invitation does not accept it on the user''s behalf');
select is(pg_temp.orgs_of('user_nobody') || ':' || (select status::text from public.invitations where email = 'nora@nowhere.example'), ':pending',
  'user_nobody is in no organization and the invitation waits for them');
select is(public.sync_clerk_user('msg_pgtap20_9c', pg_temp.ev('user.updated', 'user_acme_viewer', 'vera@acme.com', true, 'Vera')) -> 'organizations', '[]'::jsonb,
  'an update of an existing member changes no membership');
select is(pg_temp.orgs_of('user_acme_viewer'), 'acme:viewer', 'the viewer stays a viewer');

-- 10. user.deleted: memberships go, messages keep their sender, assignments are cleared
create temp table agent_messages as select id from public.messages where sender_id = 'user_acme_agent';
select is(public.sync_clerk_user('msg_pgtap20_10', '{"type": "user.deleted", "data": {"id": "user_acme_agent", "deleted": true}}') ->> 'deleted',
  'true', 'user.deleted deletes the user');
select is(pg_temp.orgs_of('user_acme_agent'), '', 'the deleted user has no memberships left');
select ok((select count(*) from agent_messages) > 0 and (select count(*) from public.messages m join agent_messages a using (id) where m.sender_id = 'user_acme_agent')
  = (select count(*) from agent_messages), 'every message they sent keeps sender_id for audit');
select is((select assignee_id from public.tickets where id = 'a3000000-0000-4000-8000-000000000001'), null, 'their tickets become unassigned');
select is(public.sync_clerk_user('msg_pgtap20_10b', pg_temp.ev('user.updated', 'user_acme_agent', 'alan@acme.com')) ->> 'status', 'ignored',
  'a late update after the deletion is ignored');
select ok(not exists (select 1 from public.users where id = 'user_acme_agent'), 'and does not bring the user back');

-- 11. bad events
select throws_ok($$ select public.sync_clerk_user('msg_pgtap20_11a', '{"type": "organization.created", "data": {"id": "org_1"}}') $$,
  '22023', null, 'other event types are refused');
select throws_ok($$ select public.sync_clerk_user('msg_pgtap20_11b', '{"type": "user.created", "data": {"id": "user x"}}') $$,
  '22023', null, 'a malformed user id is refused');
select throws_ok($$ select public.sync_clerk_user('msg_pgtap20_11c', '{"type": "user.created", "data": {"id": "user_noemail", "email_addresses": []}}') $$,
  '22023', null, 'a user without an email is refused');
select throws_ok($$ select public.sync_clerk_user('', pg_temp.ev('user.created', 'user_x', 'x@acme.com')) $$,
  '22023', null, 'a delivery without an id is refused');
select ok(not exists (select 1 from public.users where id in ('user_noemail', 'user_x')), 'refused events write nothing');

select * from finish();
rollback;
