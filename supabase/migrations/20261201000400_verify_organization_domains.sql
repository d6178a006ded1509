-- Email domains are claimed by proof. Until now any admin could list any domain, and the
-- sign-up assignment joined new users to its organization (or, with two claimants, to neither),
-- so an admin could capture another company's sign-ups or switch off its auto-join. Now a claim
-- starts pending with a token the database generates; the verify-domain Edge Function looks up
-- the DNS TXT record `_concierge-verify.<domain>` = `concierge-verify=<token>` and records the
-- proof through a service-role-only function. Only a verified domain auto-joins, and a domain is
-- verified for at most one organization. Public mail providers can never be claimed.

-- This alters tables already in use: wait at most 5s for their lock rather than queue every query behind us.
set local lock_timeout = '5s';

-- The one list of public mail providers (and their subdomains): nobody owns these addresses' domain.
create function private.is_public_email_domain(p_domain text) returns boolean
language sql
immutable
set search_path = ''
as $$
  select exists (
    select 1
    from unnest(array[
      'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com',
      'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com',
      'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com',
      'yandex.com', 'yandex.ru', 'mail.ru', 'zoho.com', 'qq.com', '163.com', '126.com', 'fastmail.com',
      'hey.com', 'tutanota.com', 'tuta.io', 'duck.com'
    ]) as p(domain)
    where p_domain = p.domain or p_domain like '%.' || p.domain
  )
$$;
comment on function private.is_public_email_domain(text) is
  'True for public mail providers (and their subdomains), whose domain no organization may claim. The only copy of the list.';
revoke all on function private.is_public_email_domain(text) from public, anon, authenticated;

-- pgt-ignore lint/safety/addingFieldWithDefault: a few rows per organization, and each existing claim needs its own token
alter table public.organization_domains
  add column verification_token text not null default replace(gen_random_uuid()::text, '-', ''),
  add column verified_at timestamptz;
comment on column public.organization_domains.verification_token is
  'Random (122 bits, from gen_random_uuid, which every role may call in a default); the organization publishes it as TXT concierge-verify=<token> at _concierge-verify.<domain>. Public once in DNS, so not a secret.';
comment on column public.organization_domains.verified_at is
  'When the DNS proof was checked (public.record_domain_verification, service role only); null = pending, never auto-joins.';

comment on table public.organization_domains is
  'Email domains an organization claims; once verified by DNS (verified_at), verified-email sign-ups there join it.';

-- A domain belongs to one organization: unique among verified claims. Pending claims of other
-- organizations neither block the owner nor survive its verification.
create unique index organization_domains_verified_domain_idx on public.organization_domains (domain)
  where verified_at is not null;

-- security definer: the check reads only new.domain, and the list stays private to clients
create function private.refuse_public_email_domain() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.is_public_email_domain(new.domain) then
    raise exception '% is a public email provider: nobody can claim its addresses', new.domain using errcode = '23514';
  end if;
  return new;
end
$$;
comment on function private.refuse_public_email_domain() is
  'BEFORE INSERT/UPDATE trigger on organization_domains: refuse public mail providers with a readable message.';
revoke all on function private.refuse_public_email_domain() from public, anon, authenticated;

create trigger organization_domains_refuse_public before insert or update of domain on public.organization_domains
  for each row execute function private.refuse_public_email_domain();

-- Clients add a claim (domain and role) and change its role; the token and the proof are the
-- system's. Changing the domain of a claim would carry its proof over, so it is not allowed either.
revoke insert, update on public.organization_domains from authenticated;
grant insert (organization_id, domain, role) on public.organization_domains to authenticated;
grant update (role) on public.organization_domains to authenticated;

-- What the verify-domain function checks for the caller: their active organization's claim,
-- admins only (the function calls this with the admin's own token).
create function public.domain_verification_challenge(p_domain text) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  org uuid := private.org_with_role('admin');
  claim public.organization_domains;
begin
  if org is null then
    raise exception 'only admins of the active organization verify its domains' using errcode = '42501';
  end if;
  select * into claim from public.organization_domains d where d.organization_id = org and d.domain = p_domain;
  if not found then
    raise exception 'the organization has not added this domain' using errcode = 'P0002';
  end if;
  return jsonb_build_object('organization_id', claim.organization_id, 'domain', claim.domain,
    'token', claim.verification_token, 'verified', claim.verified_at is not null);
end
$$;
comment on function public.domain_verification_challenge(text) is
  'Admins: {organization_id, domain, token, verified} of the active organization''s claim on p_domain. Errors: 42501 not an admin, P0002 no such claim.';
revoke all on function public.domain_verification_challenge(text) from public, anon, authenticated;
grant execute on function public.domain_verification_challenge(text) to authenticated;

-- The proof, recorded by the verify-domain function (service role) after it found the TXT record.
-- p_token must still be the claim's token, so a claim removed and added again meanwhile is not
-- verified by an old lookup.
create function public.record_domain_verification(p_organization_id uuid, p_domain text, p_token text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  claim public.organization_domains;
begin
  select * into claim from public.organization_domains d
  where d.organization_id = p_organization_id and d.domain = p_domain
  for update;
  if not found or claim.verification_token <> p_token then
    raise exception 'no such claim with this token' using errcode = 'P0002';
  end if;
  if exists (select 1 from public.organization_domains d
             where d.domain = p_domain and d.verified_at is not null and d.organization_id <> p_organization_id) then
    raise exception 'the domain is verified by another organization' using errcode = '23505';
  end if;
  update public.organization_domains d set verified_at = coalesce(d.verified_at, now())
  where d.organization_id = p_organization_id and d.domain = p_domain;
  -- other organizations' pending claims can never be verified now: drop them
  delete from public.organization_domains d where d.domain = p_domain and d.organization_id <> p_organization_id;
  return jsonb_build_object('organization_id', p_organization_id, 'domain', p_domain, 'verified', true);
end
$$;
comment on function public.record_domain_verification(uuid, text, text) is
  'Service role only (verify-domain function, after the DNS TXT lookup): mark the claim verified and drop other organizations'' pending claims. Errors: P0002 no such claim/token, 23505 verified elsewhere.';
revoke all on function public.record_domain_verification(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.record_domain_verification(uuid, text, text) to service_role;

-- Sign-up assignment: only a verified domain joins (at most one organization has it verified).
create or replace function private.assign_new_user(p_user_id text, p_email text, p_email_verified boolean, p_name text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid;
  org_role public.member_role;
begin
  if p_email_verified then
    select d.organization_id, d.role into org, org_role
    from public.organization_domains d
    where d.domain = split_part(p_email, '@', 2) and d.verified_at is not null;
    if found then
      insert into public.organization_members (organization_id, user_id, role) values (org, p_user_id, org_role);
      return jsonb_build_array(jsonb_build_object('organization_id', org, 'role', org_role, 'via', 'domain'));
    end if;
  end if;

  select o.id into org from public.organizations o
  where o.settings @> '{"default_org": true}' order by o.created_at, o.id limit 1;
  if found then
    -- least privilege: an admin promotes them if they should work tickets
    insert into public.organization_members (organization_id, user_id, role) values (org, p_user_id, 'viewer');
    return jsonb_build_array(jsonb_build_object('organization_id', org, 'role', 'viewer', 'via', 'default'));
  end if;

  return jsonb_build_array(private.create_personal_org(p_user_id, p_name, p_email));
end
$$;
comment on function private.assign_new_user(text, text, boolean, text) is
  'Put a user without memberships into one organization: the organization that verified their email''s domain, else the default org as viewer, else a new personal org.';
