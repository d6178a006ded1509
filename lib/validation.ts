import { z } from 'zod';
import { Constants } from '@/lib/database.types';
import { classifyAddress } from '@/supabase/functions/_shared/public-address';

/**
 * The one place for the formats the app checks: patterns the database checks too, and the
 * Postgres enums taken from the generated constants (npm run gen:types), so a new enum value or a
 * changed rule shows up here and nowhere else.
 */
const enums = Constants.public.Enums;

export const TICKET_STATUSES = enums.ticket_status;

/** An organization slug (organizations.slug). */
export const SLUG = /^[a-z0-9-]{1,48}$/;
/** A user id (users.id: Clerk's user_… or the local provider's). */
export const USER_ID = /^[A-Za-z0-9_]{1,64}$/;
/** A uuid in a URL (a route parameter or filter), checked before it reaches a query. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An email domain claimed by an organization, e.g. example.com (at least one dot, no port). */
export const EMAIL_DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
/** A website's host, optionally with a port (localhost:3000, shop.example.com). */
export const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/;
/** An Origin header value: scheme, host, optional port. */
export const ORIGIN = /^https?:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/;
/** A website's brand colour (websites_brand_color_format): lower-case #rrggbb. */
export const HEX_COLOR = /^#[0-9a-f]{6}$/;
/** The widget's languages (websites_widget_language_valid), with their names in the dashboard. */
export const WIDGET_LANGUAGES = ['en', 'vi', 'fr', 'es', 'de'] as const;
export const WIDGET_LANGUAGE_LABELS: Record<(typeof WIDGET_LANGUAGES)[number], string> = {
  en: 'English',
  vi: 'Tiếng Việt (Vietnamese)',
  fr: 'Français (French)',
  es: 'Español (Spanish)',
  de: 'Deutsch (German)',
};
/** websites.widget_position and websites.launcher_icon (their check constraints). */
export const WIDGET_POSITIONS = ['right', 'left'] as const;
export const LAUNCHER_ICONS = ['chat', 'help', 'message'] as const;

/** An analytics event name (the ingest API's and organizations_conversions_setting_valid's rule). */
export const EVENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

export const orgSlug = z.string().regex(SLUG);
export const userId = z.string().regex(USER_ID);
export const memberRole = z.enum(enums.member_role, { error: 'Pick a role' });
/** The roles a verified email domain may grant on sign-up (never owner). */
export const domainRole = memberRole.exclude(['owner'], { error: 'Pick a role' });
export const ticketStatus = z.enum(enums.ticket_status, { error: 'Pick a status' });
export const ticketPriority = z.enum(enums.ticket_priority, { error: 'Pick a priority' });

/** A message search from the inbox: trimmed, at most 200 characters (the database caps it too). */
export const messageSearch = z.string().trim().min(1).max(200);

/** organizations.settings.low_confidence_action (checked by organizations_low_confidence_action_valid). */
export const LOW_CONFIDENCE_ACTIONS = ['offer_person', 'hand_over'] as const;
export type LowConfidenceAction = (typeof LOW_CONFIDENCE_ACTIONS)[number];
export const LOW_CONFIDENCE_ACTION_LABELS: Record<LowConfidenceAction, string> = {
  offer_person: 'Offer a person (the visitor chooses)',
  hand_over: 'Hand over at once (ticket now, or ask for the email first)',
};

/** The escalation reasons the widget, the assistant and the dashboard record (private.is_escalation_reason). */
export const ESCALATION_REASON_LABELS: Record<string, string> = {
  low_confidence: 'Assistant unsure',
  visitor_request: 'Visitor asked for a person',
  negative_sentiment: 'Visitor upset',
  repeated_question: 'Question asked again',
  agent_takeover: 'Agent took over',
  unspecified: 'Unspecified',
};

/** A reason's label; codes from other help desks (ingestion API) show as they are. */
export function escalationReasonLabel(code: string): string {
  return ESCALATION_REASON_LABELS[code] ?? code;
}

/** An article's address in its organization (the same rule as the articles_slug_format check). */
export const ARTICLE_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/;
/** The languages an article may be written in (the articles_language_known check). */
export const ARTICLE_LANGUAGES = ['en', 'vi', 'fr', 'es', 'de'] as const;
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number];
export const ARTICLE_LANGUAGE_LABELS: Record<ArticleLanguage, string> = {
  en: 'English',
  vi: 'Vietnamese',
  fr: 'French',
  es: 'Spanish',
  de: 'German',
};
/** The fields of an article as the editor, the import and the database accept them. */
export const articleFields = z.object({
  title: z.string().trim().min(1, { error: 'Give the article a title' }).max(300, { error: 'At most 300 characters' }),
  slug: z.string().trim().regex(ARTICLE_SLUG, { error: 'Lower-case letters, digits and dashes, 1 to 120, not starting or ending with a dash' }),
  body: z.string().max(200000, { error: 'At most 200,000 characters' }),
  collection: z
    .string()
    .trim()
    .max(80, { error: 'At most 80 characters' })
    .transform((c) => c || null),
  tags: z.array(z.string().trim().min(1).max(40, { error: 'Tags are at most 40 characters' })).max(20, { error: 'At most 20 tags' }),
  language: z.enum(ARTICLE_LANGUAGES, { error: 'Pick a language' }),
});
export type ArticleFields = z.output<typeof articleFields>;

