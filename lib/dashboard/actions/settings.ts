'use server';

import { FunctionsHttpError } from '@supabase/supabase-js';
import { z } from 'zod';
import { ActionError, expectChanged, orgAction } from '@/lib/dashboard/action';
import { cleanHost } from '@/lib/dashboard/clean-host';
import { addDomain, removeDomain } from '@/lib/data/domains';
import { updateOrganization } from '@/lib/data/organizations';
import { domainRole, EMAIL_DOMAIN, LOW_CONFIDENCE_ACTIONS } from '@/lib/validation';

/** Admins rename the organization and tune the assistant (the same limits the database checks). */
export const saveSettings = orgAction(
  z.object({
    name: z.string().trim().min(1, { error: 'The organization needs a name' }).max(120, { error: 'At most 120 characters' }),
    assistantName: z.string().trim().min(1, { error: 'Give the assistant a name' }).max(60, { error: 'At most 60 characters' }),
    greeting: z.string().trim().min(1, { error: 'Write a greeting' }).max(500, { error: 'At most 500 characters' }),
    escalationThreshold: z.coerce.number({ error: 'Enter a number between 0 and 1' }).min(0, { error: 'At least 0' }).max(1, { error: 'At most 1' }),
    // optional: a form without the field keeps the organization's choice
    lowConfidenceAction: z.enum(LOW_CONFIDENCE_ACTIONS, { error: 'Pick what the assistant does when it is unsure' }).optional(),
  }),
  async (ctx, input) => {
    const rows = await updateOrganization(ctx.supabase, {
      id: ctx.org.id,
      name: input.name,
      settings: {
        assistant_name: input.assistantName,
        greeting: input.greeting,
        escalation_threshold: input.escalationThreshold,
        ...(input.lowConfidenceAction ? { low_confidence_action: input.lowConfidenceAction } : {}),
      },
    });
    expectChanged(rows, 'organization');
    return 'Settings saved.';
  },
);

/**
 * Automatic assignment of new escalations (round robin among available agents, at most `cap`
 * open tickets each); the database assigns, in the ticket insert.
 */
export const saveAssignment = orgAction(
  z.object({
    autoAssign: z.enum(['on', 'off'], { error: 'Pick on or off' }).transform((v) => v === 'on'),
    cap: z.coerce
      .number({ error: 'Enter a whole number from 1 to 100' })
      .int({ error: 'Enter a whole number from 1 to 100' })
      .min(1, { error: 'At least 1' })
      .max(100, { error: 'At most 100' }),
  }),
  async (ctx, input) => {
    expectChanged(
      await updateOrganization(ctx.supabase, { id: ctx.org.id, settings: { auto_assign: input.autoAssign, auto_assign_cap: input.cap } }),
      'organization',
    );
    return input.autoAssign ? `New escalations now go to available agents, at most ${input.cap} open each.` : 'New escalations wait unassigned.';
  },
);

/**
 * The reopen window: a customer message within this many days of the resolution reopens the same
 * conversation and ticket for the team; a later one starts over with the assistant (the database
 * applies it, private.reopen_state). 0 never reopens.
 */
export const saveReopenWindow = orgAction(
  z.object({
    // an empty field is no answer (a bare coerce would read it as 0, "never reopen")
    reopenWindowDays: z
      .string({ error: 'Enter a whole number of days from 0 to 365' })
      .trim()
      .regex(/^-?\d+$/, { error: 'Enter a whole number of days from 0 to 365' })
      .transform(Number)
      .pipe(z.number().min(0, { error: 'At least 0 days' }).max(365, { error: 'At most 365 days' })),
  }),
  async (ctx, input) => {
    expectChanged(
      await updateOrganization(ctx.supabase, { id: ctx.org.id, settings: { reopen_window_days: input.reopenWindowDays } }),
      'organization',
    );
    const days = input.reopenWindowDays;
    return days === 0
      ? 'A customer who writes after the resolution starts over with the assistant.'
      : `A customer who writes within ${days} ${days === 1 ? 'day' : 'days'} of the resolution reopens the same ticket.`;
  },
);

const domainField = z
  .string()
  .transform((d) => cleanHost(d.trim().replace(/^@/, '')))
  .pipe(z.string().regex(EMAIL_DOMAIN, { error: 'Enter a domain such as example.com' }));

/** A claim on a domain; once verified by DNS, sign-ups with an email there join with this role. */
export const addAllowedDomain = orgAction(z.object({ domain: domainField, role: domainRole }), async (ctx, input) => {
  try {
    await addDomain(ctx.supabase, { organizationId: ctx.org.id, domain: input.domain, role: input.role });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ActionError(`${input.domain} is already on the list.`);
    throw error;
  }
  return `Added @${input.domain}. Publish its TXT record and verify it: until then nobody joins through it.`;
});

/**
 * Asks the verify-domain Edge Function, with the admin's own token, to look up the domain's TXT
 * record; only that function (service role) can record the proof.
 */
export const verifyAllowedDomain = orgAction(z.object({ domain: domainField }), async (ctx, input) => {
  const { error } = await ctx.supabase.functions.invoke('verify-domain', { body: { domain: input.domain } });
  if (error) {
    if (error instanceof FunctionsHttpError && error.context instanceof Response) {
      const body = (await error.context.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      const code = body?.error?.code;
      if (code === 'record_not_found' || code === 'dns_unavailable') throw new ActionError(body!.error!.message!);
      if (code === 'domain_taken') throw new ActionError(`@${input.domain} is already verified by another organization.`);
      if (code === 'forbidden') throw new ActionError('Only admins and owners verify domains.');
      if (code === 'not_found') throw new ActionError(`@${input.domain} is not on the list.`);
    }
    console.error('[settings] verify-domain failed', error.name);
    throw new ActionError('The domain could not be checked. Try again in a moment.');
  }
  return `@${input.domain} is verified: new sign-ups with an email there join ${ctx.org.name}.`;
});

export const removeAllowedDomain = orgAction(z.object({ domain: domainField }), async (ctx, input) => {
  expectChanged(await removeDomain(ctx.supabase, { organizationId: ctx.org.id, domain: input.domain }), 'domain');
  return 'Domain removed.';
});
