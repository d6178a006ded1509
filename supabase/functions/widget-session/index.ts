import { z } from 'zod';
import { env } from '../_shared/env.ts';
import { serve } from '../_shared/handler.ts';
import { json, jsonError } from '../_shared/http.ts';
import { clientIp, rateLimit } from '../_shared/rate-limit.ts';
import { anonClient, orNull, rpcJson, serviceClient } from '../_shared/supabase.ts';
import { limits, MAX_BODY_BYTES } from '../_shared/widget.ts';

// Opens or resumes a visitor's widget session: the website key and the page's Origin must match
// one of the website's allowed origins. Returns the visitor credential and the conversation so far.
// On a shared browser the stored token may be someone else's: a session of an identified visitor
// is resumed only for that same identity (checked again by widget_identify); for a page that
// identifies no one or someone else, a fresh visitor and conversation start instead.
// With `appearance: true` it opens nothing and answers the website's widget look and language
// (public.widget_appearance), which the launcher needs on every page view, before any session.
// Both answers also say whether the organization's team is at work and when it is back
// (`hours`, public.widget_team_hours): outside business hours the widget shows its away banner.

const body = z.object({
  website_key: z.string().regex(/^wk_[A-Za-z0-9_]{4,64}$/, 'must be a website key (wk_…)'),
  session_token: z.string().optional(),
  appearance: z.literal(true).optional(),
  identity: z
    .object({
      external_id: z.string().min(1).max(255),
      email: z.email().max(254).optional(),
      // v2.<expiry>.<hex>, or the deprecated v1 (hex HMAC of external_id alone), read for one more release
      hmac: z.string().regex(/^(?:v2\.\d{1,12}\.)?[0-9a-fA-F]{64}$/, 'must be v2.<expiry>.<hex HMAC-SHA256>'),
    })
    .optional(),
});

interface Started {
  session_token?: string;
  resumed: boolean;
  identified?: boolean;
}

/** widget_identify's answer when the session's visitor is already identified as someone else. */
const SESSION_OF_ANOTHER_VISITOR = 'PT409';

/** widget_start_session's answer for a page whose origin is not among the website's allowed origins. */
const ORIGIN_NOT_ALLOWED = '42501';

/** widget-session's names for the shared codes: the website key or the page's origin is wrong. */
const startRenames = { rename: { forbidden: 'origin_not_allowed', not_found: 'unknown_website' } };

/**
 * { open, back_at, offline_message, time_zone } of the website's team, asked only once the key and
 * the origin were accepted. With the service role: the function answers any website key, so
 * visitors cannot call it themselves. Best effort: null (no banner) when it fails.
 */
async function teamHours(websiteKey: string, log: (message: string, ...details: unknown[]) => void) {
  const { data, error } = await serviceClient().rpc('widget_team_hours', { p_website_key: websiteKey });
  if (error) log('team hours unavailable', error.code, error.message);
  return error ? null : data;
}

serve({ name: 'widget-session', methods: ['POST'], maxBytes: MAX_BODY_BYTES }, async (ctx) => {
  const ip = clientIp(ctx.request, ctx.info);
  const limited = rateLimit(limits.ip, ip);
  if (limited) return limited;
  const { website_key, session_token, identity, appearance } = await ctx.json(body);
  const origin = ctx.request.headers.get('origin');
  if (!origin) return jsonError(403, 'origin_not_allowed', 'The widget must be loaded from a web page (no Origin header)');

  const db = anonClient();
  if (appearance) {
    const look = await db.rpc('widget_appearance', { p_website_key: website_key, p_origin: origin });
    if (look.error) {
      // the first call a page on an unlisted origin makes: the website's admins hear of it here
      if (look.error.code === ORIGIN_NOT_ALLOWED) await db.rpc('widget_record_refused_origin', { p_website_key: website_key, p_origin: origin });
      return ctx.rpcError(look.error, startRenames);
    }
    return json({ appearance: look.data, hours: await teamHours(website_key, ctx.log) });
  }
  // the stricter limit is on what creates rows: a page view only reads the appearance
  const sessionLimited = rateLimit(limits.session, ip);
  if (sessionLimited) return sessionLimited;
  const start = (token: string | null) => db.rpc('widget_start_session', { p_website_key: website_key, p_origin: origin, p_session_token: orNull(token) });
  // a malformed stored token starts a new session instead of failing the page
  let started = await start(session_token && /^vst_[0-9a-f]{64}$/.test(session_token) ? session_token : null);
  // identified earlier, anonymous now (logged out without Concierge.shutdown()): not their thread
  if (!started.error && !identity && rpcJson<Started>(started.data).identified) started = await start(null);
  if (started.error) {
    // tell the website's admins (Websites page) that a page on an unlisted origin embeds the widget;
    // the count is best effort and never changes the visitor's answer
    if (started.error.code === ORIGIN_NOT_ALLOWED) await db.rpc('widget_record_refused_origin', { p_website_key: website_key, p_origin: origin });
    return ctx.rpcError(started.error, startRenames);
  }
  let session = rpcJson<Started>(started.data);
  let token = session.session_token ?? session_token!;

  let identified: unknown;
  if (identity) {
    const identify = () =>
      db.rpc('widget_identify', {
        p_session_token: token,
        p_external_id: identity.external_id,
        p_email: orNull(identity.email),
        p_hmac: identity.hmac,
      });
    let result = await identify();
    if (result.error?.code === SESSION_OF_ANOTHER_VISITOR) {
      const fresh = await start(null);
      if (fresh.error) return ctx.rpcError(fresh.error, startRenames);
      session = rpcJson<Started>(fresh.data);
      token = session.session_token!;
      result = await identify();
    }
    if (result.error) return ctx.rpcError(result.error, { rename: { invalid_session: 'identity_failed' } });
    identified = result.data;
  }

  const [history, hours] = await Promise.all([db.rpc('widget_messages', { p_session_token: orNull(token) }), teamHours(website_key, ctx.log)]);
  if (history.error) return ctx.rpcError(history.error);
  // the project's anon key (public by design) opens the widget's Realtime socket: the public
  // channel named by conversation.widget_topic tells it when to fetch (README, "Live updates")
  return json({
    ...session,
    session_token: token,
    ...(history.data as object),
    ...(identified ? { identity: identified } : {}),
    hours,
    realtime_key: env('SUPABASE_ANON_KEY'),
  });
});
