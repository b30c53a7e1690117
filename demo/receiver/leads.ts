import type { IncomingMessage, ServerResponse } from 'node:http';
import { isFromThisMachine, requestUrl, send, sendJson, sendText, wantsJson } from './http.ts';
import type { LeadStore } from './lead-store.ts';
import { LEADS_CSS, renderLeadsMain, renderLeadsPage } from './leads-page.ts';

/** One script from this origin (the dashboard's), which fetches from it; no inline scripts or styles. */
const PAGE_CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * `GET /leads`: JSON (newest first) for `Accept: application/json` or `?format=json`, else HTML.
 * Leads hold visitors' contact details, so they are shown to this machine only, even when the
 * demo is started with `--host` to try the widget from a phone.
 */
export async function handleLeads(req: IncomingMessage, res: ServerResponse, store: LeadStore): Promise<void> {
  if (!isFromThisMachine(req))
    return sendText(res, 403, 'The demo shows received leads only on the machine it runs on.\n');
  const leads = await store.list();
  if (wantsJson(req)) return sendJson(res, 200, leads, { vary: 'Accept' });
  const fragment = requestUrl(req).searchParams.get('fragment') === 'main';
  send(res, 200, fragment ? renderLeadsMain(leads) : renderLeadsPage(leads), {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_CSP,
    'referrer-policy': 'no-referrer',
    vary: 'Accept',
  });
}

export function handleLeadsCss(_req: IncomingMessage, res: ServerResponse): void {
  send(res, 200, LEADS_CSS, { 'content-type': 'text/css; charset=utf-8' });
}
