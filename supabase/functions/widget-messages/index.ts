import { z } from 'zod';
import { rpcErrorResponse } from '../_shared/errors.ts';
import { json, preflight } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { readJson } from '../_shared/request.ts';
import { anonClient } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES, sessionToken } from '../_shared/widget.ts';

// The visitor's conversation (polled by the widget for agents' replies): all of it, or what came
// after a timestamp.

const body = z.object({ session_token: sessionToken, after: z.iso.datetime({ offset: true }).optional() });

Deno.serve(async (request, info) => {
  const early = preflight(request);
  if (early) return early;
  const limited = rateLimit(limits.ip, clientIp(request, info));
  if (limited) return limited;
  const parsed = await readJson(request, body, MAX_BODY_BYTES);
  if ('response' in parsed) return parsed.response;
  const { data, error } = await anonClient().rpc('widget_messages', {
    p_session_token: parsed.data.session_token,
    p_after: parsed.data.after ?? null,
  });
  if (error) return rpcErrorResponse(error);
  return json(data);
});
