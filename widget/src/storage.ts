// The visitor's session token, kept per website key and identity: concierge:<website key> for the
// anonymous visitor, concierge:<website key>:id:<external_id> for each identified one, so two
// people who log in on one browser never resume each other's thread.
// localStorage can be missing or throw (privacy modes, blocked third-party storage): the widget
// then keeps the token in memory and simply starts a new session on the next page load.

export interface KeyValueStore {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenStore {
  load(): string | null;
  save(token: string): void;
  clear(): void;
}

export const storageKey = (websiteKey: string, externalId?: string) =>
  `concierge:${websiteKey}${externalId === undefined ? '' : `:id:${encodeURIComponent(externalId)}`}`;

export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (index) => Array.from(map.keys())[index] ?? null,
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

const attempt = <T>(fn: () => T, fallback: T): T => {
  try {
    return fn();
  } catch {
    return fallback;
  }
};

/** The token of one identity on one website; without externalId, the anonymous visitor's. */
export function tokenStore(websiteKey: string, store: KeyValueStore, externalId?: string): TokenStore {
  const key = storageKey(websiteKey, externalId);
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

/** Forgets every stored session of the website, anonymous and identified (Concierge.shutdown()). */
export function clearWebsite(websiteKey: string, store: KeyValueStore): void {
  const base = storageKey(websiteKey);
  attempt(() => {
    const keys: string[] = [];
    for (let i = 0; i < store.length; i += 1) keys.push(store.key(i) ?? '');
    // website keys are [A-Za-z0-9_], so base + ':' never matches another website's keys
    for (const key of keys) if (key === base || key.startsWith(`${base}:`)) store.removeItem(key);
  }, undefined);
}

/** How long a browser keeps the widget hidden after the website refused it (an admin may fix the setup meanwhile). */
export const REFUSAL_TTL_MS = 60 * 60 * 1000;

/**
 * Remembers that the website refused this page (its origin is not allowed, or the key is
 * unknown), so later page loads show no widget at all instead of a launcher that cannot work.
 */
export function refusalStore(websiteKey: string, store: KeyValueStore, now: () => number = Date.now) {
  const key = `${storageKey(websiteKey)}:refused`;
  return {
    active: (): boolean => {
      const at = Number(attempt(() => store.getItem(key), null));
      return Number.isFinite(at) && at > 0 && now() - at < REFUSAL_TTL_MS;
    },
    mark: () => attempt(() => store.setItem(key, String(now())), undefined),
  };
}
