import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, storageLease, webLocks, type OutboxStorage } from '../../src/delivery/index.ts';
import { FakeLockManager } from './support/fake-locks.ts';

/** A task that runs until the test ends it. */
function openTask() {
  let end!: () => void;
  let fail!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    end = resolve;
    fail = reject;
  });
  const task = vi.fn(() => finished);
  return { task, end, fail };
}

describe('storageLease', () => {
  const SETTLE_MS = 50;
  const TTL_MS = 1000;
  const options = { now: () => Date.now(), ttlMs: TTL_MS, settleMs: SETTLE_MS };

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 27, 10) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the task when nobody holds the lease, and removes the lease afterwards', async () => {
    const storage = memoryStorage();
    const task = vi.fn(async () => {
      expect(storage.keys()).toHaveLength(1);
    });

    const ran = storageLease(storage, 'tab-a', options).run('lead-1', task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);

    await expect(ran).resolves.toBe(true);
    expect(task).toHaveBeenCalledTimes(1);
    expect(storage.keys()).toEqual([]);
  });

  it('keeps a second owner out while the first holds an unexpired lease', async () => {
    const storage = memoryStorage();
    const first = openTask();
    const second = vi.fn(async () => {});

    const firstRun = storageLease(storage, 'tab-a', options).run('lead-1', first.task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(first.task).toHaveBeenCalledTimes(1);

    const tabB = storageLease(storage, 'tab-b', options);
    await expect(tabB.run('lead-1', second)).resolves.toBe(false);
    await vi.advanceTimersByTimeAsync(TTL_MS / 2);
    await expect(tabB.run('lead-1', second)).resolves.toBe(false);
    expect(second).not.toHaveBeenCalled();

    // Another lead is not blocked by this one.
    const other = tabB.run('lead-2', second);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    await expect(other).resolves.toBe(true);
    expect(second).toHaveBeenCalledTimes(1);

    first.end();
    await expect(firstRun).resolves.toBe(true);
  });

  it('lets a second owner in once the lease expired (a tab closed mid-send)', async () => {
    const storage = memoryStorage();
    const stuck = openTask();
    void storageLease(storage, 'tab-a', options).run('lead-1', stuck.task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);

    await vi.advanceTimersByTimeAsync(TTL_MS - SETTLE_MS);
    const task = vi.fn(async () => {});
    const run = storageLease(storage, 'tab-b', options).run('lead-1', task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);

    await expect(run).resolves.toBe(true);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('lets the next owner in right after the task finished', async () => {
    const storage = memoryStorage();
    const first = storageLease(storage, 'tab-a', options).run('lead-1', async () => {});
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    await expect(first).resolves.toBe(true);

    const task = vi.fn(async () => {});
    const second = storageLease(storage, 'tab-b', options).run('lead-1', task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    await expect(second).resolves.toBe(true);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('removes the lease when the task throws, and rejects with its error', async () => {
    const storage = memoryStorage();
    const boom = new Error('boom');

    const run = storageLease(storage, 'tab-a', options).run('lead-1', async () => {
      throw boom;
    });
    const outcome = expect(run).rejects.toBe(boom);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    await outcome;
    expect(storage.keys()).toEqual([]);

    const task = vi.fn(async () => {});
    const next = storageLease(storage, 'tab-b', options).run('lead-1', task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    await expect(next).resolves.toBe(true);
  });

  it('of two owners writing their leases at once, at most one runs', async () => {
    const shared = memoryStorage();
    // Tab B read the lease before tab A's write reached it: its first read still finds none.
    let stale = true;
    const seenByB: OutboxStorage = {
      ...shared,
      get: (key) => (stale ? ((stale = false), null) : shared.get(key)),
    };
    let running = 0;
    let maxRunning = 0;
    const task = (tab: string) =>
      vi.fn(async () => {
        maxRunning = Math.max(maxRunning, ++running);
        await new Promise((resolve) => setTimeout(resolve, 200, tab));
        running--;
      });
    const taskA = task('a');
    const taskB = task('b');

    const runA = storageLease(shared, 'tab-a', options).run('lead-1', taskA);
    // B's write lands during A's settle wait.
    const runB = storageLease(seenByB, 'tab-b', options).run('lead-1', taskB);
    await vi.advanceTimersByTimeAsync(1000);

    const [ranA, ranB] = await Promise.all([runA, runB]);
    expect([ranA, ranB]).toEqual([false, true]);
    expect(taskA).not.toHaveBeenCalled();
    expect(taskB).toHaveBeenCalledTimes(1);
    expect(maxRunning).toBe(1);
    expect(shared.keys()).toEqual([]);
  });

  it("backs off when a rival's lease lands while it waits to settle", async () => {
    const shared = memoryStorage();
    const task = vi.fn(async () => {});

    const run = storageLease(shared, 'tab-a', options).run('lead-1', task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS / 2);
    const [key] = shared.keys();
    shared.set(key!, JSON.stringify({ owner: 'tab-b', until: Date.now() + TTL_MS }));
    await vi.advanceTimersByTimeAsync(SETTLE_MS);

    await expect(run).resolves.toBe(false);
    expect(task).not.toHaveBeenCalled();
    // The rival's lease is the rival's to remove.
    expect(JSON.parse(shared.get(key!)!)).toMatchObject({ owner: 'tab-b' });
  });

  // Was: the `finally` removed the lease unconditionally. When a task outlives its lease
  // (a throttled background tab), another owner takes the lease over, and the first owner
  // finishing then deleted the new owner's lease: a third owner could run alongside it.
  it('does not remove a lease another owner took over after its own expired', async () => {
    const storage = memoryStorage();
    const slow = openTask();
    const runA = storageLease(storage, 'tab-a', options).run('lead-1', slow.task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS + TTL_MS);

    const b = openTask();
    const runB = storageLease(storage, 'tab-b', options).run('lead-1', b.task);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(b.task).toHaveBeenCalledTimes(1);

    slow.end();
    await runA;
    const c = vi.fn(async () => {});
    const runC = storageLease(storage, 'tab-c', options).run('lead-1', c);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    // B is still sending: C must stay out.
    expect(c).not.toHaveBeenCalled();
    b.end();
    await Promise.all([runB, runC]);
  });
});

describe('webLocks', () => {
  it('runs the task under an exclusive leadflow: lock requested with ifAvailable', async () => {
    const locks = new FakeLockManager();
    const task = vi.fn(async () => {
      expect(locks.held).toEqual(new Set(['leadflow:lead-1']));
    });

    await expect(webLocks(locks).run('lead-1', task)).resolves.toBe(true);
    expect(task).toHaveBeenCalledTimes(1);
    expect(locks.requests).toEqual([{ name: 'leadflow:lead-1', options: { ifAvailable: true } }]);
    expect(locks.held.size).toBe(0);
  });

  it('returns false at once, without running the task, while the lock is held', async () => {
    const locks = new FakeLockManager();
    const first = openTask();
    const firstRun = webLocks(locks).run('lead-1', first.task);
    await vi.waitFor(() => expect(first.task).toHaveBeenCalled());

    const task = vi.fn(async () => {});
    await expect(webLocks(locks).run('lead-1', task)).resolves.toBe(false);
    expect(task).not.toHaveBeenCalled();
    await expect(webLocks(locks).run('lead-2', task)).resolves.toBe(true);

    first.end();
    await expect(firstRun).resolves.toBe(true);
    await expect(webLocks(locks).run('lead-1', task)).resolves.toBe(true);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('returns false when another tab holds the lock', async () => {
    const locks = new FakeLockManager();
    locks.heldElsewhere = (name) => name === 'leadflow:lead-1';
    const task = vi.fn(async () => {});
    await expect(webLocks(locks).run('lead-1', task)).resolves.toBe(false);
    expect(task).not.toHaveBeenCalled();
  });

  it("rejects with the task's error and releases the lock", async () => {
    const locks = new FakeLockManager();
    const boom = new Error('boom');
    await expect(
      webLocks(locks).run('lead-1', async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(locks.held.size).toBe(0);
    await expect(webLocks(locks).run('lead-1', async () => {})).resolves.toBe(true);
  });

  // Was: a frame without an origin of its own (sandboxed), or with third-party storage blocked,
  // has `navigator.locks` but every request is refused (SecurityError): every send failed, and
  // the lead went out only when the visitor left the page (tests/e2e/embedding-contexts-edges).
  it('runs the task under the fallback lock when the browser refuses lock requests, and keeps to it', async () => {
    const request = vi.fn(async () => {
      throw new DOMException('The request was denied.', 'SecurityError');
    });
    const fallback = { run: vi.fn(async (_name: string, task: () => Promise<void>) => (await task(), true)) };
    const lock = webLocks({ request } as unknown as LockManager, fallback);
    const task = vi.fn(async () => {});
    await expect(lock.run('lead-1', task)).resolves.toBe(true);
    await expect(lock.run('lead-2', task)).resolves.toBe(true);
    expect(task).toHaveBeenCalledTimes(2);
    expect(fallback.run.mock.calls.map(([name]) => name)).toEqual(['lead-1', 'lead-2']);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it("does not take the task's own error for a refused lock", async () => {
    const fallback = { run: vi.fn(async () => true) };
    const boom = new Error('boom');
    await expect(
      webLocks(new FakeLockManager(), fallback).run('lead-1', async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(fallback.run).not.toHaveBeenCalled();
  });
});
