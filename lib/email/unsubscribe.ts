'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicEnv } from '@/lib/env/public';

const token = z.string().regex(/^[\w-]{1,1000}\.[\w-]{43}$/);

/**
 * The /unsubscribe page's button: hands the signed token to the email-unsubscribe function, which
 * checks the signature and records the unsubscribe (the app holds no key for it).
 */
export async function unsubscribe(formData: FormData): Promise<void> {
  const parsed = token.safeParse(formData.get('token'));
  if (!parsed.success) redirect('/unsubscribe?result=invalid');
  const res = await fetch(`${publicEnv().NEXT_PUBLIC_SUPABASE_URL}/functions/v1/email-unsubscribe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', apikey: publicEnv().NEXT_PUBLIC_SUPABASE_ANON_KEY },
    body: JSON.stringify({ token: parsed.data }),
  });
  redirect(`/unsubscribe?result=${res.ok ? 'done' : res.status === 400 ? 'invalid' : 'failed'}`);
}
