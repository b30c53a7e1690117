import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Route {
  body: string;
  contentType: string;
  /** Extra response headers, e.g. a Content-Security-Policy for a page. */
  headers?: Record<string, string>;
  status?: number;
  /** Answer only after this long, e.g. a slow script that holds up DOMContentLoaded. */
  delayMs?: number;
}

/** The landing page's origin: the built bundle, the demo flows, and whatever a test adds. */
export interface StaticServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Serves `route` at `path` (replacing what was there) and returns its absolute URL. */
  route(path: string, route: Route): string;
  /** An HTML page at `path`, with optional response headers; returns its absolute URL. */
  page(path: string, html: string, headers?: Record<string, string>): string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/**
 * A tiny static server on 127.0.0.1 and a free port: `/leadflow.js`, `/leadflow.dev.js`
 * (and their maps) from `bundleDir`, `/flows/NAME.json` from demo/flows/, and test pages
 * and files held as strings.
 */
export async function startStaticServer(bundleDir: string): Promise<StaticServer> {
  const routes = new Map<string, Route>();

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const route = routes.get(path);
      if (route?.delayMs) await new Promise((resolve) => setTimeout(resolve, route.delayMs));
      if (route) return send(res, route.status ?? 200, route.body, { 'content-type': route.contentType, ...route.headers });
      if (/^\/leadflow[\w.]*\.js(\.map)?$/.test(path)) {
        const type = path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json';
        return send(res, 200, await readFile(bundleDir + path), { 'content-type': type });
      }
      // A name pattern rather than path joining, so no request can climb out of demo/flows.
      const flow = /^\/flows\/([\w-]+\.json)$/.exec(path);
      if (flow) return send(res, 200, await readFile(`${ROOT}demo/flows/${flow[1]}`), { 'content-type': 'application/json' });
      // Browsers ask for it on their own; a 404 would put a console error on every page.
      if (path === '/favicon.ico') return send(res, 204, '', {});
      send(res, 404, 'not found', { 'content-type': 'text/plain' });
    })().catch((error: unknown) => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      send(res, missing ? 404 : 500, missing ? 'not found' : String(error), { 'content-type': 'text/plain' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: StaticServer = {
    origin,
    route(path, route) {
      routes.set(path, route);
      return origin + path;
    },
    page(path, html, headers) {
      return api.route(path, { body: html, contentType: 'text/html; charset=utf-8', ...(headers && { headers }) });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return api;
}
