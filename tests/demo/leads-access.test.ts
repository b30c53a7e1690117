import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { handleLeads } from '../../demo/receiver/leads.ts';
import type { LeadStore } from '../../demo/receiver/lead-store.ts';

/** The least of a request and a response that the handler touches. */
function exchange(remoteAddress: string) {
  const req = { url: '/leads?format=json', headers: { host: 'localhost:5173' }, socket: { remoteAddress } } as unknown as IncomingMessage;
  const res = { req, writeHead: vi.fn(), end: vi.fn() } as unknown as ServerResponse & { writeHead: ReturnType<typeof vi.fn> };
  const store = { list: vi.fn(async () => [{ id: 'x', envelope: { data: { contact: { email: 'ada@example.com' } } } }]) };
  return { req, res, store: store as unknown as LeadStore & typeof store };
}

describe('GET /leads', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('shows leads to this machine (%s)', async (address) => {
    const { req, res, store } = exchange(address);
    await handleLeads(req, res, store);
    expect(res.writeHead.mock.calls[0]![0]).toBe(200);
    expect(store.list).toHaveBeenCalled();
  });

  it('keeps contact details from other machines when the demo runs with --host', async () => {
    const { req, res, store } = exchange('192.168.1.20');
    await handleLeads(req, res, store);
    expect(res.writeHead.mock.calls[0]![0]).toBe(403);
    expect(store.list).not.toHaveBeenCalled();
  });
});
