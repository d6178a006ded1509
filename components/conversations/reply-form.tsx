'use client';

import { Alert, Button, Group, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useThreadLive } from '@/components/live/thread-live';
import { useFormAction } from '@/components/ui/use-form-action';
import { replyToConversation } from '@/lib/dashboard/actions/messages';
import { isSendShortcut } from '@/lib/dashboard/send-shortcut';

const newKey = () => `dash_${crypto.randomUUID()}`;

/**
 * Reply to the visitor or leave an internal note. Each message carries an idempotency key
 * (client_msg_id), so a double submit or a retried request stores it once.
 */
export function ReplyForm({ orgSlug, conversationId }: { orgSlug: string; conversationId: string }) {
  // One idempotency key per message, made at its first submit and kept for resubmits after a
  // failure; a success starts the next message (a new key, an empty box).
  const [key, setKey] = useState<{ message: number; value: string } | null>(null);
  const { state, pending, successes, formProps } = useFormAction(replyToConversation, (formData) => {
    const k = key?.message === successes ? key : { message: successes, value: newKey() };
    setKey(k);
    formData.set('clientMsgId', k.value);
  });
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  // colleagues see "replying" while the box holds text, the visitor "typing" (replies only)
  const composing = useThreadLive()?.composing;
  // a sent reply empties the box (a new one, keyed by successes)
  useEffect(() => composing?.(false, false), [composing, successes]);

  return (
    <form {...formProps} aria-label="Reply">
      <Stack gap="xs">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="conversationId" value={conversationId} />
        <input type="hidden" name="internal" value={mode === 'note' ? 'true' : 'false'} />
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v === 'note' ? 'note' : 'reply')}
          data={[
            { value: 'reply', label: 'Reply to visitor' },
            { value: 'note', label: 'Internal note' },
          ]}
          size="xs"
          w="fit-content"
        />
        <Textarea
          name="body"
          label={mode === 'note' ? 'Internal note (only your team sees it)' : 'Reply (the visitor sees it in the chat)'}
          autosize
          minRows={3}
          maxRows={10}
          required
          error={state.fieldErrors?.body?.[0]}
          description="Ctrl+Enter (⌘+Enter on a Mac) sends"
          onChange={(e) => composing?.(e.currentTarget.value.trim() !== '', mode === 'reply')}
          onKeyDown={(e) => {
            if (!isSendShortcut({ ...e, isComposing: e.nativeEvent.isComposing })) return;
            e.preventDefault();
            if (!pending) e.currentTarget.form?.requestSubmit();
          }}
          key={successes}
        />
        <Group justify="space-between" wrap="nowrap">
          <div aria-live="polite">
            {state.status === 'success' && (
              <Alert color="teal" variant="light" p={6}>
                {state.message}
              </Alert>
            )}
            {state.status === 'error' && !state.fieldErrors && (
              <Alert color="red" variant="light" p={6} role="alert">
                {state.message}
              </Alert>
            )}
          </div>
          <Button type="submit" loading={pending} color={mode === 'note' ? 'yellow' : undefined}>
            {mode === 'note' ? 'Add note' : 'Send reply'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
