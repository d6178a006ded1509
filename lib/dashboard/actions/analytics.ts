'use server';

import { FunctionsHttpError } from '@supabase/supabase-js';
import { z } from 'zod';
import { ActionError, expectChanged, orgAction } from '@/lib/dashboard/action';
import { updateOrganization } from '@/lib/data/organizations';
import { EVENT_NAME } from '@/lib/validation';

/**
 * "Summarize now": calls the summarize Edge Function with the admin's own session token, so it
 * works on this organization only (the function asks Postgres which one: public.summary_scope).
 */
export const summarizeNow = orgAction(z.object({ force: z.literal('on').optional() }), async (ctx, { force }) => {
  const { data, error } = await ctx.supabase.functions.invoke('summarize', { body: { force: force === 'on', limit: 50 } });
  if (error) {
    if (error instanceof FunctionsHttpError && error.context instanceof Response && error.context.status === 403) {
      throw new ActionError('Only admins and owners can run summaries.');
    }
    if (error instanceof FunctionsHttpError && error.context instanceof Response && error.context.status === 429) {
      const minutes = Math.max(1, Math.ceil(Number(error.context.headers.get('retry-after') ?? 600) / 60));
      throw new ActionError(`Summaries were rewritten a moment ago. You can rewrite them again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
    console.error('[analytics] summarize failed', error.name);
    throw new ActionError('The summaries could not be run. Try again in a moment.');
  }
  const { summarized, skipped, failed } = data as { summarized: number; skipped: number; failed: number };
  if (summarized === 0 && failed === 0)
    return skipped > 0 ? 'Nothing new: those summaries are current.' : 'No finished conversation needs a summary.';
  return `Summarized ${summarized} conversation${summarized === 1 ? '' : 's'}${failed ? `; ${failed} failed and will be retried` : ''}.`;
});

/** One funnel per line: `Name: from_event -> to_event`. */
const conversionsField = z
  .string()
  .max(4000)
  .transform((text) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .transform((line) => /^(.{1,80}?)\s*:\s*(\S+)\s*->\s*(\S+)$/.exec(line))
          .refine((m) => m !== null && EVENT_NAME.test(m[2]!) && EVENT_NAME.test(m[3]!), {
            error: 'Write each line as "Name: from_event -> to_event" (event names: letters, digits, _ . : -)',
          })
          .transform((m) => ({ name: m![1]!.trim(), from: m![2]!, to: m![3]! })),
      )
      .max(20, { error: 'At most 20 conversions' }),
  );

/** Admins set which events count as conversions (organizations.settings.conversions). */
export const saveConversionsAction = orgAction(z.object({ conversions: conversionsField }), async (ctx, { conversions }) => {
  expectChanged(await updateOrganization(ctx.supabase, { id: ctx.org.id, settings: { conversions } }), 'organization');
  return conversions.length ? `Saved ${conversions.length} conversion${conversions.length === 1 ? '' : 's'}.` : 'Conversions cleared.';
});
