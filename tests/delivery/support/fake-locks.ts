/**
 * A LockManager with the part of the Web Locks semantics the outbox uses: exclusive locks
 * requested with `ifAvailable`, where a lock that is taken grants `null` at once.
 */
export class FakeLockManager implements LockManager {
  /** Names held through this manager right now. */
  readonly held = new Set<string>();
  /** Every request, in order. */
  readonly requests: Array<{ name: string; options: LockOptions }> = [];
  /** Locks another tab holds (so they are never available here). */
  heldElsewhere: (name: string) => boolean = () => false;

  query(): Promise<LockManagerSnapshot> {
    return Promise.resolve({ held: [...this.held].map((name) => ({ name, mode: 'exclusive' as const })), pending: [] });
  }

  request<T>(name: string, callback: LockGrantedCallback<T>): Promise<T>;
  request<T>(name: string, options: LockOptions, callback: LockGrantedCallback<T>): Promise<T>;
  async request<T>(name: string, ...rest: [LockGrantedCallback<T>] | [LockOptions, LockGrantedCallback<T>]): Promise<T> {
    const [options, callback] = rest.length === 1 ? [{}, rest[0]] : rest;
    this.requests.push({ name, options });
    if (!options.ifAvailable) throw new Error('FakeLockManager only implements { ifAvailable: true } requests');
    if (this.held.has(name) || this.heldElsewhere(name)) return callback(null);
    this.held.add(name);
    try {
      // Granted asynchronously, as by a real lock manager.
      await null;
      return (await callback({ name, mode: 'exclusive' })) as T;
    } finally {
      this.held.delete(name);
    }
  }
}
