'use client';

import { Button, Group, Modal, Text } from '@mantine/core';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ProfileForm, type ProfileValues } from '@/components/team/profile-form';
import { onboardingCookie } from '@/lib/team/onboarding';

/**
 * The first visit to the team pages: fill in a profile, or skip. Shown by the directory page when
 * the member has no profile and has not skipped, or when the account menu asks for it (?onboarding=1).
 */
export function OnboardingDialog({ orgSlug, values, initiallyOpen }: { orgSlug: string; values: ProfileValues; initiallyOpen: boolean }) {
  const [opened, setOpened] = useState(initiallyOpen);
  const router = useRouter();
  const close = () => {
    setOpened(false);
    router.replace(`/dashboard/${orgSlug}/team`);
  };
  const skip = () => {
    document.cookie = `${onboardingCookie(orgSlug)}=skipped; path=/dashboard/${orgSlug}; max-age=31536000; samesite=lax`;
    close();
  };
  return (
    <Modal opened={opened} onClose={skip} title="Introduce yourself to the team" size="lg" closeButtonProps={{ 'aria-label': 'Skip for now' }}>
      <Text size="sm" c="dimmed" mb="md">
        Colleagues find experts here and in &quot;Ask the team&quot;. Your profile stays private until you opt in.
      </Text>
      <ProfileForm orgSlug={orgSlug} values={values} onSaved={close} />
      <Group justify="flex-end" mt="md">
        <Button variant="subtle" onClick={skip} data-testid="onboarding-skip">
          Skip for now
        </Button>
      </Group>
    </Modal>
  );
}
