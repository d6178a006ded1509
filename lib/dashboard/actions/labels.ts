'use server';

import { z } from 'zod';
import { ActionError, expectChanged, orgAction } from '@/lib/dashboard/action';
import { createLabel, deleteLabel, setLabel, updateLabel } from '@/lib/data/labels';
import { labelFields } from '@/lib/validation';

/** Admins define labels (the policy refuses anyone else). */
export const createLabelAction = orgAction(labelFields, async (ctx, input) => {
  if (!ctx.can.manage) throw new ActionError('Only admins and owners define labels.');
  await createLabel(ctx.supabase, { organizationId: ctx.org.id, ...input });
  return `Label “${input.name}” added.`;
});

export const updateLabelAction = orgAction(labelFields.extend({ id: z.uuid() }), async (ctx, input) => {
  expectChanged(await updateLabel(ctx.supabase, input), 'label');
  return `Label “${input.name}” saved.`;
});

export const deleteLabelAction = orgAction(z.object({ id: z.uuid() }), async (ctx, { id }) => {
  expectChanged(await deleteLabel(ctx.supabase, { id }), 'label');
  return 'Label deleted.';
});

/** Agents put a label on a conversation or a ticket, or take it off. */
export const toggleLabelAction = orgAction(
  z.object({
    labelId: z.uuid(),
    on: z.enum(['true', 'false']).transform((v) => v === 'true'),
    conversationId: z.uuid().optional(),
    ticketId: z.uuid().optional(),
  }),
  async (ctx, input) => {
    const target = input.conversationId ? { conversationId: input.conversationId } : input.ticketId ? { ticketId: input.ticketId } : null;
    if (!target || (input.conversationId && input.ticketId)) throw new ActionError('Name one conversation or one ticket.');
    await setLabel(ctx.supabase, { organizationId: ctx.org.id, labelId: input.labelId, on: input.on, target });
    return input.on ? 'Label added.' : 'Label removed.';
  },
);
