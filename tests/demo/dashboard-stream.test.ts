import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChangeNotifier, type ChangeNotifier } from '../../demo/receiver/change-notifier.ts';
import { createLeadStore } from '../../demo/receiver/lead-store.ts';
import { createReceiver, type Receiver } from '../../demo/receiver/middleware.ts';

// The receiver on a plain node:http server, which (unlike Vite's) waits for open responses on close.
let dataDir: string;
let server: Server;
let receiver: Receiver;
let base: string;
let changes: ChangeNotifier;

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
