'use client';

import { Button, ColorInput, Fieldset, Group, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { addWebsite, editWebsite } from '@/lib/dashboard/actions/websites';
import { WIDGET_LANGUAGE_LABELS, WIDGET_LANGUAGES } from '@/lib/validation';

export interface WebsiteValues {
  id: string;
  name: string;
  domain: string;
  allowed_origins: string[];
  brand_color: string;
  widget_position: string;
  launcher_icon: string;
  avatar_url: string | null;
  greeting: string | null;
  input_placeholder: string | null;
  widget_language: string | null;
}

const POSITION_OPTIONS = [
  { value: 'right', label: 'Bottom right' },
  { value: 'left', label: 'Bottom left' },
];
const ICON_OPTIONS = [
  { value: 'chat', label: 'Chat bubble' },
  { value: 'help', label: 'Question mark' },
  { value: 'message', label: 'Message' },
];
const LANGUAGE_OPTIONS = [
  { value: '', label: "The visitor's browser chooses" },
  ...WIDGET_LANGUAGES.map((l) => ({ value: l, label: WIDGET_LANGUAGE_LABELS[l] })),
];

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
        <Fieldset legend="Chat widget" variant="filled">
          <Stack gap="xs">
            <Group grow align="flex-start" wrap="wrap">
              <ColorInput
                name="brandColor"
                label="Brand colour"
                format="hex"
                // the browser's eye dropper button carries no name (axe: button-name)
                withEyeDropper={false}
                defaultValue={website?.brand_color ?? '#1c7ed6'}
                swatches={['#1c7ed6', '#0f766e', '#7048e8', '#e8590c', '#c2255c', '#212529']}
                error={errors.brandColor?.[0]}
                miw={160}
              />
              <NativeSelect
                name="widgetPosition"
                label="Position"
                data={POSITION_OPTIONS}
                defaultValue={website?.widget_position ?? 'right'}
                error={errors.widgetPosition?.[0]}
                miw={140}
              />
              <NativeSelect
                name="launcherIcon"
                label="Launcher icon"
                data={ICON_OPTIONS}
                defaultValue={website?.launcher_icon ?? 'chat'}
                error={errors.launcherIcon?.[0]}
                miw={140}
              />
            </Group>
            <Group grow align="flex-start" wrap="wrap">
              <NativeSelect
                name="widgetLanguage"
                label="Language"
                description="English, Vietnamese, French, Spanish or German"
                data={LANGUAGE_OPTIONS}
                defaultValue={website?.widget_language ?? ''}
                error={errors.widgetLanguage?.[0]}
                miw={200}
              />
              <TextInput
                name="avatarUrl"
                label="Avatar image"
                description="An https:// address; empty for none"
                placeholder="https://cdn.example.com/avatar.png"
                defaultValue={website?.avatar_url ?? ''}
                error={errors.avatarUrl?.[0]}
                miw={200}
              />
            </Group>
            <Textarea
              name="greeting"
              label="Greeting"
              description="Empty: the organization's greeting, or the widget's own in the visitor's language"
              defaultValue={website?.greeting ?? ''}
              autosize
              minRows={1}
              maxLength={280}
              error={errors.greeting?.[0]}
            />
            <TextInput
              name="inputPlaceholder"
              label="Message box placeholder"
              description="Empty: the widget's own, in the visitor's language"
              defaultValue={website?.input_placeholder ?? ''}
              maxLength={120}
              error={errors.inputPlaceholder?.[0]}
            />
          </Stack>
        </Fieldset>
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
