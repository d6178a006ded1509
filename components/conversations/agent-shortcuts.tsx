'use client';

import { Kbd, Modal, Table, TableTbody, TableTd, TableTr, Text } from '@mantine/core';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { SHORTCUTS, shortcutFor } from '@/lib/dashboard/shortcuts';

/** The event the reply box listens to: switch to a reply or an internal note and take the focus. */
export const COMPOSE_EVENT = 'concierge:compose';

/**
 * The agents' keyboard shortcuts on a conversation (lib/dashboard/shortcuts.ts): each one presses
 * the same button a click would (data-shortcut="assign" / "resolve"), so the page's own forms,
 * checks and messages apply; J opens the next conversation that needs a reply; ? lists them.
 */
export function AgentShortcuts({ nextHref }: { nextHref: string | null }) {
  const [help, setHelp] = useState(false);
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      // a native event's fields are getters on its prototype: name them (a spread would copy none)
      const command = shortcutFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        isComposing: e.isComposing,
        repeat: e.repeat,
        target: e.target instanceof HTMLElement ? e.target : null,
      });
      if (!command) return;
      if (command === 'help') {
        e.preventDefault();
        setHelp(true);
        return;
      }
      // an open dialog (this one, a confirmation) keeps the keyboard
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (command === 'reply' || command === 'note') {
        e.preventDefault();
        window.dispatchEvent(new CustomEvent(COMPOSE_EVENT, { detail: command }));
      } else if (command === 'next') {
        if (!nextHref) return;
        e.preventDefault();
        router.push(nextHref);
      } else {
        const button = document.querySelector<HTMLButtonElement>(`[data-shortcut="${command}"]:not(:disabled)`);
        if (!button) return;
        e.preventDefault();
        button.click();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [nextHref, router]);

  return (
    <>
      <Text size="xs" c="dimmed">
        Press <Kbd>?</Kbd> for keyboard shortcuts
      </Text>
      <Modal opened={help} onClose={() => setHelp(false)} title="Keyboard shortcuts">
        <Table aria-label="Keyboard shortcuts" data-testid="shortcuts-table">
          <TableTbody>
            {SHORTCUTS.map((s) => (
              <TableTr key={s.command}>
                <TableTd>
                  <Kbd>{s.keys}</Kbd>
                </TableTd>
                <TableTd>{s.label}</TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
        <Text size="xs" c="dimmed" mt="sm">
          Single keys do nothing while you type in a field; Ctrl+Enter sends from the reply box.
        </Text>
      </Modal>
    </>
  );
}
