-- Every 10 minutes, pg_cron has pg_net POST to the `summarize` Edge Function with the cron
-- secret, which then summarizes finished conversations organization by organization.
--
-- Only where both extensions exist (hosted Supabase). The embedded Postgres of the local stack
-- has neither, so there this migration does nothing and `npm run dev` calls the function on a
-- timer instead. The job reads the project URL and the secret from Vault at run time, so no
-- secret lives in a migration. Once per project:
--   select vault.create_secret('https://<project-ref>.supabase.co', 'project_url');
--   select vault.create_secret('<the CRON_SECRET given to the functions>', 'cron_secret');
do $$
begin
  if exists (select from pg_available_extensions where name = 'pg_cron')
     and exists (select from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_cron;
    create extension if not exists pg_net with schema extensions;
    perform cron.schedule('summarize-conversations', '*/10 * * * *', $job$
      select net.http_post(
        url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/summarize',
        headers := jsonb_build_object(
          'Content-Type', 'application/json',
          'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'cron_secret')),
        body := '{}'::jsonb,
        timeout_milliseconds := 60000)
    $job$);
  end if;
end
$$;
