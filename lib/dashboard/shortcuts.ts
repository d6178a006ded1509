/**
 * The agents' keyboard shortcuts on a conversation. Single keys, so they never fire while the
 * focus is in a field (a reply, a search box, a select) or with Ctrl, Alt or ⌘ held (the
 * browser's and the system's own); the one combination that works while typing is the send combo
 * (Ctrl+Enter / ⌘+Enter, lib/dashboard/send-shortcut.ts, handled by the reply box itself).
 */
export type ShortcutCommand = 'reply' | 'note' | 'assign' | 'resolve' | 'next' | 'help';

export const SHORTCUTS: { keys: string; command: ShortcutCommand | 'send'; label: string }[] = [
  { keys: 'Ctrl+Enter (⌘+Enter)', command: 'send', label: 'Send the reply or note (also while typing)' },
  { keys: 'R', command: 'reply', label: 'Write a reply to the visitor' },
  { keys: 'N', command: 'note', label: 'Write an internal note' },
  { keys: 'A', command: 'assign', label: 'Assign the conversation to me' },
  { keys: 'E', command: 'resolve', label: 'Resolve the conversation' },
  { keys: 'J', command: 'next', label: 'Go to the next conversation that needs a reply' },
  { keys: '?', command: 'help', label: 'Show these shortcuts' },
];

const BY_KEY: Record<string, ShortcutCommand> = { r: 'reply', n: 'note', a: 'assign', e: 'resolve', j: 'next', '?': 'help' };

/** Whether the element takes typed text (where a single-key shortcut must not fire). */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes((target.type ?? 'text').toLowerCase());
}

export function shortcutFor(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  repeat?: boolean;
  target: { tagName?: string; isContentEditable?: boolean; type?: string } | null;
}): ShortcutCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.repeat) return null;
  if (isTypingTarget(e.target)) return null;
  return BY_KEY[e.key.toLowerCase()] ?? null;
}
