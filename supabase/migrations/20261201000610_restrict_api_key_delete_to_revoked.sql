-- Only a revoked API key may be deleted. The dashboard offers "Delete" on revoked keys only, but
-- an admin's session can call PostgREST directly: deleting a live key would skip the revocation
-- (its revoked_at/revoked_by audit trail) and take its ingest receipts' key id with it. The policy
-- makes the database refuse it, whatever the client.
drop policy api_keys_delete on public.api_keys;

-- delete(api_keys): admins delete their active org's revoked keys (revoke first)
create policy api_keys_delete on public.api_keys for delete to authenticated
using (revoked_at is not null and organization_id = (select private.org_with_role('admin')));
