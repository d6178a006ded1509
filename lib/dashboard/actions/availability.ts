'use server';

import { z } from 'zod';
import { orgAction } from '@/lib/dashboard/action';
import { setMyAvailability } from '@/lib/data/members';

/** A member marks themself available for new escalations, or away (automatic assignment skips them). */
export const setAvailability = orgAction(z.object({ available: z.enum(['true', 'false']).transform((v) => v === 'true') }), async (ctx, input) => {
  await setMyAvailability(ctx.supabase, { available: input.available });
  return input.available ? 'You are available.' : 'You are away.';
});
