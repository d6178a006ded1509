-- A new personal organization starts with a first website, so a new user can open the widget's
-- demo page (/demo/<org-slug>) and the Websites page shows an embed snippet right away instead
-- of an empty list. Its domain is the user's email domain (their company's site, most likely),
-- unless that is a free-mail provider's: then a placeholder under the reserved .example TLD that
-- the owner renames. The app's own origin is not known here: the demo page lets an admin allow it.
set local lock_timeout = '5s';

create or replace function private.create_personal_org(p_user_id text, p_name text, p_email text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  display text := coalesce(p_name, split_part(p_email, '@', 1));
  base text := btrim(left(regexp_replace(lower(display), '[^a-z0-9]+', '-', 'g'), 30), '-');
  prefix text := upper(left(regexp_replace(display, '[^A-Za-z]', '', 'g'), 3));
  email_domain text := lower(split_part(coalesce(p_email, ''), '@', 2));
  site_domain text;
  v_slug text;
  n integer := 0;
  org uuid;
begin
  if base = '' then
    base := 'workspace';
  end if;
  if char_length(prefix) < 2 then
    prefix := 'TKT';
  end if;
  -- deterministic per user; a clash (two users with one name and hash prefix) adds a counter
  v_slug := base || '-' || left(md5(p_user_id), 6);
  while exists (select 1 from public.organizations o where o.slug = v_slug) loop
    n := n + 1;
    v_slug := base || '-' || left(md5(p_user_id), 6) || '-' || n;
  end loop;
  insert into public.organizations (slug, name, kind, ticket_prefix)
  values (v_slug, left(display, 100) || '''s workspace', 'personal', prefix)
  returning id into org;
  insert into public.organization_members (organization_id, user_id, role) values (org, p_user_id, 'owner');

  -- a free-mail domain is nobody's website; a malformed one cannot be a website's domain
  if email_domain = any (array['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
                               'yahoo.com', 'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com',
                               'gmx.com', 'gmx.de', 'web.de', 'yandex.ru', 'mail.ru', 'qq.com', '163.com'])
     or char_length(email_domain) > 253
     or email_domain !~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$' then
    site_domain := v_slug || '.example';
  else
    site_domain := email_domain;
  end if;
  insert into public.websites (organization_id, domain, name, allowed_origins)
  values (org, site_domain, left(display, 100) || '''s website',
          case when site_domain = email_domain
               then array['https://' || site_domain, 'https://www.' || site_domain]
               else '{}'::text[] end);
  return jsonb_build_object('organization_id', org, 'role', 'owner', 'via', 'personal');
end
$$;
comment on function private.create_personal_org(text, text, text) is
  'Create a personal organization (kind personal) owned by the user, slug <name>-<hash of user id>, with a first website '
  '(the email''s domain, or <slug>.example for free-mail addresses). Returns {organization_id, role, via}.';
