import { toJson } from '../shared/to-json.ts';

/**
 * A JSON value in Web Storage that never throws: blocked cookies, Safari's private mode or a
 * full quota make it forget instead. For what the widget may lose without harm (progress,
 * a closed popup, first-touch attribution); leads go through the outbox instead.
 */
export function storedValue<T>(open: () => Storage, key: string) {
  return {
    load(): T | undefined {
      try {
        return JSON.parse(open().getItem(key) ?? 'null') ?? undefined;
      } catch {
        return undefined;
      }
    },
    save(value: T): void {
      try {
        open().setItem(key, toJson(value));
      } catch {
        // Forgotten: the visitor starts over, sees a popup again, or loses first-touch data.
      }
    },
    clear(): void {
      try {
        open().removeItem(key);
      } catch {
        // Nothing stored then, either.
      }
    },
  };
}
