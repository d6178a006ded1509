'use server';

import { z } from 'zod';
import { ActionError, expectChanged, orgAction } from '@/lib/dashboard/action';
import { createCannedResponse, deleteCannedResponse, updateCannedResponse } from '@/lib/data/canned-responses';
import { cannedResponseFields } from '@/lib/validation';

/**
 * A new canned response: shared with the organization (admins; the policy refuses others) or the
 * member's own. The owner is the signed-in user, never a form field.
 */
export const createCannedResponseAction = orgAction(
  cannedResponseFields.extend({ scope: z.enum(['shared', 'personal'], { error: 'Pick who may use it' }) }),
  async (ctx, input) => {
    if (input.scope === 'shared' && !ctx.can.manage) throw new ActionError('Only admins and owners add shared responses; add it as yours instead.');
    await createCannedResponse(ctx.supabase, {
      organizationId: ctx.org.id,
      ownerId: input.scope === 'personal' ? ctx.user.userId : null,
      shortcut: input.shortcut,
      title: input.title,
      body: input.body,
    });
    return `Saved /${input.shortcut}.`;
  },
);

export const updateCannedResponseAction = orgAction(cannedResponseFields.extend({ id: z.uuid() }), async (ctx, input) => {
  expectChanged(await updateCannedResponse(ctx.supabase, input), 'response');
  return `Saved /${input.shortcut}.`;
});

export const deleteCannedResponseAction = orgAction(z.object({ id: z.uuid() }), async (ctx, { id }) => {
  expectChanged(await deleteCannedResponse(ctx.supabase, { id }), 'response');
  return 'Response deleted.';
});
