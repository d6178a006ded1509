import { json, jsonError, preflight } from '../_shared/http.ts';

// Liveness of the functions runtime and of its path to PostgREST, for `stack status` and uptime checks.
Deno.serve(async (request) => {
  const early = preflight(request);
  if (early) return early;
  if (request.method !== 'GET') return jsonError(405, 'method_not_allowed', 'Use GET');
  const restUrl = `${Deno.env.get('SUPABASE_URL')}/rest/v1/`;
  const rest = await fetch(restUrl, { headers: { apikey: Deno.env.get('SUPABASE_ANON_KEY') ?? '' } })
    .then((res) => {
      res.body?.cancel();
      return res.ok;
    })
    .catch(() => false);
  return json({ ok: rest, runtime: `deno ${Deno.version.deno}`, rest });
});
