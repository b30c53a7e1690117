import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Serves `html` at `path` and returns its absolute URL. */
  page(path: string, html: string): string;
  /** Serves a script made during the run (`code`) at `path` and returns the path. */
  script(path: string, code: string): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  // no-store: every run downloads the files, as a first-time visitor does.
  res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/**
 * The benchmark's only origin, on 127.0.0.1 and a free port: the pages, the files in `files`
 * (URL path → absolute file path; an allow-list, so no request reaches anything else on disk), and a
 * webhook at `/hook` that answers 204 (and its CORS preflight), although no measured flow
 * gets far enough to send a lead.
 */
export async function startBenchServer(files: Record<string, string>): Promise<BenchServer> {
  const pages = new Map<string, string>();
  // Read once up front, so no run's timing includes a disk read.
  const loaded = new Map(
    await Promise.all(
      Object.entries(files).map(async ([url, file]) => {
        const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
        return [url, { data: await readFile(file), type }] as const;
      }),
    ),
  );
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = pages.get(path);
    if (html !== undefined) return send(res, 200, html, { 'content-type': 'text/html; charset=utf-8' });
    if (path === '/hook')
      return send(res, 204, '', {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, webhook-id, webhook-timestamp',
      });
    // Browsers ask for it on their own; a 404 would be noise in the console.
    if (path === '/favicon.ico') return send(res, 204, '');
    const file = loaded.get(path);
    if (!file) return send(res, 404, 'not found', { 'content-type': 'text/plain' });
    send(res, 200, file.data, { 'content-type': file.type });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, html) {
      pages.set(path, html);
      return origin + path;
    },
    script(path, code) {
      loaded.set(path, { data: Buffer.from(code), type: TYPES['.js']! });
      return path;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
