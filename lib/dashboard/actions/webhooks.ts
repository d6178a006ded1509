'use server';

import { PostgrestError } from '@supabase/supabase-js';
import { z } from 'zod';
import { ActionError, expectChanged, orgAction, type OutcomeState } from '@/lib/dashboard/action';
import { createWebhookEndpoint, deleteWebhookEndpoint, redeliverWebhook, rotateWebhookSecret, setWebhookEnabled } from '@/lib/data/webhooks';
import { WEBHOOK_EVENTS, webhookUrl } from '@/lib/validation';

const adminOnly = (error: unknown, what: string): never => {
  if (error instanceof PostgrestError && error.code === '42501') throw new ActionError(`Only admins and owners can ${what}.`);
  if (error instanceof PostgrestError && error.code === '54000') throw new ActionError('An organization has at most 20 webhook endpoints.');
  if (error instanceof PostgrestError && error.code === 'P0002') throw new ActionError('It no longer exists. Reload the page.');
  throw error;
};

/** Admins subscribe a URL to events; the signing secret comes back once. */
export const createWebhookAction = orgAction(
  z.object({
    url: webhookUrl,
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, { error: 'Pick at least one event' }),
    description: z.string().trim().max(200, { error: 'At most 200 characters' }).optional(),
  }),
  async (ctx, input) => {
    try {
      const created = await createWebhookEndpoint(ctx.supabase, { url: input.url, events: input.events, description: input.description || null });
      return { message: 'Endpoint added.', secret: created.secret };
    } catch (error) {
      return adminOnly(error, 'add webhook endpoints');
    }
  },
);

/** The create and rotate forms' result: the secret, shown once (it is never readable again). */
export type WebhookSecretState = OutcomeState<{ message: string; secret: string }>;

/** A new secret at once: the old one stops signing with the next delivery. */
export const rotateWebhookSecretAction = orgAction(z.object({ endpointId: z.uuid() }), async (ctx, { endpointId }) => {
  try {
    return { message: 'Secret rotated. Update your receiver now.', secret: await rotateWebhookSecret(ctx.supabase, { id: endpointId }) };
  } catch (error) {
    return adminOnly(error, 'rotate secrets');
  }
});

export const setWebhookEnabledAction = orgAction(
  z.object({ endpointId: z.uuid(), enabled: z.enum(['true', 'false']).transform((v) => v === 'true') }),
  async (ctx, { endpointId, enabled }) => {
    expectChanged(await setWebhookEnabled(ctx.supabase, { id: endpointId, enabled }), 'endpoint');
    return enabled ? 'Endpoint resumed.' : 'Endpoint paused: events are no longer queued for it.';
  },
);

export const deleteWebhookAction = orgAction(z.object({ endpointId: z.uuid() }), async (ctx, { endpointId }) => {
  expectChanged(await deleteWebhookEndpoint(ctx.supabase, { id: endpointId }), 'endpoint');
  return 'Endpoint deleted with its deliveries.';
});

/** "Redeliver": the same delivery (same webhook-id and body) is queued again now. */
export const redeliverWebhookAction = orgAction(z.object({ deliveryId: z.uuid() }), async (ctx, { deliveryId }) => {
  try {
    await redeliverWebhook(ctx.supabase, { id: deliveryId });
    return 'Queued for redelivery.';
  } catch (error) {
    return adminOnly(error, 'redeliver webhooks');
  }
});
