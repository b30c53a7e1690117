import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLeadStore } from '../../../demo/receiver/lead-store.ts';
import { createReceiver, type ReceiverOptions } from '../../../demo/receiver/middleware.ts';

export const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

export interface TestReceiver {
  base: string;
  dataDir: string;
  close(): Promise<void>;
}

/** The demo receiver on a plain node:http server on 127.0.0.1, with its own temp data folder. */
export async function startReceiver(options: Partial<ReceiverOptions> & { dataDir?: string } = {}): Promise<TestReceiver> {
  const ownDir = await mkdtemp(join(tmpdir(), 'leadflow-security-'));
  const dataDir = options.dataDir ?? ownDir;
  const receiver = createReceiver({ store: createLeadStore(dataDir), distDir: join(ownDir, 'dist'), ...options });
  const server = createServer((req, res) =>
    receiver(req, res, (error) => {
      res.statusCode = error ? 500 : 404;
      res.end();
    }),
  );
  const base = await listen(server);
  return {
    base,
    dataDir,
    async close() {
      receiver.close();
      await closeServer(server);
      await rm(ownDir, { recursive: true, force: true });
    },
  };
}

/**
 * A server whose handler is a relay: every handler promise is kept, settled as 'resolved' or
 * the error it rejected with, so a test sees a rejection instead of it going unhandled.
 */
export async function startHandler(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  const settled: Array<Promise<unknown>> = [];
  const server = createServer((req, res) => {
    settled.push(handle(req, res).then(() => 'resolved', (error: unknown) => error));
  });
  const base = await listen(server);
  return { base, settled, close: () => closeServer(server) };
}

/** A GET with a Host header of our choosing (fetch always sends the URL's own). */
export function getWithHost(url: string, host: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** A lead envelope as the widget sends it, with `data` fields replaced as given. */
export function leadEnvelope(data: Record<string, unknown> = {}) {
  return {
    type: 'lead.submitted',
    timestamp: '2026-11-27T10:00:00Z',
    data: {
      id: `lead-${Math.random().toString(36).slice(2)}`,
      flow: { id: 'saas-bant', version: 1 },
      answers: {},
      contact: { email: 'ada@acme.example' },
      score: { total: 10, tier: 'warm' },
      ...data,
    },
  };
}
