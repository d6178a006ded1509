'use server';

import { z } from 'zod';
import { expectChanged, orgAction } from '@/lib/dashboard/action';

/**
 * Admins open or close the organization's public help center (/help/<org>): while it is on, anyone
 * can read its published articles there, and the widget's citations link to them.
 */
export const saveHelpCenter = orgAction(
  z.object({ helpCenter: z.enum(['on', 'off'], { error: 'Pick on or off' }).transform((v) => v === 'on') }),
  async (ctx, input) => {
    const { data } = await ctx.supabase.rpc('set_help_center_enabled', { p_organization_id: ctx.org.id, p_enabled: input.helpCenter }).throwOnError();
    expectChanged(data, 'organization');
    return input.helpCenter ? `Your help center is public at /help/${ctx.org.slug}.` : 'Your help center is closed.';
  },
);
