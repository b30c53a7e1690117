type Method = 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length';

/**
 * An in-memory Web Storage (what `localStorage` is) that can be told to throw, the way a
 * browser's does with blocked cookies (SecurityError) or a full quota (QuotaExceededError).
 */
export class FakeStorage implements Storage {
  [name: string]: unknown;
  readonly items: Map<string, string>;
  /** Methods that throw the given error from now on. */
  readonly failing = new Map<Method, unknown>();

  constructor(initial: Record<string, string> = {}) {
    this.items = new Map(Object.entries(initial));
  }

  get length(): number {
    this.check('length');
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  getItem(key: string): string | null {
    this.check('getItem');
    return this.items.get(key) ?? null;
  }

  key(index: number): string | null {
    this.check('key');
    return [...this.items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.check('removeItem');
    this.items.delete(key);
  }

  setItem(key: string, value: string): void {
    this.check('setItem');
    this.items.set(key, String(value));
  }

  /** What the storage holds, as a plain object. */
  snapshot(): Record<string, string> {
    return Object.fromEntries(this.items);
  }

  private check(method: Method): void {
    if (this.failing.has(method)) throw this.failing.get(method);
  }
}

export const quotaExceeded = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
export const securityError = () => new DOMException('Access is denied for this document.', 'SecurityError');
