/** Values Web Storage refused, for the rest of the page's life (the outbox's fallback too). */
const memory = new Map<string, string>();

/**
 * A JSON value in Web Storage that never throws: where blocked cookies, Safari's private mode
 * or a full quota refuse it, it is kept in memory until the page goes. For what the widget may
 * lose without harm (progress, a closed popup, first-touch attribution, a variant);
 * leads go through the outbox instead.
 */
export function storedValue<T>(open: () => Storage, key: string) {
  return {
    load(): T | undefined {
      try {
        return JSON.parse(memory.get(key) ?? open().getItem(key) ?? 'null') ?? undefined;
      } catch {
        return undefined;
      }
    },
    save(value: T): void {
      const text = JSON.stringify(value);
      try {
        open().setItem(key, text);
        memory.delete(key);
      } catch {
        // Kept for this page only: after a reload the visitor starts over, sees a popup again, or is drawn anew.
        memory.set(key, text);
      }
    },
    clear(): void {
      memory.delete(key);
      try {
        open().removeItem(key);
      } catch {
        // Nothing stored then, either.
      }
    },
  };
}
