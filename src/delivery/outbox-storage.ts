/**
 * Where the outbox keeps leads until a webhook took them: a small string store, injected so
 * tests (and hosts with their own storage) can swap it.
 */
export interface OutboxStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  keys(): string[];
}

export function memoryStorage(): OutboxStorage {
  const map = new Map<string, string>();
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    remove: (key) => void map.delete(key),
    keys: () => [...map.keys()],
  };
}

/**
 * Web Storage (localStorage by default) under a prefix (`leadflow:outbox:` for the outbox),
 * falling back to memory for good at the first exception: Safari's private mode, blocked
 * cookies (even reading `window.localStorage` throws) or a full quota must not stop a lead
 * from being sent. What was stored before the failure is copied over when it can still be read,
 * and removed there too once delivered.
 */
export function webStorage(open: () => Storage = () => localStorage, onFallback?: (error: unknown) => void, prefix = 'leadflow:outbox:'): OutboxStorage {
  const memory = memoryStorage();
  let store: Storage | null | undefined;
  // The storage that failed, still holding what was copied from it.
  let left: Storage | undefined;
  const use = <T>(operation: (store: Storage) => T, fallback: () => T): T => {
    if (store !== null)
      try {
        store ??= open();
        // A page's stand-in for localStorage without key() or length (a private-mode shim) can
        // store a lead but never list it again: memory does better.
        if (typeof store.key !== 'function' || typeof store.length !== 'number') throw new TypeError('storage cannot list its keys');
        return operation(store);
      } catch (error) {
        try {
          for (let i = 0; store && i < store.length; i++) {
            const key = store.key(i);
            if (key?.startsWith(prefix)) memory.set(key.slice(prefix.length), store.getItem(key)!);
          }
        } catch {
          // Unreadable as well: what memory holds is all there is.
        }
        left = store ?? undefined;
        store = null;
        onFallback?.(error);
      }
    return fallback();
  };
  return {
    get: (key) => use((s) => s.getItem(prefix + key), () => memory.get(key)),
    set: (key, value) => use((s) => s.setItem(prefix + key, value), () => memory.set(key, value)),
    remove: (key) =>
      use(
        (s) => s.removeItem(prefix + key),
        () => {
          memory.remove(key);
          // Its copy there would be sent again by the next page load, which reads the storage:
          // removing frees space, so a full quota allows it.
          try {
            left?.removeItem(prefix + key);
          } catch {
            // Then the next page load sends it again, under the same id.
          }
        },
      ),
    keys: () =>
      use(
        (s) => {
          // A loop, not Array.from with a map function: MooTools replaces Array.from with one
          // that ignores it, and no stored lead was ever found again.
          const keys: string[] = [];
          for (let i = 0; i < s.length; i++) {
            const key = s.key(i);
            if (key?.startsWith(prefix)) keys.push(key.slice(prefix.length));
          }
          return keys;
        },
        () => memory.keys(),
      ),
  };
}
