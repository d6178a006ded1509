'use server';

import { z } from 'zod';
import { orgAction } from '@/lib/dashboard/action';
import { disconnectIntegration } from '@/lib/data/integrations';

/** Admins disconnect a page / OA: its tokens are destroyed, its conversations stay. */
export const disconnectChannel = orgAction(z.object({ integrationId: z.uuid() }), async (ctx, { integrationId }) => {
  await disconnectIntegration(ctx.supabase, integrationId);
  return 'Disconnected. Its conversations stay; messages to it are no longer received.';
});
