import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestUrl, send, sendJson } from './http.ts';
import type { LeadStore } from './lead-store.ts';
import { LEADS_CSS, renderLeadsPage } from './leads-page.ts';

/** The leads page has no scripts or inline styles, so it can forbid both. */
const PAGE_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function wantsJson(req: IncomingMessage): boolean {
  const format = requestUrl(req).searchParams.get('format');
  if (format) return format === 'json';
  return (req.headers.accept ?? '').toLowerCase().includes('application/json');
}

/** `GET /leads`: JSON (newest first) for `Accept: application/json` or `?format=json`, else HTML. */
export async function handleLeads(req: IncomingMessage, res: ServerResponse, store: LeadStore): Promise<void> {
  const leads = await store.list();
  if (wantsJson(req)) return sendJson(res, 200, leads, { vary: 'Accept' });
  send(res, 200, renderLeadsPage(leads), {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_CSP,
    'referrer-policy': 'no-referrer',
    vary: 'Accept',
  });
}

export function handleLeadsCss(_req: IncomingMessage, res: ServerResponse): void {
  send(res, 200, LEADS_CSS, { 'content-type': 'text/css; charset=utf-8' });
}
