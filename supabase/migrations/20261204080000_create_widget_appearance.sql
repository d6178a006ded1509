-- The widget's look and language (issue 17), read before any session exists: the launcher is on
-- every page of the customer's site, in the website's colour, corner and icon, while most visitors
-- never open it. Starting a session for that would create a visitor and a conversation per page
-- view, so this reader checks the same website key and origin as widget_start_session and returns
-- only what the website's admins chose to show the public.

create function public.widget_appearance(p_website_key text, p_origin text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  w public.websites;
  org_settings jsonb;
begin
  if p_website_key is null or p_website_key !~ '^wk_[A-Za-z0-9_]{4,64}$' then
    raise exception 'invalid website key' using errcode = '22023';
  end if;
  if p_origin is null or char_length(p_origin) > 255
     or p_origin !~* '^https?://[a-z0-9.-]+(:[0-9]{1,5})?$' then
    raise exception 'invalid origin: expected scheme://host[:port]' using errcode = '22023';
  end if;
  select * into w from public.websites where public_key = p_website_key;
  if not found then
    raise exception 'unknown website key' using errcode = 'P0002';
  end if;
  if not exists (select 1 from unnest(w.allowed_origins) o where lower(o) = lower(p_origin)) then
    raise exception 'origin % is not allowed for this website', p_origin using errcode = '42501';
  end if;
  select settings into org_settings from public.organizations where id = w.organization_id;

  -- greeting: the website's, else the organization's own (only when it wrote one), else null and
  -- the widget greets in the visitor's language from its catalogue
  return jsonb_build_object(
    'brand_color', w.brand_color,
    'position', w.widget_position,
    'launcher_icon', w.launcher_icon,
    'avatar_url', w.avatar_url,
    'greeting', coalesce(w.greeting, org_settings ->> 'greeting'),
    'input_placeholder', w.input_placeholder,
    'language', w.widget_language,
    'assistant_name', (private.assistant_settings(org_settings)) ->> 'name'
  );
end
$$;
comment on function public.widget_appearance(text, text) is
  'Widget: the look and language of a website key''s widget for a page on one of its allowed origins, before any session: '
  '{brand_color, position, launcher_icon, avatar_url, greeting (null: the widget''s own), input_placeholder, '
  'language (null: the visitor''s browser chooses), assistant_name}. '
  'Errors: 22023 bad argument, P0002 unknown website key, 42501 origin not allowed.';
revoke all on function public.widget_appearance(text, text) from public;
grant execute on function public.widget_appearance(text, text) to anon, authenticated;
