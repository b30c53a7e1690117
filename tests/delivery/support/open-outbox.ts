import { createOutbox, memoryStorage, webLocks, type Outbox, type OutboxEvent, type OutboxOptions } from '../../../src/delivery/index.ts';
import { FakeLockManager } from './fake-locks.ts';

const opened: Outbox[] = [];

/**
 * An outbox as one page (tab) would open it: Web Locks (a fake LockManager, returned as
 * `locks`), memory storage, the fake clock, random 0.5 (so the first backoff is 500 ms), events
 * recorded. `closeOutboxes` (in afterEach) disposes every one opened.
 */
export function openOutbox(options: Partial<OutboxOptions> = {}) {
  const events: OutboxEvent[] = [];
  const storage = options.storage ?? memoryStorage();
  const locks = new FakeLockManager();
  const outbox = createOutbox({
    storage,
    lock: webLocks(locks),
    now: () => Date.now(),
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...options,
  });
  opened.push(outbox);
  return { outbox, storage, events, locks, types: () => events.map((event) => event.type) };
}

export function closeOutboxes(): void {
  for (const outbox of opened.splice(0)) outbox.dispose();
}
