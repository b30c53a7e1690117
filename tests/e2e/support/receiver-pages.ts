import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { demoFlowJson } from './embed-pages.ts';
import { inlineFlow, landingPage, STUDENT } from './pages.ts';
import type { StaticServer } from './static-server.ts';

/**
 * A landing page with the demo flow (or `flow`) inline and one widget with `attributes` (full
 * `data-leadflow-*` names). The script's address is absolute, so a `<base>` in `head` moves only
 * the webhook.
 */
export function inlineWidgetPage(site: StaticServer, path: string, attributes: Record<string, string>, { flow = demoFlowJson() as object, head = '' } = {}): string {
  const attrs = Object.entries({ 'data-leadflow': '#flow', 'data-leadflow-locale': 'de', 'data-leadflow-min-fill-ms': '0', ...attributes })
    .map(([name, value]) => `${name}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join(' ');
  return site.page(path, landingPage(`${inlineFlow('flow', flow)}\n<div ${attrs}></div>\n<script src="${site.origin}/leadflow.js" async></script>`, head));
}

/** The `leadflow:*` events a page recorded, as each test file records them. */
type Events = (page: Page) => Promise<Array<{ type: string; detail: { leadId?: string } }>>;

/** Chooses "student" (which ends the flow at once) and returns the lead id from `leadflow:submit`. */
export async function submitStudent(page: Page, events: Events): Promise<string> {
  const leadId = async () => (await events(page)).find((e) => e.type === 'leadflow:submit')?.detail.leadId;
  await page.getByRole('radio', { name: STUDENT }).check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  await expect.poll(leadId).toBeTruthy();
  return (await leadId())!;
}
