-- websites_avatar_url_format (20261204000000) used the bound {1,500}, above Postgres' regular
-- expression repetition limit (255): every non-null avatar_url failed with 2201B "invalid
-- repetition count(s)", so no admin could set an avatar. The same rule, the length checked apart.
set local lock_timeout = '5s';

alter table public.websites
  drop constraint websites_avatar_url_format,
  add constraint websites_avatar_url_format check (char_length(avatar_url) <= 508 and avatar_url ~ '^https://[^[:space:]]+$');
