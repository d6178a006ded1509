'use server';

import { PostgrestError } from '@supabase/supabase-js';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { expectChanged, orgAction } from '@/lib/dashboard/action';
import type { ActionState } from '@/lib/dashboard/action-state';
import { resolveOrgContext } from '@/lib/dashboard/context';
import { API_KEY_SCOPES, createApiKey, deleteApiKey, revokeApiKey } from '@/lib/data/api-keys';

/** The create form's result: the new key, shown once and never again (not stored in plain text). */
export interface CreateKeyState extends ActionState {
  key?: string;
  name?: string;
}

const createFields = z.object({
  orgSlug: z.string().regex(/^[a-z0-9-]{1,48}$/),
  name: z.string().trim().min(1, { error: 'Give the key a name, e.g. the system that will use it' }).max(80, { error: 'At most 80 characters' }),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, { error: 'Pick at least one scope' }),
});

function refusal(error: PostgrestError): string {
  if (error.code === '42501') return 'Only admins and owners can create API keys.';
  if (error.code === '54000') return 'This organization already has 50 active keys. Revoke some first.';
  return 'The key could not be created. Try again in a moment.';
}

/** Admins create a key for their organization (public.create_api_key checks the role itself). */
export async function createKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const parsed = createFields.safeParse({ orgSlug: formData.get('orgSlug'), name: formData.get('name'), scopes: formData.getAll('scopes') });
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors: z.flattenError(parsed.error).fieldErrors, at: Date.now() };
  }
  const ctx = await resolveOrgContext(parsed.data.orgSlug);
  if (!ctx) return { status: 'error', message: 'This organization does not exist or you are not a member of it.', at: Date.now() };
  try {
    const created = await createApiKey(ctx.supabase, { name: parsed.data.name, scopes: parsed.data.scopes });
    revalidatePath(`/dashboard/${ctx.org.slug}/settings/api-keys`);
    return { status: 'success', message: `Key “${created.name}” created.`, key: created.key, name: created.name, at: Date.now() };
  } catch (error) {
    if (error instanceof PostgrestError) return { status: 'error', message: refusal(error), at: Date.now() };
    throw error;
  }
}

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
