'use client';

import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { COMPOSE_EVENT } from '@/components/conversations/agent-shortcuts';
import { useThreadLive } from '@/components/live/thread-live';
import { useFormAction } from '@/components/ui/use-form-action';
import { fillTemplate, searchCanned, slashQuery, type CannedOption, type CannedValues } from '@/lib/canned/template';
import { replyToConversation } from '@/lib/dashboard/actions/messages';
import { isSendShortcut } from '@/lib/dashboard/send-shortcut';

const newKey = () => `dash_${crypto.randomUUID()}`;

/**
 * Reply to the visitor or leave an internal note. Each message carries an idempotency key
 * (client_msg_id), so a double submit or a retried request stores it once. Typing "/" opens the
 * canned responses matching what follows it; arrows choose, Enter or Tab inserts one with its
 * variables filled in, Escape closes the list.
 */
export function ReplyForm({
  orgSlug,
  conversationId,
  canned = [],
  values = { customerName: null, agentName: null, ticketRef: null },
}: {
  orgSlug: string;
  conversationId: string;
  canned?: CannedOption[];
  values?: CannedValues;
}) {
  // One idempotency key per message, made at its first submit and kept for resubmits after a
  // failure; a success starts the next message (a new key, an empty box).
  const [key, setKey] = useState<{ message: number; value: string } | null>(null);
  const { state, pending, successes, formProps } = useFormAction(replyToConversation, (formData) => {
    const k = key?.message === successes ? key : { message: successes, value: newKey() };
    setKey(k);
    formData.set('clientMsgId', k.value);
  });
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [slash, setSlash] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  // colleagues see "replying" while the box holds text, the visitor "typing" (replies only)
  const composing = useThreadLive()?.composing;
  // a sent reply empties the box
  const [sent, setSent] = useState(successes);
  if (sent !== successes) {
    setSent(successes);
    setText('');
    setSlash(null);
  }
  useEffect(() => composing?.(false, false), [composing, successes]);
  // the R and N shortcuts (agent-shortcuts.tsx): a reply or an internal note, focus in the box
  useEffect(() => {
    const onCompose = (e: Event) => {
      setMode((e as CustomEvent<string>).detail === 'note' ? 'note' : 'reply');
      box.current?.focus();
    };
    window.addEventListener(COMPOSE_EVENT, onCompose);
    return () => window.removeEventListener(COMPOSE_EVENT, onCompose);
  }, []);

  const matches = slash ? searchCanned(canned, slash.query) : [];
  const open = slash !== null && matches.length > 0;

  const track = (value: string, caret: number) => {
    setText(value);
    const next = slashQuery(value, caret);
    if (next?.query !== slash?.query || next?.start !== slash?.start) setActive(0);
    setSlash(next);
    composing?.(value.trim() !== '', mode === 'reply');
  };

  const insert = (option: CannedOption) => {
    if (!slash) return;
    const caret = slash.start + 1 + slash.query.length;
    const filled = fillTemplate(option.body, values);
    const next = text.slice(0, slash.start) + filled + text.slice(caret);
    setText(next);
    setSlash(null);
    const at = slash.start + filled.length;
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(at, at);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.nativeEvent.isComposing) || e.key === 'Tab') {
        e.preventDefault();
        insert(matches[Math.min(active, matches.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setSlash(null);
        return;
      }
    }
    if (!isSendShortcut({ ...e, isComposing: e.nativeEvent.isComposing })) return;
    e.preventDefault();
    if (!pending) e.currentTarget.form?.requestSubmit();
  };

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
        <div style={{ position: 'relative' }}>
          <Textarea
            ref={box}
            name="body"
            label={mode === 'note' ? 'Internal note (only your team sees it)' : 'Reply (the visitor sees it in the chat)'}
            autosize
            minRows={3}
            maxRows={10}
            required
            value={text}
            error={state.fieldErrors?.body?.[0]}
            description="Markdown works. Type / for canned responses; Ctrl+Enter (⌘+Enter on a Mac) sends"
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
            onChange={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
            onClick={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
          />
          {open && (
            <Paper
              withBorder
              shadow="md"
              p={4}
              role="listbox"
              id={listId}
              aria-label="Canned responses"
              style={{ position: 'absolute', left: 0, right: 0, zIndex: 10, maxHeight: 260, overflowY: 'auto' }}
            >
              {matches.map((o, i) => (
                <UnstyledButton
                  key={o.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  tabIndex={-1}
                  display="block"
                  w="100%"
                  p={6}
                  bg={i === active ? 'var(--mantine-color-blue-light)' : undefined}
                  style={{ borderRadius: 4 }}
                  // keep the focus in the text box: the click inserts into it
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => insert(o)}
                >
                  <Text size="sm" fw={600} component="span">
                    /{o.shortcut}
                  </Text>{' '}
                  <Text size="sm" component="span">
                    {o.title}
                    {o.personal ? ' (mine)' : ''}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {o.body}
                  </Text>
                </UnstyledButton>
              ))}
            </Paper>
          )}
        </div>
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
