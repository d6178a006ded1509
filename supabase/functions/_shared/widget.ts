import { z } from 'zod';
import { limitFromEnv } from './rate-limit.ts';

// What the widget functions share: input schemas and limits.

export const sessionToken = z.string().regex(/^vst_[0-9a-f]{64}$/, 'must be a session token from widget-session');
export const clientMsgId = z.string().regex(/^[\x21-\x7e]{8,100}$/, 'must be 8 to 100 printable ASCII characters without spaces');

/** The widget's languages (websites.widget_language): the visitor's, which the assistant answers in, and the server catalogue's. */
export { LANGUAGES as WIDGET_LANGUAGES, type Language as WidgetLanguage } from './i18n.ts';

/** Widget request bodies are small; a 4000-character message is at most 16 kB of UTF-8. */
export const MAX_BODY_BYTES = 32 * 1024;

export const limits = {
  // all widget calls from one IP (an office behind NAT shares one)
  ip: limitFromEnv('ip', 300, 60),
  // session starts and resumes from one IP: every page view of every visitor behind it
  session: limitFromEnv('session', 60, 60),
  // escalations from one IP
  escalate: limitFromEnv('escalate', 10, 60),
};
