-- Deliberate refusals reach a caller as 4xx (issue 16, RELIABILITY.md failure 9). PostgREST 12
-- answers P0002, class 55 and a few other classes with HTTP 500, so the RPCs raise their "not
-- found" and "not in a state for it" through private.refuse: sqlstate 'PGRST', the PostgREST
-- error body in MESSAGE (keeping the code callers compare) and the HTTP status in DETAIL.
begin;
select plan(7);

create temp table caught (what text, state text, message text, detail text);
grant insert, select on caught to anon;

do $$
declare
  v_state text;
  v_message text;
  v_detail text;
begin
  perform private.refuse('P0002', 404, 'nothing here');
exception when others then
  get stacked diagnostics v_state = returned_sqlstate, v_message = message_text, v_detail = pg_exception_detail;
  insert into caught values ('refuse', v_state, v_message, v_detail);
end
$$;

select is((select state from caught where what = 'refuse'), 'PGRST', 'private.refuse raises sqlstate PGRST, which PostgREST answers with the status it is given');
select is((select message::jsonb from caught where what = 'refuse'),
  '{"code": "P0002", "message": "nothing here", "details": null, "hint": null}'::jsonb,
  'its message is PostgREST''s error body, with the code callers compare');
select is((select detail::jsonb from caught where what = 'refuse'), '{"status": 404, "headers": {}}'::jsonb,
  'its detail carries the HTTP status');

-- what a visitor's page gets for a key that does not exist: 404, not 500
select tests.authenticate_as_anon();
do $$
declare
  v_state text;
  v_message text;
  v_detail text;
begin
  perform public.widget_start_session('wk_relfix_missing', 'https://acme.com');
exception when others then
  get stacked diagnostics v_state = returned_sqlstate, v_message = message_text, v_detail = pg_exception_detail;
  insert into caught values ('unknown key', v_state, v_message, v_detail);
end
$$;
select tests.clear_authentication();

select is((select message::jsonb ->> 'code' from caught where what = 'unknown key'), 'P0002',
  'an unknown website key is still P0002 to the caller');
select is((select (detail::jsonb ->> 'status')::int from caught where what = 'unknown key'), 404,
  'and PostgREST answers it with 404');

-- The SQLSTATEs PostgREST 12 answers with HTTP 5xx (other than its own PTnnn and P0001): the P0
-- codes after P0001, classes 08, 09, 25 (but 25006), 2D, 38, 39, 3B, 40, 53, 55, 57, 58, F0, HV, XX.
-- No function anon or authenticated may call raises one of them on purpose.
select is_empty($$
  select p.oid::regprocedure::text
  from pg_catalog.pg_proc p
  where p.pronamespace = 'public'::regnamespace
    and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
    and p.prosrc ~* $re$errcode\s*=\s*'(P000[2-9]|08|09|25[^0]|2D|38|39|3B|40|53|55|57|58|F0|HV|XX)$re$
$$, 'no RPC anon or authenticated may call raises a SQLSTATE PostgREST answers with 5xx');

select is_empty($$
  select p.oid::regprocedure::text
  from pg_catalog.pg_proc p
  where p.pronamespace = 'public'::regnamespace
    and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
    and p.prosrc ~* $re$raise\s+(exception\s+)?(no_data_found|too_many_rows|object_not_in_prerequisite_state|lock_not_available|serialization_failure)$re$
$$, 'nor by its condition name');

select * from finish();
rollback;
