'use client';

import { Stack, Switch } from '@mantine/core';
import { startTransition, useState } from 'react';
import { FormStatus } from '@/components/dashboard/form-status';
import { saveDeskAlerts } from '@/lib/dashboard/actions/notifications';
import { initialActionState, type ActionState } from '@/lib/dashboard/action-state';

const REFUSED =
  'Your browser refused notifications for this site, so they stay off. Allow notifications in the site settings (the icon left of the address), then turn this on again.';
const UNSUPPORTED = 'This browser cannot show notifications, so they stay off.';

/**
 * The member's opt-in to browser notifications with a sound (notification_preferences.desk_alerts).
 * Turning it on asks the browser's permission first (the prompt needs this click); a refusal
 * leaves the setting off and says how to allow them. Saved at once, per organization.
 */
export function DeskAlertsToggle({ orgSlug, enabled }: { orgSlug: string; enabled: boolean }) {
  const [checked, setChecked] = useState(enabled);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<ActionState>(initialActionState);

  const save = (on: boolean) => {
    const form = new FormData();
    form.set('orgSlug', orgSlug);
    if (on) form.set('deskAlerts', 'on');
    setPending(true);
    startTransition(async () => {
      const result = await saveDeskAlerts(initialActionState, form);
      setPending(false);
      setStatus(result);
      if (result.status === 'success') setChecked(on);
    });
  };

  const onChange = async (on: boolean) => {
    if (!on) return save(false);
    if (typeof Notification === 'undefined') return setStatus({ status: 'error', message: UNSUPPORTED });
    const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    if (permission !== 'granted') return setStatus({ status: 'error', message: REFUSED });
    save(true);
  };

  return (
    <Stack gap="sm">
      <Switch
        label="Browser notifications and a sound for my new notifications"
        description="New escalations, and visitor replies in conversations assigned to you, while the dashboard is open in this browser."
        checked={checked}
        disabled={pending}
        onChange={(event) => void onChange(event.currentTarget.checked)}
        data-testid="desk-alerts"
      />
      <FormStatus state={status} />
    </Stack>
  );
}
