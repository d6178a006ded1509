'use server';

import { z } from 'zod';
import { ActionError, expectChanged, orgAction } from '@/lib/dashboard/action';
import { saveMyProfile, setProfileHidden } from '@/lib/data/team';
import { LINKEDIN_URL, tagList } from '@/lib/validation';

const optional = (schema: z.ZodType<string, string>) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(schema.nullable());

/** A member's own profile in the active organization (the same rules the table checks). */
export const saveTeamProfile = orgAction(
  z.object({
    displayName: z.string().trim().min(1, { error: 'Enter your name' }).max(120, { error: 'At most 120 characters' }),
    title: z.string().trim().max(120, { error: 'At most 120 characters' }).default(''),
    expertise: tagList(30, 'At most 30 expertise tags'),
    languages: tagList(10, 'At most 10 languages'),
    bio: z.string().trim().max(1000, { error: 'At most 1000 characters' }).default(''),
    workEmail: optional(
      z
        .string()
        .max(254, { error: 'At most 254 characters' })
        .pipe(z.email({ error: 'Enter an email address' })),
    ),
    linkedinUrl: optional(z.string().regex(LINKEDIN_URL, { error: 'Enter a profile link such as https://www.linkedin.com/in/your-name' })),
    optedIn: z
      .enum(['on', 'off'])
      .default('off')
      .transform((v) => v === 'on'),
  }),
  async (ctx, input) => {
    expectChanged(
      await saveMyProfile(ctx.supabase, {
        organizationId: ctx.org.id,
        userId: ctx.user.userId,
        profile: {
          display_name: input.displayName,
          title: input.title,
          expertise: input.expertise,
          languages: input.languages,
          bio: input.bio,
          work_email: input.workEmail,
          linkedin_url: input.linkedinUrl,
          avatar_url: null,
          opted_in: input.optedIn,
        },
      }),
      'profile',
    );
    return input.optedIn ? 'Profile saved. Colleagues can find you in the directory.' : 'Profile saved. It stays private until you opt in.';
  },
);

/** Admins take a colleague's profile out of the directory (or put it back). */
export const hideTeamProfile = orgAction(
  z.object({ profileId: z.uuid(), hidden: z.enum(['true', 'false']).transform((v) => v === 'true') }),
  async (ctx, input) => {
    if (!ctx.can.manage) throw new ActionError('Only admins and owners hide profiles.');
    if (!(await setProfileHidden(ctx.supabase, { profileId: input.profileId, hidden: input.hidden }))) {
      throw new ActionError('That profile no longer exists.');
    }
    return input.hidden ? 'Profile hidden from the directory.' : 'Profile listed again.';
  },
);
