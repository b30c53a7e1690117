import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnalyticsStore } from './analytics-store.ts';
import { DASHBOARD_CSS, DASHBOARD_JS } from './dashboard-assets.ts';
import { renderDashboardMain, renderDashboardPage } from './dashboard-page.ts';
import { computeDashboardStats } from './funnel-stats.ts';
import { isFromThisMachine, requestUrl, send, sendJson, sendText, wantsJson } from './http.ts';
import type { LeadStore } from './lead-store.ts';

export interface DashboardStores {
  store: LeadStore;
  analyticsStore: AnalyticsStore;
}

/**
 * One script from this origin, which fetches from this origin (the fragment, the stream);
 * no inline scripts or styles. The SVG charts are inline markup styled by the stylesheet.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'referrer-policy': 'no-referrer',
  vary: 'Accept',
};

/**
 * `GET /dashboard`: the page; `?fragment=main` the inside of its `<main>` (what the script
 * swaps in); `?format=json` (or `Accept: application/json`) the statistics. Like /leads it
 * is shown to this machine only: the leads table names companies' e-mail domains.
 */
export async function handleDashboard(req: IncomingMessage, res: ServerResponse, stores: DashboardStores): Promise<void> {
  if (!isFromThisMachine(req))
    return sendText(res, 403, 'The demo shows its dashboard only on the machine it runs on.\n');
  const [leads, events] = await Promise.all([stores.store.list(), stores.analyticsStore.listEvents()]);
  const stats = computeDashboardStats(events, leads);
  if (wantsJson(req)) return sendJson(res, 200, stats, { vary: 'Accept' });
  if (requestUrl(req).searchParams.get('fragment') === 'main') return send(res, 200, renderDashboardMain(stats, leads), HTML_HEADERS);
  send(res, 200, renderDashboardPage(stats, leads), HTML_HEADERS);
}

export function handleDashboardScript(_req: IncomingMessage, res: ServerResponse): void {
  send(res, 200, DASHBOARD_JS, { 'content-type': 'text/javascript; charset=utf-8' });
}

export function handleDashboardCss(_req: IncomingMessage, res: ServerResponse): void {
  send(res, 200, DASHBOARD_CSS, { 'content-type': 'text/css; charset=utf-8' });
}
