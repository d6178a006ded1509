import type { Client } from '@/lib/supabase/types';

/** A user the caller may see (themselves, or a member of their active organization). */
export async function getUser(client: Client, args: { id: string }) {
  const { data } = await client.from('users').select('id, name, email, avatar_url').eq('id', args.id).maybeSingle().throwOnError();
  return data;
}
