'use server';

import { z } from 'zod';
import { ActionError, orgAction } from '@/lib/dashboard/action';
import { setEscalationEmails } from '@/lib/data/notification-preferences';
import { clearNotifications, markNotificationsRead, NOTIFICATION_PAGE_SIZE, setDeskAlerts } from '@/lib/data/notifications';
import { UUID } from '@/lib/validation';

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

/** Browser notifications with a sound for the member's new notifications (the browser's permission is asked first, in the page). */
export const saveDeskAlerts = orgAction(
  z.object({
    deskAlerts: z
      .literal('on')
      .optional()
      .transform((v) => v === 'on'),
  }),
  async (ctx, input) => {
    await setDeskAlerts(ctx.supabase, {
      organizationId: ctx.org.id,
      userId: ctx.user.userId,
      escalationDefault: ctx.role !== 'viewer',
      enabled: input.deskAlerts,
    });
    return input.deskAlerts ? 'This browser will show your new notifications, with a sound.' : 'No browser notifications or sound.';
  },
);

/** Which of the member's notifications an action applies to: some by id, or every one (`all`). */
const notificationSelection = z.object({
  ids: z.array(z.string().regex(UUID)).max(NOTIFICATION_PAGE_SIZE * 10),
  all: z.literal('on').optional(),
});
function selected(input: z.output<typeof notificationSelection>) {
  if (input.all === 'on') return 'all' as const;
  // orgAction's wrapper extends the schema, so this rule cannot be a zod refinement
  if (input.ids.length === 0) throw new ActionError('Pick a notification.');
  return input.ids;
}

/** Marks the member's own notifications read (RLS: another member's are not theirs to mark; they stay as they were). */
export const markNotificationsReadAction = orgAction(notificationSelection, async (ctx, input) => {
  const changed = await markNotificationsRead(ctx.supabase, { ids: selected(input) });
  return changed === 1 ? 'Marked 1 notification read.' : `Marked ${changed} notifications read.`;
});

/** Deletes the member's own notifications (RLS: only theirs). */
export const clearNotificationsAction = orgAction(notificationSelection, async (ctx, input) => {
  const removed = await clearNotifications(ctx.supabase, { ids: selected(input) });
  return removed === 1 ? 'Cleared 1 notification.' : `Cleared ${removed} notifications.`;
});
