'use client';

import { Button, Tooltip } from '@mantine/core';
import { useFormAction } from '@/components/ui/use-form-action';
import { setAvailability } from '@/lib/dashboard/actions/availability';

/**
 * The member's own "available / away" state in the header: automatic assignment gives new
 * escalations only to available agents. One click flips it; the server re-renders the header.
 */
export function AvailabilityToggle({ orgSlug, available }: { orgSlug: string; available: boolean }) {
  const { pending, formProps } = useFormAction(setAvailability);
  return (
    <form {...formProps} aria-label="Your availability">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="available" value={available ? 'false' : 'true'} />
      <Tooltip label={available ? 'You get new escalations. Click to go away.' : 'You get no new escalations. Click to be available.'}>
        <Button
          type="submit"
          size="xs"
          variant="default"
          loading={pending}
          aria-pressed={available}
          aria-label={available ? 'Available for new escalations' : 'Away'}
          leftSection={
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                width: 8,
                height: 8,
                borderRadius: '50%',
                background: available ? 'var(--mantine-color-teal-7)' : 'var(--mantine-color-gray-6)',
              }}
            />
          }
        >
          {available ? 'Available' : 'Away'}
        </Button>
      </Tooltip>
    </form>
  );
}
