'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ActionError, orgAction } from '@/lib/dashboard/action';
import { disconnectIntegration, setIntegrationAi } from '@/lib/data/integrations';
import { callChannelConnect } from '@/lib/integrations/connect';
import { channelPlatform, platformIds } from '@/lib/validation';

/** Admins disconnect a page / OA: its tokens are destroyed, its conversations stay. */
export const disconnectChannel = orgAction(z.object({ integrationId: z.uuid() }), async (ctx, { integrationId }) => {
  await disconnectIntegration(ctx.supabase, integrationId);
  return 'Disconnected. Its conversations stay; messages to it are no longer received.';
});

/** Admins switch "AI answers": the assistant answers the page / OA's customers first, or every message goes to the team. */
export const setChannelAi = orgAction(
  z.object({ integrationId: z.uuid(), aiEnabled: z.enum(['on', 'off'], { error: 'Pick on or off' }).transform((v) => v === 'on') }),
  async (ctx, { integrationId, aiEnabled }) => {
    if (!(await setIntegrationAi(ctx.supabase, integrationId, aiEnabled))) throw new ActionError('Only admins and owners switch AI answers.');
    return aiEnabled
      ? 'AI answers are on: the assistant answers new messages and hands over to the team when it cannot.'
      : 'AI answers are off: new messages go to the team queue.';
  },
);

/**
 * Connect (or reconnect) a page / OA: off to the platform's consent page, with a state the
 * channel-connect function seals to this member and organization. Members below admin are
 * refused by the database (403), and see why.
 */
export const startChannelConnect = orgAction(z.object({ platform: channelPlatform }), async (ctx, { platform }): Promise<string> => {
  const answer = await callChannelConnect(ctx, { action: 'start', platform });
  if (!answer.ok) throw new ActionError(answer.status === 403 ? 'Only admins and owners connect channels.' : answer.message);
  redirect(answer.url!);
});

/** The pages the admin ticked after Facebook's dialog: each connected, or why not. */
export const connectFacebookPages = orgAction(
  z.object({ grant: z.string().min(1).max(4000), pages: platformIds }),
  async (ctx, { grant, pages }): Promise<string> => {
    const answer = await callChannelConnect(ctx, { action: 'facebook_connect', grant, pages });
    if (!answer.ok) throw new ActionError(answer.message);
    const results = answer.results ?? [];
    if (results.every((r) => r.status === 'connected')) redirect(`/dashboard/${ctx.org.slug}/integrations`);
    throw new ActionError(results.map((r) => `${r.name}: ${r.message}`).join(' '));
  },
);