/** A LinkedIn profile link, as public.profiles checks it: https, linkedin.com (or a country subdomain), /in/<handle>. */
export const LINKEDIN_URL = /^https:\/\/([a-z]{2,3}\.)?linkedin\.com\/in\/[A-Za-z0-9_%-]{2,100}\/?$/;

/** Comma-separated tags from a text field (expertise, languages): trimmed, lower-case, distinct, at most `max`. */
export const tagList = (max: number, message: string) =>
  z
    .string()
    .default('')
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(60, { error: 'Each tag at most 60 characters' })).max(max, { error: message }));

/** The events an organization may subscribe a webhook endpoint to (public.webhook_event). */
export const WEBHOOK_EVENTS = enums.webhook_event;
export const WEBHOOK_EVENT_LABELS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  'conversation.created': 'Conversation created',
  'conversation.escalated': 'Conversation escalated to the team',
  'message.created': 'Message created (not internal notes)',
  'ticket.resolved': 'Ticket resolved',
  'csat.received': 'Satisfaction rating received',
};

/**
 * A webhook endpoint's URL: https, no credentials, and not a literal private address or localhost
 * (early feedback; the sender checks every resolved address again before each attempt). Outside
 * production, http://127.0.0.1 and http://localhost are allowed for a local receiver.
 */
export const webhookUrl = z
  .string()
  .trim()
  .max(2000, { error: 'At most 2000 characters' })
  .refine((raw) => URL.canParse(raw), { error: 'Enter a full URL, e.g. https://example.com/hooks' })
  .superRefine((raw, ctx) => {
    if (!URL.canParse(raw)) return;
    const url = new URL(raw);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const local = host === 'localhost' || host === '127.0.0.1';
    const devLocal = process.env.NODE_ENV !== 'production' && local;
    if (url.protocol !== 'https:' && !(devLocal && url.protocol === 'http:')) ctx.addIssue({ code: 'custom', message: 'Use an https:// URL' });
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'Leave credentials out of the URL' });
    else if (!devLocal && (local || host.endsWith('.localhost') || !['public', 'invalid'].includes(classifyAddress(host))))
      ctx.addIssue({ code: 'custom', message: 'Use a public address: private and local addresses are refused' });
  });

/** A Facebook Page id or Zalo OA id (integrations.external_id, checked by integrations_external_id_format). */
export const PLATFORM_ID = /^[0-9]{1,32}$/;
export const channelPlatform = z.enum(enums.integration_platform);
/** The Pages an admin ticked after Facebook's dialog. */
export const platformIds = z.array(z.string().regex(PLATFORM_ID)).min(1, { error: 'Choose at least one Page' }).max(50);

/** A canned response's fields (public.canned_responses checks). */
export const CANNED_SHORTCUT = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const cannedResponseFields = z.object({
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .regex(CANNED_SHORTCUT, { error: 'Lower-case letters, digits and dashes, at most 32, e.g. refund-policy' }),
  title: z.string().trim().min(1, { error: 'Give it a title' }).max(120, { error: 'At most 120 characters' }),
  body: z.string().trim().min(1, { error: 'Write the response' }).max(5000, { error: 'At most 5,000 characters' }),
});

/** A label's fields (public.labels checks). */
export const labelFields = z.object({
  name: z.string().trim().min(1, { error: 'Give the label a name' }).max(40, { error: 'At most 40 characters' }),
  color: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^#[0-9a-f]{6}$/, { error: 'A colour like #1c7ed6' }),
});

// Business hours (issue 17): the admin page's settings form and its holidays.
const clock = z
  .string()
  .trim()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'A time like 09:00 (24:00 for midnight)' });
/** One window per ISO weekday (1 = Monday): `open<d>` is present when the day is open. */
const weekdayFields = Object.fromEntries(
  [1, 2, 3, 4, 5, 6, 7].flatMap((d) => [
    [`open${d}`, z.literal('on').optional()],
    // a closed day's times may be left empty
    [`opens${d}`, clock.or(z.literal('')).optional()],
    [`closes${d}`, clock.or(z.literal('')).optional()],
  ]),
) as Record<`open${number}`, z.ZodOptional<z.ZodLiteral<'on'>>> &
  Record<`opens${number}` | `closes${number}`, z.ZodOptional<z.ZodUnion<[typeof clock, z.ZodLiteral<''>]>>>;
export const businessHoursFields = z.object({
  enabled: z.literal('on').optional(),
  time_zone: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, { error: 'Choose a time zone' })
    .max(64),
  offline_message: z.string().trim().max(500, { error: 'At most 500 characters' }).optional(),
  ...weekdayFields,
});
export const holidayFields = z.object({
  day: z.iso.date({ error: 'A date like 2026-12-25' }),
  name: z.string().trim().min(1, { error: 'Name the holiday' }).max(80, { error: 'At most 80 characters' }),
});
