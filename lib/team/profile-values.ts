import type { ProfileValues } from '@/components/team/profile-form';
import type { ProfileRow } from '@/lib/data/team';

/** The profile form's starting values: the member's profile, or their account name for a first one. */
export function profileValues(profile: ProfileRow | null, fallbackName: string, fallbackEmail: string): ProfileValues {
  return {
    displayName: profile?.display_name ?? fallbackName,
    title: profile?.title ?? '',
    expertise: profile?.expertise ?? [],
    languages: profile?.languages ?? [],
    bio: profile?.bio ?? '',
    workEmail: profile?.work_email ?? fallbackEmail,
    linkedinUrl: profile?.linkedin_url ?? '',
    optedIn: profile?.opted_in ?? false,
  };
}
