-- websites: members read, admins manage; the widget key is global, everything else per org.
begin;
select plan(33);

select * from tests.rls_matrix(
  'public.websites',
  $$id = 'a1000000-0000-4000-8000-000000000001'$$,
  $$insert into public.websites (id, organization_id, domain, name, allowed_origins)
    values ('a1000000-0000-4000-8000-0000000000f1', 'a0000000-0000-4000-8000-000000000001', 'blog.acme.com', 'Acme blog', '{https://blog.acme.com}')$$,
  $$id = 'a1000000-0000-4000-8000-0000000000f1'$$,
  $$name = 'Acme home'$$,
  insert_role => 'admin', update_role => 'admin', delete_role => 'admin'
);

select tests.authenticate_as('user_acme_admin', 'a0000000-0000-4000-8000-000000000001');
select throws_ok($$ update public.websites set organization_id = 'b0000000-0000-4000-8000-000000000001' where id = 'a1000000-0000-4000-8000-000000000002' $$,
  '42501', null, 'a website cannot move to another organization (no update privilege on organization_id)');
select throws_ok($$ insert into public.websites (organization_id, domain, name, public_key) values ('a0000000-0000-4000-8000-000000000001', 'copy.acme.com', 'Copy', 'wk_globex_main') $$,
  '42501', null, 'a widget key cannot be chosen, so not reused across organizations (60-website-keys covers the rest)');
insert into public.websites (organization_id, domain, name) values ('a0000000-0000-4000-8000-000000000001', 'docs.acme.com', 'Docs');
select matches((select public_key from public.websites where domain = 'docs.acme.com'),
  '^wk_[0-9a-f]{32}$', 'a generated widget key is wk_ + 32 hex digits');

select * from finish();
rollback;
