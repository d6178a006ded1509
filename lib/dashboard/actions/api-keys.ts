'use server';

import { PostgrestError } from '@supabase/supabase-js';
import { z } from 'zod';
import { ActionError, expectChanged, orgAction, type OutcomeState } from '@/lib/dashboard/action';
import { API_KEY_SCOPES, createApiKey, deleteApiKey, revokeApiKey } from '@/lib/data/api-keys';

/** Admins create a key for their organization (public.create_api_key checks the role itself). */
export const createKeyAction = orgAction(
  z.object({
    name: z.string().trim().min(1, { error: 'Give the key a name, e.g. the system that will use it' }).max(80, { error: 'At most 80 characters' }),
    scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, { error: 'Pick at least one scope' }),
  }),
  async (ctx, input) => {
    try {
      const created = await createApiKey(ctx.supabase, { name: input.name, scopes: input.scopes });
      return { message: `Key “${created.name}” created.`, key: created.key, name: created.name };
    } catch (error) {
      if (error instanceof PostgrestError && error.code === '42501') throw new ActionError('Only admins and owners can create API keys.');
      if (error instanceof PostgrestError && error.code === '54000')
        throw new ActionError('This organization already has 50 active keys. Revoke some first.');
      if (error instanceof PostgrestError) throw new ActionError('The key could not be created. Try again in a moment.');
      throw error;
    }
  },
);

/** The create form's result: the new key, shown once and never again (not stored in plain text). */
export type CreateKeyState = OutcomeState<{ message: string; key: string; name: string }>;

/** Revoking is immediate: the next request with the key gets 401. */
export const revokeKeyAction = orgAction(z.object({ keyId: z.uuid() }), async (ctx, { keyId }) => {
  expectChanged(await revokeApiKey(ctx.supabase, { id: keyId }), 'API key');
  return 'Key revoked. Requests with it are refused from now on.';
});

/** Only revoked keys are deleted, so a key in use never disappears by accident. */
export const deleteKeyAction = orgAction(z.object({ keyId: z.uuid() }), async (ctx, { keyId }) => {
  expectChanged(await deleteApiKey(ctx.supabase, { id: keyId }), 'API key');
  return 'Key deleted.';
});
