import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChangeNotifier, type ChangeNotifier } from '../../demo/receiver/change-notifier.ts';
import { createDashboardStream } from '../../demo/receiver/dashboard-stream.ts';
import { createLeadStore } from '../../demo/receiver/lead-store.ts';
import { createReceiver, type Receiver } from '../../demo/receiver/middleware.ts';

// The receiver on a plain node:http server, which (unlike Vite's) waits for open responses on close.
let dataDir: string;
let server: Server;
let receiver: Receiver;
let base: string;
let changes: ChangeNotifier;

/** Opens the stream and reads it as text until it ends. */
async function openStream() {
  const response = await fetch(`${base}/dashboard/stream`);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const next = async () => {
    const { value, done } = await reader.read();
    if (!done) text += value;
    return !done;
  };
  await next();
  return {
    response,
    received: () => text,
    next,
    async untilEnd() {
      while (await next());
      return text;
    },
  };
}

describe('the dashboard stream', () => {
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'leadflow-stream-'));
    changes = createChangeNotifier();
    receiver = createReceiver({ store: createLeadStore(dataDir), distDir: dataDir, changes });
    server = createServer((req, res) => receiver(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    receiver.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens at once with a retry delay, and passes on the notifier’s changes', async () => {
    const stream = await openStream();
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.received()).toBe('retry: 2000\n: connected\n\n');
    changes.notify('lead');
    await stream.next();
    expect(stream.received()).toContain('event: change\ndata: {"what":"lead"}\n\n');
  });

  it('ends every open stream on close(), so the server can close without hanging', async () => {
    const streams = [await openStream(), await openStream()];
    receiver.close();
    const closed = new Promise((resolve) => server.close(resolve));
    for (const stream of streams) expect(await stream.untilEnd()).toBe('retry: 2000\n: connected\n\n');
    await closed;
  });

  it('turns new streams away once closed', async () => {
    receiver.close();
    const late = await fetch(`${base}/dashboard/stream`);
    expect(late.status).toBe(503);
    await late.text();
  });
});

/** A local browser's request, and a response that records what is written and can hang up. */
function fakeExchange() {
  const req = { method: 'GET', headers: {}, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
  const written: string[] = [];
  const res = Object.assign(new EventEmitter(), {
    destroyed: false,
    writeHead: vi.fn(),
    write: (chunk: string) => written.push(chunk),
    end: vi.fn(),
  });
  const hangUp = () => {
    res.destroyed = true;
    res.emit('close');
  };
  return { req, res: res as unknown as ServerResponse, written, hangUp };
}

describe('the dashboard stream’s heartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes a ": ping" comment every 15 s to each open stream, and stops when the browser hangs up', () => {
    const stream = createDashboardStream(createChangeNotifier());
    const [first, second] = [fakeExchange(), fakeExchange()];
    stream.handle(first.req, first.res);
    stream.handle(second.req, second.res);
    const pings = (exchange: typeof first) => exchange.written.filter((chunk) => chunk === ': ping\n\n').length;

    vi.advanceTimersByTime(14_999);
    expect([pings(first), pings(second)]).toEqual([0, 0]);
    vi.advanceTimersByTime(1);
    expect([pings(first), pings(second)]).toEqual([1, 1]);

    first.hangUp();
    vi.advanceTimersByTime(30_000);
    expect([pings(first), pings(second)]).toEqual([1, 3]);
    expect(vi.getTimerCount()).toBe(1);

    stream.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('takes another interval, and sends no ping to a HEAD request or after close()', () => {
    const stream = createDashboardStream(createChangeNotifier(), { heartbeatMs: 50 });
    const open = fakeExchange();
    stream.handle(open.req, open.res);
    vi.advanceTimersByTime(120);
    expect(open.written.slice(1)).toEqual([': ping\n\n', ': ping\n\n']);

    const head = fakeExchange();
    stream.handle({ ...head.req, method: 'HEAD' } as IncomingMessage, head.res);
    stream.close();
    vi.advanceTimersByTime(1000);
    expect(open.written).toHaveLength(3);
    expect(head.written).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the dashboard stream on a real connection', () => {
  it('delivers the pings to the browser', async () => {
    const stream = createDashboardStream(createChangeNotifier(), { heartbeatMs: 10 });
    const pingServer = createServer((req, res) => stream.handle(req, res));
    await new Promise<void>((resolve) => pingServer.listen(0, '127.0.0.1', resolve));
    const controller = new AbortController();
    try {
      const response = await fetch(`http://127.0.0.1:${(pingServer.address() as AddressInfo).port}/dashboard/stream`, { signal: controller.signal });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes(': ping\n\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before a ping:\n${text}`);
        text += value;
      }
      expect(text).toMatch(/^retry: 2000\n: connected\n\n(: ping\n\n)+$/);
    } finally {
      controller.abort();
      stream.close();
      pingServer.closeAllConnections();
      await new Promise((resolve) => pingServer.close(resolve));
    }
  });
});
