import { describe, expect, it } from 'vitest';
import { memoryStore, storageKey, tokenStore, type KeyValueStore } from '@/widget/src/storage';

const TOKEN = `vst_${'ab'.repeat(32)}`;

describe('the stored visitor session', () => {
  it('is kept per website key under concierge:<key>', () => {
    const store = memoryStore();
    tokenStore('wk_acme_main', store).save(TOKEN);
    expect(store.getItem(storageKey('wk_acme_main'))).toBe(TOKEN);
    expect(storageKey('wk_acme_main')).toBe('concierge:wk_acme_main');
    expect(tokenStore('wk_globex_main', store).load()).toBeNull();
    expect(tokenStore('wk_acme_main', store).load()).toBe(TOKEN);
  });

  it('is dropped by clear (after a 401) and ignored when it is not token-shaped', () => {
    const store = memoryStore();
    const tokens = tokenStore('wk_acme_main', store);
    tokens.save(TOKEN);
    tokens.clear();
    expect(tokens.load()).toBeNull();
    store.setItem(storageKey('wk_acme_main'), '{"not": "a token"}');
    expect(tokens.load()).toBeNull();
  });

  it('never throws when storage is blocked (privacy modes, sandboxed frames)', () => {
    const blocked: KeyValueStore = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const tokens = tokenStore('wk_acme_main', blocked);
    expect(() => tokens.save(TOKEN)).not.toThrow();
    expect(tokens.load()).toBeNull();
    expect(() => tokens.clear()).not.toThrow();
  });
});
