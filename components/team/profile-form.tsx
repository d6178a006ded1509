'use client';

import { Button, Checkbox, Stack, Textarea, TextInput } from '@mantine/core';
import { useEffect } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { saveTeamProfile } from '@/lib/dashboard/actions/team';

export interface ProfileValues {
  displayName: string;
  title: string;
  expertise: string[];
  languages: string[];
  bio: string;
  workEmail: string;
  linkedinUrl: string;
  optedIn: boolean;
}

/** The member's own team profile; opting in lists it in the directory and the matcher. */
export function ProfileForm({ orgSlug, values, onSaved }: { orgSlug: string; values: ProfileValues; onSaved?: () => void }) {
  const { state, pending, formProps } = useFormAction(saveTeamProfile);
  const error = (field: string) => state.fieldErrors?.[field]?.[0];
  // once per successful save (state changes identity with every answer)
  useEffect(() => {
    if (state.status === 'success') onSaved?.();
  }, [state, onSaved]);
  return (
    <form {...formProps} aria-label="Team profile">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="optedIn" value="off" />
      <Stack gap="sm">
        <TextInput name="displayName" label="Name" defaultValue={values.displayName} required maxLength={120} error={error('displayName')} />
        <TextInput name="title" label="Title" defaultValue={values.title} maxLength={120} error={error('title')} />
        <TextInput
          name="expertise"
          label="Expertise"
          description="Comma-separated, e.g. billing, refunds, api"
          defaultValue={values.expertise.join(', ')}
          error={error('expertise')}
        />
        <TextInput
          name="languages"
          label="Languages"
          description="Comma-separated, e.g. en, fr"
          defaultValue={values.languages.join(', ')}
          error={error('languages')}
        />
        <Textarea name="bio" label="Short bio" defaultValue={values.bio} maxLength={1000} autosize minRows={2} error={error('bio')} />
        <TextInput name="workEmail" type="email" label="Work email" defaultValue={values.workEmail} error={error('workEmail')} />
        <TextInput
          name="linkedinUrl"
          label="LinkedIn profile"
          placeholder="https://www.linkedin.com/in/your-name"
          defaultValue={values.linkedinUrl}
          error={error('linkedinUrl')}
        />
        <Checkbox name="optedIn" value="on" defaultChecked={values.optedIn} label="List me in the team directory and suggest me to colleagues" />
        <FormStatus state={state} />
        <Button type="submit" loading={pending} w="fit-content">
          Save profile
        </Button>
      </Stack>
    </form>
  );
}
