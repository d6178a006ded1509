/** The key press that sends a reply from its text box: Ctrl+Enter, or Cmd+Enter on a Mac. */
export function isSendShortcut(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
  isComposing?: boolean;
}): boolean {
  // an IME composing text uses Enter to pick a candidate, not to send
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.isComposing;
}
