'use client';

import { Button, Group } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { startChannelConnect } from '@/lib/dashboard/actions/integrations';

/** Off to Facebook's or Zalo's consent page (admins): connect a new page / OA, or reconnect one. */
export function ConnectButton({
  orgSlug,
  platform,
  label,
  variant = 'filled',
}: {
  orgSlug: string;
  platform: 'facebook' | 'zalo';
  label: string;
  variant?: string;
}) {
  const start = useFormAction(startChannelConnect);
  return (
    <form {...start.formProps}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="platform" value={platform} />
      <Group gap="xs">
        <Button type="submit" size="xs" variant={variant} loading={start.pending}>
          {label}
        </Button>
        <FormStatus state={start.state} />
      </Group>
    </form>
  );
}
