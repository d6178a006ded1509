import { z } from 'zod';
import { Constants } from '@/lib/database.types';

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
