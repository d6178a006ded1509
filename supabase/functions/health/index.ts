import { env } from '../_shared/env.ts';
import { serve } from '../_shared/handler.ts';
import { json } from '../_shared/http.ts';

// Liveness of the functions runtime and of its path to PostgREST, for `stack status` and uptime checks.
serve({ name: 'health', methods: ['GET'] }, async () => {
  // unset settings answer ok: false like an unreachable PostgREST, not a 500
  const rest = await Promise.resolve()
    .then(() => fetch(`${env('SUPABASE_URL')}/rest/v1/`, { headers: { apikey: env('SUPABASE_ANON_KEY') } }))
    .then((res) => {
      res.body?.cancel();
      return res.ok;
    })
    .catch(() => false);
  return json({ ok: rest, runtime: `deno ${Deno.version.deno}`, rest });
});
