import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FunnelEvent } from '../../demo/receiver/analytics-batch.ts';
import { createAnalyticsStore } from '../../demo/receiver/analytics-store.ts';

// The real file system, watched: how often the store reads its file, and a write that fails.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, readFile: vi.fn(actual.readFile), appendFile: vi.fn(actual.appendFile) };
});

const view: FunnelEvent = { type: 'view', flow: { id: 'saas-bant', version: 1 }, variant: null, session: 's', stepId: 'role', index: 0, at: '2026-11-27T10:00:00.000Z' };
const now = new Date('2026-11-27T10:00:05Z');

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'leadflow-analytics-store-'));
});
afterEach(async () => {
  vi.mocked(readFile).mockClear();
  await rm(dataDir, { recursive: true, force: true });
});

const readsOf = (file: string) => vi.mocked(readFile).mock.calls.filter(([path]) => path === file).length;

describe('createAnalyticsStore', () => {
  it('lists nothing before the first batch, and creates its folder on the first', async () => {
    const store = createAnalyticsStore(join(dataDir, 'not-yet'));
    expect(await store.listEvents()).toEqual([]);
    expect(await store.add('b1', [view], now)).toBe('stored');
    expect(await store.listEvents()).toEqual([view]);
  });

  it('stores a batch delivered twice at the same moment once', async () => {
    const store = createAnalyticsStore(dataDir);
    const outcomes = await Promise.all([store.add('b1', [view], now), store.add('b1', [view], now)]);
    expect(outcomes.sort()).toEqual(['duplicate', 'stored']);
    expect((await readFile(store.file, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('keeps de-duplicating after a restart: the file is the only state', async () => {
    await createAnalyticsStore(dataDir).add('b1', [view], now);
    expect(await createAnalyticsStore(dataDir).add('b1', [view], now)).toBe('duplicate');
  });

  it('reads the stored batch ids once, on the first add, not on every add', async () => {
    await createAnalyticsStore(dataDir).add('b0', [view], now);
    const store = createAnalyticsStore(dataDir);
    vi.mocked(readFile).mockClear();
    expect(await store.add('b0', [view], now)).toBe('duplicate');
    for (const id of ['b1', 'b2', 'b3']) expect(await store.add(id, [view], now)).toBe('stored');
    expect(await store.add('b2', [view], now)).toBe('duplicate');
    expect(readsOf(store.file)).toBe(1);
    expect((await readFile(store.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line).id)).toEqual(['b0', 'b1', 'b2', 'b3']);
  });

  it('stores a batch whose first write failed when it is retried', async () => {
    const store = createAnalyticsStore(dataDir);
    vi.mocked(appendFile).mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    await expect(store.add('b1', [view], now)).rejects.toThrow('ENOSPC');
    expect(await store.add('b1', [view], now)).toBe('stored');
    expect(await store.listEvents()).toEqual([view]);
  });

  it('skips lines cut short and events edited into something malformed, keeping the rest', async () => {
    const store = createAnalyticsStore(dataDir);
    await store.add('b1', [view], now);
    await appendFile(store.file, '{"id":"b2","events":[{"type":"vi\n');
    await appendFile(store.file, `${JSON.stringify({ id: 'b3', receivedAt: now, events: [{ ...view, index: 'first' }, { ...view, session: 't', email: 'x@y.example' }] })}\n`);
    expect(await store.listEvents()).toEqual([view, { ...view, session: 't' }]);
  });
});
