'use client';

import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { addWebsite, editWebsite } from '@/lib/dashboard/actions/websites';

export interface WebsiteValues {
  id: string;
  name: string;
  domain: string;
  allowed_origins: string[];
}

/** Add a website, or edit one (with `website`). */
export function WebsiteForm({ orgSlug, website }: { orgSlug: string; website?: WebsiteValues }) {
  const { state, pending, successes, formProps } = useFormAction(website ? editWebsite : addWebsite);
  const errors = state.fieldErrors ?? {};
  return (
    <form {...formProps} aria-label={website ? `Edit ${website.name}` : 'Add a website'} noValidate>
      {/* a fresh, empty form after each successful add; an edit form keeps its fields */}
      <Stack gap="xs" key={website ? 'edit' : successes}>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        {website && <input type="hidden" name="websiteId" value={website.id} />}
        <Group grow align="flex-start" wrap="wrap">
          <TextInput name="name" label="Name" defaultValue={website?.name} required error={errors.name?.[0]} miw={200} />
          <TextInput
            name="domain"
            label="Domain"
            placeholder="shop.example.com"
            defaultValue={website?.domain}
            required
            error={errors.domain?.[0]}
            miw={200}
          />
        </Group>
        <Textarea
          name="allowedOrigins"
          label="Allowed origins"
          description="Pages on these origins may open the chat, one per line, e.g. https://shop.example.com"
          defaultValue={website?.allowed_origins.join('\n')}
          autosize
          minRows={2}
          error={errors.allowedOrigins?.[0]}
        />
        <Group justify="space-between">
          <FormStatus state={state} />
          <Button type="submit" loading={pending}>
            {website ? 'Save website' : 'Add website'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
