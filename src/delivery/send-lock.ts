import type { OutboxStorage } from './outbox-storage.ts';
import { toJson } from '../shared/to-json.ts';

/**
 * Keeps two tabs from sending the same lead at the same time. `run` runs the task while
 * holding the lock named `name`, or returns false at once when someone else holds it.
 */
export interface SendLock {
  run(name: string, task: () => Promise<void>): Promise<boolean>;
}

/**
 * The Web Locks API: exclusive across every tab and worker of the origin. A document without
 * an origin of its own (a sandboxed frame), or a frame whose third-party storage is blocked,
 * has `navigator.locks` but is refused every request: it uses `fallback` from then on.
 */
export function webLocks(locks: LockManager, fallback?: SendLock): SendLock {
  let refused = false;
  return {
    async run(name, task) {
      if (refused && fallback) return fallback.run(name, task);
      let granted = false;
      try {
        return (await locks.request(`leadflow:${name}`, { ifAvailable: true }, async (lock): Promise<boolean> => {
          granted = true;
          if (!lock) return false;
          await task();
          return true;
        })) as unknown as boolean; // the DOM typings wrap the callback's promise once more
      } catch (error) {
        if (granted || !fallback) throw error;
        refused = true;
        return fallback.run(name, task);
      }
    },
  };
}

interface Lease {
  owner: string;
  until: number;
}

/**
 * Where Web Locks are missing: a lease in storage that expires (a tab closed mid-send does
 * not block the lead for good). Storage has no compare-and-set, so a tab writes its lease,
 * waits `settleMs` for a rival's write to land, and backs off unless its own is still there.
 */
export function storageLease(storage: OutboxStorage, owner: string, { now = Date.now, ttlMs = 30_000, settleMs = 50 } = {}): SendLock {
  const read = (key: string): Lease | undefined => {
    try {
      return JSON.parse(storage.get(key) ?? 'null') ?? undefined;
    } catch {
      return undefined;
    }
  };
  return {
    async run(name, task) {
      const key = `lease:${name}`;
      const held = read(key);
      // A lease ending further off than it can (the clock went back since it was taken) is over:
      // it would keep every tab away from the lead for as long as the clock jumped.
      if (held && held.owner !== owner && held.until > now() && held.until <= now() + ttlMs) return false;
      storage.set(key, toJson({ owner, until: now() + ttlMs }));
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      if (read(key)?.owner !== owner) return false;
      try {
        await task();
      } finally {
        // Only our own lease: after a task that outlived `ttlMs`, another tab may hold it now.
        if (read(key)?.owner === owner) storage.remove(key);
      }
      return true;
    },
  };
}
