import { describe, expect, it } from 'vitest';
import { isSendShortcut } from '@/lib/dashboard/send-shortcut';
import { shortcutFor } from '@/lib/dashboard/shortcuts';

/** The agents' single-key shortcuts never fire while typing; the send combo does. */
const press = (key: string, target: { tagName?: string; isContentEditable?: boolean; type?: string } | null = { tagName: 'BODY' }, mods = {}) =>
  shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, target, ...mods });

describe('agent keyboard shortcuts', () => {
  it('maps the keys to their commands on the page', () => {
    expect(['r', 'n', 'a', 'e', 'j', '?', 'J'].map((k) => press(k))).toEqual(['reply', 'note', 'assign', 'resolve', 'next', 'help', 'next']);
    expect(press('x')).toBeNull();
    expect(press('a', { tagName: 'BUTTON' })).toBe('assign');
    expect(press('a', { tagName: 'INPUT', type: 'checkbox' })).toBe('assign');
  });

  it.each([
    ['a reply box', { tagName: 'TEXTAREA' }],
    ['a search field', { tagName: 'INPUT', type: 'search' }],
    ['a text field without a type', { tagName: 'INPUT' }],
    ['a select', { tagName: 'SELECT' }],
    ['an editable element', { tagName: 'DIV', isContentEditable: true }],
  ])('never fires while typing in %s', (_name, target) => {
    for (const key of ['r', 'n', 'a', 'e', 'j', '?']) expect(press(key, target)).toBeNull();
  });

  it('leaves combinations with Ctrl, Alt or ⌘ to the browser, and ignores held keys and IME composition', () => {
    expect(press('e', undefined, { ctrlKey: true })).toBeNull();
    expect(press('j', undefined, { metaKey: true })).toBeNull();
    expect(press('a', undefined, { altKey: true })).toBeNull();
    expect(press('j', undefined, { repeat: true })).toBeNull();
    expect(press('n', undefined, { isComposing: true })).toBeNull();
  });

  it('sends with Ctrl+Enter or ⌘+Enter, the one combination that works while typing', () => {
    expect(isSendShortcut({ key: 'Enter', ctrlKey: true, metaKey: false })).toBe(true);
    expect(isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: true })).toBe(true);
    expect(isSendShortcut({ key: 'Enter', ctrlKey: false, metaKey: false })).toBe(false);
    expect(isSendShortcut({ key: 'Enter', ctrlKey: true, metaKey: false, isComposing: true })).toBe(false);
  });
});
