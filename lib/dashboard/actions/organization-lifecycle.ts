'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ActionError, orgAction } from '@/lib/dashboard/action';

/**
 * Deletes the whole organization (public.delete_organization: the owner only, who types the slug;
 * every row carrying its id goes, README "Data lifecycle"), then leaves for the organization list.
 */
export const deleteOrganization = orgAction(
  z.object({ confirmSlug: z.string().trim().min(1, 'Type the slug to confirm').max(100) }),
  async (ctx, input): Promise<string> => {
    if (!ctx.can.own) throw new ActionError('Only the owner can delete the organization.');
    if (input.confirmSlug !== ctx.org.slug) throw new ActionError(`Type ${ctx.org.slug} to confirm.`);
    await ctx.supabase.rpc('delete_organization', { p_organization_id: ctx.org.id, p_confirm_slug: input.confirmSlug }).throwOnError();
    redirect('/dashboard');
  },
);
