-- Inviting someone who is already a member "succeeded": the invitation waited forever, since its
-- acceptance has nothing to add. Refused here, for the dashboard and any other client alike.

create function private.refuse_invitation_of_member() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (
    select 1 from public.organization_members m
    join public.users u on u.id = m.user_id
    where m.organization_id = new.organization_id and lower(u.email) = new.email
  ) then
    raise exception '% is already a member of this organization', new.email using errcode = '23514';
  end if;
  return new;
end
$$;
comment on function private.refuse_invitation_of_member() is
  'BEFORE INSERT trigger on invitations: refuses (23514) an invitation to an email that is already a member''s.';
revoke all on function private.refuse_invitation_of_member() from public, anon, authenticated;

create trigger invitations_refuse_member before insert on public.invitations
  for each row execute function private.refuse_invitation_of_member();
