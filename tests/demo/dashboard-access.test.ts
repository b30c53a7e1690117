import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import type { AnalyticsStore } from '../../demo/receiver/analytics-store.ts';
import { createChangeNotifier } from '../../demo/receiver/change-notifier.ts';
import { handleDashboard } from '../../demo/receiver/dashboard.ts';
import { createDashboardStream } from '../../demo/receiver/dashboard-stream.ts';
import type { LeadStore } from '../../demo/receiver/lead-store.ts';

/** The least of a request and a response that the handlers touch. */
function exchange(remoteAddress: string, url = '/dashboard') {
  const req = { url, method: 'GET', headers: { host: 'localhost:5173' }, socket: { remoteAddress } } as unknown as IncomingMessage;
  const res = { req, writeHead: vi.fn(), write: vi.fn(), end: vi.fn(), on: vi.fn() } as unknown as ServerResponse & {
    writeHead: ReturnType<typeof vi.fn>;
  };
  const stores = {
    store: { list: vi.fn(async () => []) } as unknown as LeadStore & { list: ReturnType<typeof vi.fn> },
    analyticsStore: { listEvents: vi.fn(async () => []) } as unknown as AnalyticsStore & { listEvents: ReturnType<typeof vi.fn> },
  };
  return { req, res, stores };
}

describe('GET /dashboard', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('is shown to this machine (%s)', async (address) => {
    const { req, res, stores } = exchange(address);
    await handleDashboard(req, res, stores);
    expect(res.writeHead.mock.calls[0]![0]).toBe(200);
    expect(stores.store.list).toHaveBeenCalled();
  });

  it('keeps leads and numbers from other machines when the demo runs with --host', async () => {
    const { req, res, stores } = exchange('192.168.1.20');
    await handleDashboard(req, res, stores);
    expect(res.writeHead.mock.calls[0]![0]).toBe(403);
    expect(stores.store.list).not.toHaveBeenCalled();
    expect(stores.analyticsStore.listEvents).not.toHaveBeenCalled();
  });
});

describe('GET /dashboard/stream', () => {
  it('streams to this machine only', () => {
    const stream = createDashboardStream(createChangeNotifier());
    const local = exchange('::1', '/dashboard/stream');
    stream.handle(local.req, local.res);
    expect(local.res.writeHead.mock.calls[0]![0]).toBe(200);

    const remote = exchange('10.0.0.7', '/dashboard/stream');
    stream.handle(remote.req, remote.res);
    expect(remote.res.writeHead.mock.calls[0]![0]).toBe(403);
    stream.close();
  });
});
