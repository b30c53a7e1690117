import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestUrl, sendJson } from './http.ts';
import type { LeadStore } from './lead-store.ts';
import { handleLeads, handleLeadsCss } from './leads.ts';
import { serveBundle } from './serve-bundle.ts';
import { handleWebhook, type WebhookOptions } from './webhook.ts';

export interface ReceiverOptions extends Omit<WebhookOptions, 'store'> {
  store: LeadStore;
  /** Where `leadflow.js` and its source map are read from. */
  distDir: string;
}

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * The demo's server side as connect-style middleware (Vite's dev and preview servers, or a
 * plain `node:http` server): the script-tag bundle, the webhook and the leads page. Any other
 * request goes to `next`.
 */
export function createReceiver(options: ReceiverOptions): Middleware {
  const { store, distDir } = options;
  const route = (req: IncomingMessage, res: ServerResponse): Promise<void> | void | false => {
    const path = requestUrl(req).pathname;
    if (path === '/webhook') return handleWebhook(req, res, options);
    if (!READ_METHODS.has(req.method ?? '')) return false;
    if (path === '/leadflow.js' || path === '/leadflow.js.map') return serveBundle(res, distDir, path.slice(1));
    if (path === '/leads' || path === '/leads/') return handleLeads(req, res, store);
    if (path === '/leads.css') return handleLeadsCss(req, res);
    return false;
  };
  return (req, res, next) => {
    let handled: ReturnType<typeof route>;
    try {
      handled = route(req, res);
    } catch (error) {
      return next(error);
    }
    if (handled === false) return next();
    Promise.resolve(handled).catch((error: unknown) => {
      // The visitor's widget retries a 5xx; the terminal says what went wrong.
      console.error('LeadFlow demo receiver:', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      else res.destroy();
    });
  };
}
