'use server';

import { z } from 'zod';
import { expectChanged, orgAction } from '@/lib/dashboard/action';
import { allowWebsiteOrigin, createWebsite, deleteWebsite, updateWebsite } from '@/lib/data/websites';
import { appOrigin } from '@/lib/dashboard/app-origin';
import { cleanHost } from '@/lib/dashboard/clean-host';
import { HEX_COLOR, HOST, LAUNCHER_ICONS, ORIGIN, WIDGET_LANGUAGES, WIDGET_POSITIONS } from '@/lib/validation';

/** An optional text: absent leaves the column alone, blank clears it (the widget's default text). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `At most ${max} characters` })
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null));

// The widget's look and language (websites.brand_color …): optional, so a form without them
// (or an older client) changes none
const appearanceFields = {
  brandColor: z.string().trim().toLowerCase().regex(HEX_COLOR, { error: 'Pick a colour such as #1c7ed6' }).optional(),
  widgetPosition: z.enum(WIDGET_POSITIONS, { error: 'Pick left or right' }).optional(),
  launcherIcon: z.enum(LAUNCHER_ICONS, { error: 'Pick an icon' }).optional(),
  avatarUrl: optionalText(500).pipe(
    z
      .string()
      .regex(/^https:\/\/\S+$/, { error: 'Enter an https:// image address' })
      .nullish(),
  ),
  greeting: optionalText(280),
  inputPlaceholder: optionalText(120),
  widgetLanguage: z
    .union([z.literal(''), z.enum(WIDGET_LANGUAGES)], { error: 'Pick a language' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null)),
};

const websiteFields = z.object({
  ...appearanceFields,
  name: z.string().trim().min(1, { error: 'Give the website a name' }).max(120, { error: 'At most 120 characters' }),
  domain: z
    .string()
    .transform(cleanHost)
    .pipe(z.string().regex(HOST, { error: 'Enter a domain such as shop.example.com' })),
  // one origin per line (or separated by commas/spaces), as the browser sends it in Origin
  allowedOrigins: z
    .string()
    .max(4000)
    .transform((s) => [
      ...new Set(
        s
          .split(/[\s,]+/)
          .map((o) => o.trim().toLowerCase().replace(/\/+$/, ''))
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().regex(ORIGIN, { error: 'Each origin looks like https://shop.example.com (scheme, host, optional port)' }))
        .max(20, { error: 'At most 20 origins' }),
    ),
});

/** Admins add, edit and remove their organization's websites (RLS refuses everyone else). */
export const addWebsite = orgAction(websiteFields, async (ctx, input) => {
  const website = await createWebsite(ctx.supabase, { organizationId: ctx.org.id, ...input });
  return `${input.name} added with widget key ${website.public_key}. Copy its embed snippet to put the chat on the site.`;
});

export const editWebsite = orgAction(websiteFields.extend({ websiteId: z.uuid() }), async (ctx, { websiteId, ...input }) => {
  expectChanged(await updateWebsite(ctx.supabase, { id: websiteId, ...input }), 'website');
  return 'Website saved.';
});

export const removeWebsite = orgAction(z.object({ websiteId: z.uuid() }), async (ctx, { websiteId }) => {
  expectChanged(await deleteWebsite(ctx.supabase, { id: websiteId }), 'website');
  return 'Website removed. Its tickets and conversations stay.';
});

/**
 * The demo page (/demo/org/<org>) runs the widget from this app's own origin: an admin allows it
 * for the website with one click. The origin is the request's, never a value the form sends.
 */
export const allowDemoOrigin = orgAction(z.object({ websiteId: z.uuid() }), async (ctx, { websiteId }) => {
  const origin = await appOrigin();
  expectChanged(await allowWebsiteOrigin(ctx.supabase, { id: websiteId, origin }), 'website');
  return `${origin} may now run the widget.`;
});
