-- How each website's widget looks and speaks, so the widget carries the customer's brand and
-- language (issue 17) and a website's help center can wear the same colour (issue 12).
-- Defaults reproduce today's widget, so existing sites change nothing until an admin edits them.
-- widget_language null means "the visitor's browser chooses"; a value forces that language.
set local lock_timeout = '5s';

-- pgt-ignore lint/safety/addingFieldWithDefault: a constant default needs no table rewrite since Postgres 11
alter table public.websites
  add column brand_color text not null default '#1c7ed6'
    constraint websites_brand_color_format check (brand_color ~ '^#[0-9a-f]{6}$'),
  add column widget_position text not null default 'right'
    constraint websites_widget_position_valid check (widget_position in ('left', 'right')),
  add column launcher_icon text not null default 'chat'
    constraint websites_launcher_icon_valid check (launcher_icon in ('chat', 'help', 'message')),
  add column avatar_url text
    constraint websites_avatar_url_format check (avatar_url ~ '^https://[^[:space:]]{1,500}$'),
  add column greeting text
    constraint websites_greeting_length check (char_length(greeting) between 1 and 280),
  add column input_placeholder text
    constraint websites_input_placeholder_length check (char_length(input_placeholder) between 1 and 120),
  add column widget_language text
    constraint websites_widget_language_valid check (widget_language in ('en', 'vi', 'fr', 'es', 'de'));

comment on column public.websites.brand_color is 'The widget''s and the website''s help center''s accent colour, lower-case #rrggbb.';
comment on column public.websites.widget_language is 'Forces the widget''s language; null lets the visitor''s browser choose.';

-- admins set the appearance when they add or edit a website (the update policy keeps it to admins)
grant insert (brand_color, widget_position, launcher_icon, avatar_url, greeting, input_placeholder, widget_language)
  on table public.websites to authenticated;
grant update (brand_color, widget_position, launcher_icon, avatar_url, greeting, input_placeholder, widget_language)
  on table public.websites to authenticated;
