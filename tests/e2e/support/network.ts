import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** What a route does with a request: answer it, hold it, break it. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A request the site got, in arrival order. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A response held back until the test lets it go: a slow server without a long sleep. */
export interface Gate {
  /** Resolves once a request has reached the gate. */
  readonly reached: Promise<void>;
  /** Lets every held request (and any later one) through. */
  release(): void;
  /** Wraps a handler so it answers only once the gate is released. */
  hold(handler: Handler): Handler;
}

export function gate(): Gate {
  let open!: () => void;
  let arrived!: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  return {
    reached,
    release: () => open(),
    hold: (handler) => async (req, res) => {
      arrived();
      await released;
      await handler(req, res);
    },
  };
}

/**
 * A landing page's origin whose every answer a test scripts: pages, flow files that are slow,
 * missing, broken or cut off, and `/leadflow.js` (gzip, as a CDN sends it) that can be held too.
 */
export interface ScriptedSite {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly requests: readonly SeenRequest[];
  /** Answers `path` with `handler` (replacing what was there); returns the absolute URL. */
  on(path: string, handler: Handler): string;
  /** An HTML page at `path`. */
  page(path: string, html: string): string;
  /** Holds `/leadflow.js` until the gate is released (a slow CDN). */
  holdScript(gate: Gate): void;
  /** Forgets routes, requests and a held script, for the next test. */
  reset(): void;
  close(): Promise<void>;
}

/** A body with a content type and status. */
export const answer =
  (body: string | Buffer, contentType = 'application/json', status = 200, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };

/** The connection dropped before any answer (a proxy resetting it). */
export const reset: Handler = (req) => {
  req.socket.destroy();
};

/** Headers and the first `bytes` of the body are sent, then the connection drops (Content-Length promised the rest). */
export const cutOff =
  (body: string, bytes: number): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-store' });
    res.write(body.slice(0, bytes), () => setTimeout(() => res.socket?.destroy(), 50));
  };

export async function startScriptedSite(bundleDir: string): Promise<ScriptedSite> {
  const routes = new Map<string, Handler>();
  const requests: SeenRequest[] = [];
  let scriptGate: Gate | undefined;
  const bundle = gzipSync(await readFile(`${bundleDir}/leadflow.js`));
  const sendScript: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-encoding': 'gzip', 'cache-control': 'no-store' });
    res.end(bundle);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? '', path, headers: req.headers });
    const handler = routes.get(path) ?? (path === '/leadflow.js' ? (scriptGate?.hold(sendScript) ?? sendScript) : undefined);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (!handler) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    void Promise.resolve(handler(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const site: ScriptedSite = {
    origin,
    requests,
    on(path, handler) {
      routes.set(path, handler);
      return origin + path;
    },
    page: (path, html) => site.on(path, answer(html, 'text/html; charset=utf-8')),
    holdScript(gate) {
      scriptGate = gate;
    },
    reset() {
      routes.clear();
      requests.length = 0;
      scriptGate = undefined;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return site;
}

/** Every `leadflow:*` event that reaches the document, with the `id` of the widget it came from. */
export const WATCHED = ['ready', 'error', 'submit', 'delivered', 'close', 'abandon', 'view'];

export async function watchEvents(page: Page): Promise<void> {
  await page.addInitScript((names: string[]) => {
    const events: Array<{ type: string; target: string; detail: unknown }> = [];
    Object.assign(window, { __net: events });
    for (const name of names)
      document.addEventListener(`leadflow:${name}`, (e) =>
        events.push({ type: name, target: (e.target as Element).id ?? '', detail: JSON.parse(JSON.stringify((e as CustomEvent).detail)) }),
      );
  }, WATCHED);
}

export interface NetEvent {
  type: string;
  target: string;
  detail: { code?: string; message?: string; [key: string]: unknown };
}

export const eventsOf = (page: Page, type?: string): Promise<NetEvent[]> =>
  page.evaluate((t) => (window as unknown as { __net: NetEvent[] }).__net.filter((e) => !t || e.type === t), type);

/** One visitor's page in its own browser context, with what the page logged and threw. */
export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** `console.error` texts, in order. */
  errors: string[];
  pageErrors: Error[];
}

/**
 * Like support/browser.ts `PageSessions`, without its pause after closing: these tests leave no
 * lead on its way when they end (those that send one wait for its delivery), and the file must
 * stay fast. Any uncaught error on a page fails the test that opened it.
 */
export class Visitors {
  readonly #browser: () => Browser;
  #open: Visitor[] = [];

  constructor(browser: () => Browser) {
    this.#browser = browser;
  }

  async open(): Promise<Visitor> {
    const context = await this.#browser().newContext({ locale: 'de-DE' });
    context.setDefaultTimeout(5_000);
    const page = await context.newPage();
    const visitor: Visitor = { context, page, errors: [], pageErrors: [] };
    page.on('console', (message) => message.type() === 'error' && visitor.errors.push(message.text()));
    page.on('pageerror', (error) => visitor.pageErrors.push(error));
    await watchEvents(page);
    this.#open.push(visitor);
    return visitor;
  }

  async closeAll(): Promise<void> {
    const open = this.#open.splice(0);
    await Promise.all(open.map((v) => v.context.close()));
    const errors = open.flatMap((v) => v.pageErrors);
    if (errors.length) throw new Error(`uncaught error(s) on the page:\n${errors.map((e) => `  ${e.stack ?? e.message}`).join('\n')}`);
  }
}
