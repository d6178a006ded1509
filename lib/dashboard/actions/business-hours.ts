'use server';

import { PostgrestError } from '@supabase/supabase-js';
import { z } from 'zod';
import { ActionError, expectChanged, orgAction } from '@/lib/dashboard/action';
import { addHoliday, deleteHoliday, saveBusinessHours, WEEKDAYS } from '@/lib/data/business-hours';
import { businessHoursFields, holidayFields } from '@/lib/validation';

/** Admins set the hours (the policies refuse anyone else): on/off, time zone, the week, the away text. */
export const saveBusinessHoursAction = orgAction(businessHoursFields, async (ctx, input) => {
  if (!ctx.can.manage) throw new ActionError('Only admins and owners set business hours.');
  const fields = input as Record<string, string | undefined>;
  const days = WEEKDAYS.filter(([d]) => fields[`open${d}`] === 'on').map(([weekday, label]) => {
    const opensAt = fields[`opens${weekday}`];
    const closesAt = fields[`closes${weekday}`];
    if (!opensAt || !closesAt) throw new ActionError(`Give ${label} an opening and a closing time, or close it.`);
    if (closesAt <= opensAt) throw new ActionError(`${label} must close after it opens.`);
    return { weekday, opensAt, closesAt };
  });
  try {
    await saveBusinessHours(ctx.supabase, {
      organizationId: ctx.org.id,
      enabled: input.enabled === 'on',
      timeZone: input.time_zone,
      offlineMessage: input.offline_message || null,
      days,
    });
  } catch (error) {
    // the time zone is checked against Postgres's own list (pg_timezone_names)
    if (error instanceof PostgrestError && error.code === '23514') throw new ActionError(`“${input.time_zone}” is not a time zone Postgres knows.`);
    throw error;
  }
  return 'Business hours saved.';
});

export const addHolidayAction = orgAction(holidayFields, async (ctx, input) => {
  if (!ctx.can.manage) throw new ActionError('Only admins and owners add holidays.');
  await addHoliday(ctx.supabase, { organizationId: ctx.org.id, ...input });
  return `Holiday “${input.name}” added.`;
});

export const deleteHolidayAction = orgAction(z.object({ id: z.uuid() }), async (ctx, { id }) => {
  expectChanged(await deleteHoliday(ctx.supabase, { id }), 'holiday');
  return 'Holiday removed.';
});
