'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { callEmailRate, ratingToken } from './rate';

const form = z.object({
  token: ratingToken,
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
});

/** The /rate page's form: the score (and optional comment) the visitor confirmed. */
export async function submitRating(formData: FormData): Promise<void> {
  const token = String(formData.get('token') ?? '');
  const parsed = form.safeParse({
    token,
    rating: formData.get('rating'),
    comment: String(formData.get('comment') ?? '') || undefined,
  });
  if (!parsed.success) {
    if (!ratingToken.safeParse(token).success) redirect('/rate/invalid');
    redirect(`/rate/${token}?result=incomplete`);
  }
  const state = await callEmailRate(parsed.data);
  redirect(`/rate/${parsed.data.token}?result=${state.status}`);
}
