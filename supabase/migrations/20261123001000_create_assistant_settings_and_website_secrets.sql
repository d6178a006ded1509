-- Per-organization assistant settings (validated keys inside organizations.settings) and the
-- per-website secret used to verify signed visitor identities (HMAC-SHA256 of external_id).

-- This alters tables already in use: wait at most 5s for their lock rather than queue every query behind us.
set local lock_timeout = '5s';

-- Assistant keys in organizations.settings, all optional; private.assistant_settings() fills in
-- the defaults. Inline (no function call) so that column-privileged updates by admins need no
-- extra execute grant. CASE keeps the numeric cast from running on a non-number.
alter table public.organizations add constraint organizations_assistant_settings_valid check (
  case when settings ? 'assistant_name'
    then jsonb_typeof(settings -> 'assistant_name') = 'string'
         and char_length(btrim(settings ->> 'assistant_name')) between 1 and 60
    else true end
  and case when settings ? 'greeting'
    then jsonb_typeof(settings -> 'greeting') = 'string'
         and char_length(btrim(settings ->> 'greeting')) between 1 and 500
    else true end
  and case when settings ? 'escalation_threshold'
    then jsonb_typeof(settings -> 'escalation_threshold') = 'number'
         and (settings ->> 'escalation_threshold')::numeric between 0 and 1
    else true end
);
comment on column public.organizations.settings is
  'Free-form organization settings. Validated assistant keys (all optional, defaults in private.assistant_settings): '
  'assistant_name text 1..60 (default ''Concierge''), greeting text 1..500 (default ''Hi! How can I help you today?''), '
  'escalation_threshold number 0..1 (default 0.55: an AI answer below this confidence offers a human).';

create function private.assistant_settings(settings jsonb) returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'name', coalesce(settings ->> 'assistant_name', 'Concierge'),
    'greeting', coalesce(settings ->> 'greeting', 'Hi! How can I help you today?'),
    'escalation_threshold', coalesce((settings -> 'escalation_threshold'), '0.55'::jsonb)
  )
$$;
comment on function private.assistant_settings(jsonb) is
  'Effective assistant settings {name, greeting, escalation_threshold} of an organizations.settings value, defaults filled in.';
revoke all on function private.assistant_settings(jsonb) from public, anon, authenticated;
grant execute on function private.assistant_settings(jsonb) to service_role;

create table public.website_secrets (
  website_id uuid not null,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  identity_secret text not null
    default replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''),
  created_at timestamptz not null default now(),
  rotated_at timestamptz,
  primary key (organization_id, website_id),
  foreign key (website_id, organization_id) references public.websites (id, organization_id)
    on delete cascade,
  constraint website_secrets_identity_secret_length check (char_length(identity_secret) between 16 and 200)
);
comment on table public.website_secrets is
  'One identity-verification secret per website: the customer''s server signs a visitor''s external_id with it '
  '(hex HMAC-SHA256) and public.widget_identify checks the signature. Admins only; never sent to the widget.';
comment on column public.website_secrets.identity_secret is
  'Shared HMAC key (default: 64 random hex characters). Rotate with update ... set identity_secret = default.';
comment on column public.website_secrets.rotated_at is 'When identity_secret last changed (set by trigger); null if never rotated.';

create function private.stamp_secret_rotation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.identity_secret is distinct from old.identity_secret then
    new.rotated_at := now();
  end if;
  return new;
end
$$;
comment on function private.stamp_secret_rotation() is 'BEFORE UPDATE trigger on website_secrets: sets rotated_at when the secret changes.';
revoke all on function private.stamp_secret_rotation() from public, anon, authenticated;

create trigger website_secrets_keep_organization_id before update on public.website_secrets
  for each row execute function private.keep_organization_id();
create trigger website_secrets_stamp_rotation before update on public.website_secrets
  for each row execute function private.stamp_secret_rotation();

-- The widget never reads secrets; admins change only the secret itself.
revoke all on public.website_secrets from anon;
revoke update on public.website_secrets from authenticated;
grant update (identity_secret) on public.website_secrets to authenticated;

alter table public.website_secrets enable row level security;

-- select(website_secrets): admins read their active org's website secrets
create policy website_secrets_select on public.website_secrets for select to authenticated
using (organization_id = (select private.org_with_role('admin')));

-- insert(website_secrets): admins create secrets for their active org's websites
create policy website_secrets_insert on public.website_secrets for insert to authenticated
with check (organization_id = (select private.org_with_role('admin')));

-- update(website_secrets): admins rotate their active org's website secrets
create policy website_secrets_update on public.website_secrets for update to authenticated
using (organization_id = (select private.org_with_role('admin')))
with check (organization_id = (select private.org_with_role('admin')));

-- delete(website_secrets): admins remove their active org's website secrets
create policy website_secrets_delete on public.website_secrets for delete to authenticated
using (organization_id = (select private.org_with_role('admin')));
