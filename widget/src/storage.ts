// The visitor's session token, kept per website key so one browser can chat on several sites.
// localStorage can be missing or throw (privacy modes, blocked third-party storage): the widget
// then keeps the token in memory and simply starts a new session on the next page load.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenStore {
  load(): string | null;
  save(token: string): void;
  clear(): void;
}

export const storageKey = (websiteKey: string) => `concierge:${websiteKey}`;

export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

export function browserStore(): KeyValueStore {
  try {
    const store = window.localStorage;
    const probe = 'concierge:probe';
    store.setItem(probe, '1');
    store.removeItem(probe);
    return store;
  } catch {
    return memoryStore();
  }
}

export function tokenStore(websiteKey: string, store: KeyValueStore): TokenStore {
  const key = storageKey(websiteKey);
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch {
      return fallback;
    }
  };
  return {
    load: () => {
      const value = attempt(() => store.getItem(key), null);
      // Only something shaped like a token; anything else (a stale format, tampering) is ignored.
      return value && /^[\x21-\x7e]{8,200}$/.test(value) ? value : null;
    },
    save: (token) => attempt(() => store.setItem(key, token), undefined),
    clear: () => attempt(() => store.removeItem(key), undefined),
  };
}
