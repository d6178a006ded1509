'use client';

import { Button, Group, Text } from '@mantine/core';
import { FormStatus } from '@/components/dashboard/form-status';
import { useFormAction } from '@/components/ui/use-form-action';
import { removeArticle, restoreArticleVersion, setArticlePublished } from '@/lib/dashboard/actions/articles';

/** Publish / unpublish (only offered to who may: the database refuses the others anyway). */
export function PublishButton({ orgSlug, id, published }: { orgSlug: string; id: string; published: boolean }) {
  const { state, pending, formProps } = useFormAction(setArticlePublished);
  return (
    <form {...formProps} aria-label={published ? 'Unpublish article' : 'Publish article'}>
      <Group gap="xs">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="published" value={published ? 'false' : 'true'} />
        <Button type="submit" loading={pending} color={published ? 'gray' : 'teal'} variant={published ? 'default' : 'filled'}>
          {published ? 'Unpublish' : 'Publish'}
        </Button>
        <FormStatus state={state} />
      </Group>
    </form>
  );
}

export function DeleteArticleButton({ orgSlug, id, title }: { orgSlug: string; id: string; title: string }) {
  const { state, pending, formProps } = useFormAction(removeArticle);
  return (
    <form
      {...formProps}
      aria-label="Delete article"
      onSubmit={(event) => {
        if (!window.confirm(`Delete “${title}” and its history? This cannot be undone.`)) event.preventDefault();
        else formProps.onSubmit(event);
      }}
    >
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="id" value={id} />
      <Group gap="xs">
        <Button type="submit" color="red" variant="subtle" loading={pending}>
          Delete
        </Button>
        <FormStatus state={state} />
      </Group>
    </form>
  );
}

export function RestoreVersionButton({ orgSlug, id, version }: { orgSlug: string; id: string; version: number }) {
  const { state, pending, formProps } = useFormAction(restoreArticleVersion);
  return (
    <form {...formProps} aria-label={`Restore version ${version}`}>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <Group gap="xs">
        <Button type="submit" loading={pending}>
          Restore this version
        </Button>
        <Text size="xs" c="dimmed">
          The current content is kept in the history.
        </Text>
        <FormStatus state={state} />
      </Group>
    </form>
  );
}
