'use server';

import { z } from 'zod';
import { expectChanged, orgAction } from '@/lib/dashboard/action';
import { updateTicket } from '@/lib/data/tickets';
import { ticketPriority as priority, ticketStatus as status, userId } from '@/lib/validation';

/**
 * Status, priority and assignee of a ticket. Resolving is the status change to `resolved`: the
 * database records who and when, and resolves the conversation with it. The assignee must be a
 * member of the organization (composite foreign key), so a ticket cannot go to an outsider.
 */
export const updateTicketFields = orgAction(
  z.object({
    ticketId: z.uuid(),
    status: status.optional(),
    priority: priority.optional(),
    assigneeId: z
      .union([z.literal('none'), userId])
      .transform((v) => (v === 'none' ? null : v))
      .optional(),
  }),
  async (ctx, input) => {
    const rows = await updateTicket(ctx.supabase, {
      id: input.ticketId,
      status: input.status,
      priority: input.priority,
      assigneeId: input.assigneeId,
    });
    expectChanged(rows, 'ticket');
    return input.status === 'resolved' ? 'Ticket resolved.' : 'Ticket updated.';
  },
);

/**
 * The ticket's subject: set from the visitor's question at escalation, corrected by an agent.
 * Whitespace runs become one space, as the escalation writes it (the database allows 1 to 300).
 */
export const updateTicketSubject = orgAction(
  z.object({
    ticketId: z.uuid(),
    subject: z
      .string()
      .transform((v) => v.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, { error: 'Write a subject' }).max(300, { error: 'At most 300 characters' })),
  }),
  async (ctx, input) => {
    expectChanged(await updateTicket(ctx.supabase, { id: input.ticketId, subject: input.subject }), 'ticket');
    return 'Subject saved.';
  },
);
