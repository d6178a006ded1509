import { describe, expect, it } from 'vitest';
import { clearWebsite, memoryStore, storageKey, tokenStore, type KeyValueStore } from '@/widget/src/storage';

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
      get length(): number {
        throw new DOMException('denied', 'SecurityError');
      },
      key: () => {
        throw new DOMException('denied', 'SecurityError');
      },
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
    expect(() => clearWebsite('wk_acme_main', blocked)).not.toThrow();
  });

  it('is kept apart per identity: the anonymous visitor and each external_id have their own', () => {
    const store = memoryStore();
    tokenStore('wk_acme_main', store).save(`${TOKEN}0`);
    tokenStore('wk_acme_main', store, 'alice').save(`${TOKEN}1`);
    tokenStore('wk_acme_main', store, 'auth0|bob').save(`${TOKEN}2`);
    expect(storageKey('wk_acme_main', 'auth0|bob')).toBe('concierge:wk_acme_main:id:auth0%7Cbob');
    expect(tokenStore('wk_acme_main', store).load()).toBe(`${TOKEN}0`);
    expect(tokenStore('wk_acme_main', store, 'alice').load()).toBe(`${TOKEN}1`);
    expect(tokenStore('wk_acme_main', store, 'auth0|bob').load()).toBe(`${TOKEN}2`);
    expect(tokenStore('wk_acme_main', store, 'carol').load()).toBeNull();
  });

  it("clearWebsite forgets every session of that website and none of another's", () => {
    const store = memoryStore();
    tokenStore('wk_acme', store).save(TOKEN);
    tokenStore('wk_acme', store, 'alice').save(TOKEN);
    tokenStore('wk_acme_main', store).save(TOKEN);
    tokenStore('wk_acme_main', store, 'alice').save(TOKEN);
    store.setItem('unrelated', 'kept');
    clearWebsite('wk_acme', store);
    expect(tokenStore('wk_acme', store).load()).toBeNull();
    expect(tokenStore('wk_acme', store, 'alice').load()).toBeNull();
    expect(tokenStore('wk_acme_main', store).load()).toBe(TOKEN);
    expect(tokenStore('wk_acme_main', store, 'alice').load()).toBe(TOKEN);
    expect(store.getItem('unrelated')).toBe('kept');
  });
});
