'use server';

import { z } from 'zod';
import { expectChanged, orgAction } from '@/lib/dashboard/action';
import { saveSlaPolicy } from '@/lib/data/sla';
import { ticketPriority } from '@/lib/validation';

/** A target in minutes from a form field: empty is "no target"; at most a year (sla_policies' check). */
const target = z
  .string()
  .trim()
  .regex(/^[0-9]*$/, { error: 'Enter whole minutes, e.g. 60' })
  .transform((v) => (v === '' ? null : Number(v)))
  .refine((v) => v === null || (v >= 1 && v <= 525600), { error: 'Between 1 and 525600 minutes (a year); leave empty for no target' });

/** Admins set one priority's first-response and resolution targets (empty: no target). */
export const saveSlaPolicyAction = orgAction(
  z
    .object({ priority: ticketPriority, firstResponseMinutes: target, resolutionMinutes: target })
    .refine((v) => v.firstResponseMinutes === null || v.resolutionMinutes === null || v.resolutionMinutes >= v.firstResponseMinutes, {
      error: 'The resolution target cannot be shorter than the first-response target',
      path: ['resolutionMinutes'],
    }),
  async (ctx, input) => {
    expectChanged(
      await saveSlaPolicy(ctx.supabase, {
        organizationId: ctx.org.id,
        priority: input.priority,
        firstResponseMinutes: input.firstResponseMinutes,
        resolutionMinutes: input.resolutionMinutes,
      }),
      'SLA policy',
    );
    return `Targets for ${input.priority} tickets saved.`;
  },
);
