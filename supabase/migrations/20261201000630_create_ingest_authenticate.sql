-- The ingest function checks the presented API key BEFORE it reads a request body of up to 1 MB:
-- an unknown or revoked key then costs one indexed lookup, not a megabyte of upload and parsing.
-- The key's id is what the function rate-limits on (a verified id, not the key's public prefix,
-- which anyone who has seen the dashboard could put in front of made-up keys to throttle the
-- real one). public.ingest_batch and ingest_lookup still check the key themselves.

create function public.ingest_authenticate(p_api_key text, p_scope text) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if p_scope is null or p_scope not in ('ingest:write', 'read') then
    raise exception 'scope must be ingest:write or read' using errcode = '22023';
  end if;
  return (private.api_key_authenticate(p_api_key, p_scope)).id;
end
$$;
comment on function public.ingest_authenticate(text, text) is
  'Ingest API: the id of the live API key p_api_key if it has p_scope (ingest:write or read). Errors: 28000 unknown, malformed '
  'or revoked key, 42501 scope missing, 22023 bad scope. Reveals nothing the caller does not already hold.';

-- Owned by concierge_ingest like the other ingest entry points (it may run api_key_authenticate).
revoke all on function public.ingest_authenticate(text, text) from public, anon, authenticated, service_role;
grant create on schema public to concierge_ingest;
alter function public.ingest_authenticate(text, text) owner to concierge_ingest;
revoke create on schema public from concierge_ingest;
revoke all on function public.ingest_authenticate(text, text) from public;
grant execute on function public.ingest_authenticate(text, text) to anon, authenticated;
