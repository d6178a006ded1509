'use server';

import { z } from 'zod';
import { orgAction } from '@/lib/dashboard/action';
import { setEscalationEmails } from '@/lib/data/notification-preferences';

/** The signed-in member's own email preferences in this organization (any role may set theirs). */
export const saveNotificationPreferences = orgAction(
  z.object({
    escalationEmails: z
      .literal('on')
      .optional()
      .transform((v) => v === 'on'),
  }),
  async (ctx, input) => {
    await setEscalationEmails(ctx.supabase, { organizationId: ctx.org.id, userId: ctx.user.userId, enabled: input.escalationEmails });
    return input.escalationEmails ? 'You will get an email for each new escalation.' : 'You will not get escalation emails.';
  },
);
