-- settings.default_org marks the organization that new sign-ups without an invitation or a
-- domain match join (public.sync_clerk_user). Admins edit their organization's settings, but
-- the flag is the platform operator's (set with SQL): otherwise any admin could make every
-- stranger's sign-up land in their organization.

create function private.keep_default_org_flag() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('authenticated', 'anon') then
    new.settings := (new.settings - 'default_org')
      || case when old.settings ? 'default_org'
           then jsonb_build_object('default_org', old.settings -> 'default_org') else '{}'::jsonb end;
  end if;
  return new;
end
$$;
comment on function private.keep_default_org_flag() is
  'BEFORE UPDATE trigger on organizations: API clients cannot add, change or drop settings.default_org (it is kept as it was).';
revoke all on function private.keep_default_org_flag() from public, anon, authenticated;

create trigger organizations_keep_default_org_flag before update of settings on public.organizations
  for each row execute function private.keep_default_org_flag();
