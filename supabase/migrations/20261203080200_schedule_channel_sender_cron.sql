-- Every minute, pg_cron has pg_net POST to the `channel-sender` Edge Function with the cron
-- secret, which sends the due rows of the channel outbox (public.channel_messages). As for the
-- email sender: only where both extensions exist (hosted Supabase), reading the project URL and
-- the secret from Vault at run time; locally `npm run dev` calls the function on a timer.
do $$
begin
  if exists (select from pg_available_extensions where name = 'pg_cron')
     and exists (select from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_cron;
    create extension if not exists pg_net with schema extensions;
    perform cron.schedule('deliver-channel-messages', '* * * * *', $job$
      select net.http_post(
        url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/channel-sender',
        headers := jsonb_build_object(
          'Content-Type', 'application/json',
          'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'cron_secret')),
        body := '{}'::jsonb,
        timeout_milliseconds := 55000)
    $job$);
  end if;
end
$$;
