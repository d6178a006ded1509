-- Per-item ingest errors (the 207 answer) repeated Postgres's own message for integrity and data
-- errors, e.g. 'new row for relation "messages" violates check constraint "messages_body_length"'
-- or 'null value in column "…"': table, column and constraint names an API client has no need
-- for. Only the messages the ingest functions raise themselves (22023 bad field, P0002 unknown
-- reference, CI409 reused idempotency key), written for callers, are passed on; every other
-- failure gets a stable code and a fixed message, and the detail is logged in Postgres.

create or replace function private.ingest_error(p_state text, p_message text) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  deliberate boolean := p_state in ('22023', 'P0002', 'CI409');
begin
  if not deliberate and p_state not in ('23505', '40P01', '40001', '55P03') then
    raise log 'ingest item failed: % %', p_state, p_message;
  end if;
  return pg_catalog.jsonb_build_object('status', 'error', 'error', case
    when deliberate and p_state = 'P0002' then pg_catalog.jsonb_build_object('code', 'not_found', 'message', p_message)
    when deliberate and p_state = 'CI409' then pg_catalog.jsonb_build_object('code', 'idempotency_conflict', 'message', p_message)
    when deliberate then pg_catalog.jsonb_build_object('code', 'invalid_item', 'message', p_message)
    when p_state like '22%' or p_state in ('23502', '23514') then
      pg_catalog.jsonb_build_object('code', 'invalid_item', 'message', 'a field of the item has a value that cannot be stored')
    when p_state = '23503' then pg_catalog.jsonb_build_object('code', 'not_found', 'message', 'the item refers to something that does not exist')
    when p_state = '23505' then pg_catalog.jsonb_build_object('code', 'conflict', 'message', 'the item conflicts with a stored row')
    when p_state in ('40P01', '40001', '55P03') then
      pg_catalog.jsonb_build_object('code', 'retry', 'message', 'a concurrent write got in the way; send the item again')
    else pg_catalog.jsonb_build_object('code', 'internal_error', 'message', 'the item could not be stored')
  end);
end
$$;
comment on function private.ingest_error(text, text) is
  'Ingest: per-item error result for a SQLSTATE and message. Only the ingest functions'' own messages (22023, P0002, CI409) are '
  'passed on; Postgres''s messages (constraint, column and table names) are logged and replaced by a fixed text.';
