import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLeadStore } from '../../demo/receiver/lead-store.ts';
import { createReceiver, type Receiver } from '../../demo/receiver/middleware.ts';
import { formatResults, runAxe } from './support/a11y-axe.ts';
import { launchBrowser, PageSessions, sleep } from './support/browser.ts';
import { answerDemoFlow, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { landingPage } from './support/pages.ts';

const chromiumPath = inject('chromiumPath');

/** The demo flow as an A/B test: the control, and a variant that asks the first question differently. */
const experiment = {
  ...JSON.parse(readFileSync(new URL('../../demo/flows/saas-bant.json', import.meta.url), 'utf8')),
  variants: [
    { id: 'control', weight: 1 },
    { id: 'who', weight: 1, steps: { role: { title: { de: 'Wer entscheidet bei Ihnen?', en: 'Who decides?' } } } },
  ],
};

/** The widget loaded at once (`lazy="false"`) but far below the fold. */
const BELOW_THE_FOLD = landingPage(
  `<div style="height: 3000px">Scroll down</div>
<div data-leadflow="/flows/ab.json" data-leadflow-webhook="/webhook" data-leadflow-locale="de" data-leadflow-lazy="false"></div>
<script src="/leadflow.js" async></script>`,
);

const PAGE = landingPage(
  `<div data-leadflow="/flows/ab.json" data-leadflow-webhook="/webhook" data-leadflow-analytics="/analytics" data-leadflow-locale="de" data-leadflow-min-fill-ms="0"></div>
<script src="/leadflow.js" async></script>`,
);

/**
 * The demo receiver (webhook, analytics, dashboard, bundle) on 127.0.0.1 with a fresh data
 * folder, plus the landing page and the flow: one origin, as `npm run demo` serves it.
 */
async function startDemoSite() {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadflow-dashboard-'));
  const receiver: Receiver = createReceiver({ store: createLeadStore(dataDir), distDir: inject('bundleDir') });
  const server: Server = createServer((req, res) =>
    receiver(req, res, () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const [type, body] =
        path === '/ab.html' ? ['text/html; charset=utf-8', PAGE] : path === '/below.html' ? ['text/html; charset=utf-8', BELOW_THE_FOLD] : path === '/flows/ab.json' ? ['application/json', JSON.stringify(experiment)] : ['text/plain', ''];
      res.writeHead(body ? 200 : path === '/favicon.ico' ? 204 : 404, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    dataDir,
    async close() {
      receiver.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Stage → sessions, as the dashboard's funnel table for one variant shows them. */
async function funnelOf(dashboard: Page, variant: string): Promise<Record<string, number>> {
  const table = dashboard.getByRole('table', { name: `Funnel of saas-bant, variant ${variant}` });
  return Object.fromEntries(
    await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [row.querySelector('th')!.textContent!.trim(), Number(row.querySelector('td')!.textContent)])),
  );
}

/** The cells of a variant's row in the comparison table, by column header. */
async function comparisonOf(dashboard: Page, variant: string): Promise<Record<string, string>> {
  const table: Locator = dashboard.getByRole('table', { name: 'Variants of saas-bant, compared with control' });
  return table.evaluate((element, name) => {
    const headers = [...element.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    const row = [...element.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')!.textContent!.trim().startsWith(name))!;
    return Object.fromEntries([...row.children].map((cell, i) => [headers[i]!, cell.textContent!.trim()]));
  }, variant);
}

describe.skipIf(!chromiumPath)('conversion insights in a real browser: visitors → analytics → /dashboard', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startDemoSite>>;
  const sessions = new PageSessions(() => browser);

  beforeAll(async () => {
    [browser, site] = await Promise.all([launchBrowser(chromiumPath), startDemoSite()]);
  });

  afterEach(() => sessions.closeAll());

  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close()]);
  });

  /**
   * One visitor in a fresh browser (own storage), assigned `variant` on an earlier visit (the
   * assignment in localStorage): real traffic, unlike `?leadflow_variant=`, which counts as QA.
   */
  async function visit(variant: string, act: (page: Page) => Promise<void>): Promise<void> {
    const { page, context } = await sessions.open();
    await context.addInitScript((assigned) => localStorage.setItem('leadflow:variant:saas-bant', assigned), variant);
    await page.goto(`${site.origin}/ab.html`);
    await page.getByRole('radio', { name: 'Ich entscheide' }).waitFor();
    await act(page);
    // Closing the tab is what a leaving visitor does: pagehide sends the last events.
    await page.close();
  }
  const submitAsStudent = async (page: Page) => {
    await page.getByRole('radio', { name: 'Ich bin Student:in' }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: 'Danke, dass Sie vorbeischauen!' }).waitFor();
  };
  const leaveAtSecondStep = async (page: Page) => {
    await page.getByRole('radio', { name: 'Ich entscheide' }).check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('heading', { name: 'Was möchten Sie verbessern?' }).waitFor();
  };

  it('counts completed and abandoned visits per variant, live, and the numbers match what visitors did', async () => {
    // CSP bypassed only so axe can be injected below; the page's own script is same-origin.
    const { page: dashboard } = await sessions.open({ bypassCSP: true });
    await dashboard.goto(`${site.origin}/dashboard`);
    await dashboard.getByRole('status').filter({ hasText: /^Live/ }).waitFor();

    // The variant really is the one shown.
    await visit('who', async (page) => {
      await page.getByRole('heading', { level: 2, name: 'Wer entscheidet bei Ihnen?' }).waitFor();
      await submitAsStudent(page);
    });
    await visit('who', async () => {}); // looked, left
    await visit('who', leaveAtSecondStep);
    await visit('control', submitAsStudent);
    await visit('control', submitAsStudent);
    await visit('control', async (page) => {
      await answerDemoFlow(page, HOT_LEAD);
      await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
    });
    await visit('control', leaveAtSecondStep);
    // A tester forcing a variant: marked as QA and left out of every number below.
    const { page: qa } = await sessions.open();
    await qa.goto(`${site.origin}/ab.html?leadflow_variant=who`);
    await submitAsStudent(qa);
    await qa.close();

    // No reload: the page follows the stream until every visit is in.
    await expect.poll(() => funnelOf(dashboard, 'control').then((f) => f.Submits), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => funnelOf(dashboard, 'who').then((f) => f.Views), { timeout: 15_000 }).toBe(3);
    await sleep(500);

    await dashboard.getByText('QA visits excluded: 1 session, 1 lead').waitFor();
    const control = await funnelOf(dashboard, 'control');
    expect(control).toMatchObject({ Views: 4, Starts: 4, 'Step “role”': 4, 'Step “need”': 2, 'Step “team_size”': 1, Submits: 3 });
    const who = await funnelOf(dashboard, 'who');
    expect(who).toMatchObject({ Views: 3, Starts: 2, 'Step “role”': 3, 'Step “need”': 1, Submits: 1 });
    expect(await dashboard.getByRole('region', { name: 'Variant who' }).getByText(/^Abandoned:/).textContent()).toContain('2 sessions left');
    expect(await dashboard.getByRole('region', { name: 'Variant control' }).getByText(/^Abandoned:/).textContent()).toContain('1 session left');

    const controlRow = await comparisonOf(dashboard, 'control');
    expect(controlRow).toMatchObject({ Views: '4', Submits: '3', 'Leads received': '3' });
    expect(controlRow['Conversion (95 % CI)']).toMatch(/^75\.0 %/);
    const whoRow = await comparisonOf(dashboard, 'who');
    expect(whoRow).toMatchObject({ Views: '3', Submits: '1', Verdict: 'not enough data', 'Leads received': '1' });
    expect(whoRow['Conversion (95 % CI)']).toMatch(/^33\.3 %/);
    // 1/3 − 3/4 = −41.7 percentage points.
    expect(whoRow['Difference vs. baseline']).toMatch(/^[−-]41\.7 pp$/);

    // The leads table: four leads, the variant each came from, e-mail domains only.
    const leads = dashboard.getByRole('table', { name: /^Latest leads/ });
    expect(await leads.locator('tbody tr').count()).toBe(4);
    const text = await leads.textContent();
    expect(text).toContain('example.com');
    expect(text).not.toContain('erika.mustermann');
    expect(await leads.locator('tbody tr', { hasText: 'hot' }).textContent()).toContain('control');

    // The dashboard itself meets WCAG 2.2 AA, at full width and on a phone.
    for (const width of [1280, 320]) {
      await dashboard.setViewportSize({ width, height: 900 });
      const { violations } = await runAxe(dashboard);
      expect(formatResults(violations)).toBe('');
      // Reflow: wide tables scroll in their own boxes, the page never sideways.
      expect(await dashboard.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }

    // What the analytics endpoint stored carries no personal data at all.
    const stored = readFileSync(join(site.dataDir, 'analytics.jsonl'), 'utf8');
    expect(stored).toContain('"step_complete"');
    for (const secret of ['erika', 'Mustermann', '"sign_off"', '"student"']) expect(stored).not.toContain(secret);
  });

  it('assigns a variant at random once and keeps it across reloads and a second tab', async () => {
    const { page, context } = await sessions.open();
    const headingOf = async (p: Page) => {
      await p.getByRole('radio', { name: 'Ich entscheide' }).waitFor();
      return p.getByRole('heading', { level: 2 }).first().textContent();
    };
    await page.goto(`${site.origin}/ab.html`);
    const first = await headingOf(page);
    const assigned = await page.evaluate(() => localStorage.getItem('leadflow:variant:saas-bant'));
    expect(['control', 'who']).toContain(assigned);
    expect(first).toBe(assigned === 'who' ? 'Wer entscheidet bei Ihnen?' : 'Welche Rolle haben Sie bei der Auswahl?');
    for (let i = 0; i < 3; i++) {
      await page.reload();
      expect(await headingOf(page)).toBe(first);
    }
    const other = await context.newPage();
    await other.goto(`${site.origin}/ab.html`);
    expect(await headingOf(other)).toBe(first);
  });

  it('counts a view only once the widget is scrolled into sight, even when it loaded before', async () => {
    const { page } = await sessions.open();
    await page.addInitScript(() => {
      (window as unknown as { views: number }).views = 0;
      document.addEventListener('leadflow:view', () => (window as unknown as { views: number }).views++);
    });
    await page.goto(`${site.origin}/below.html`);
    const radio = page.getByRole('radio', { name: 'Ich entscheide' });
    await radio.waitFor({ state: 'attached' });
    await sleep(300);
    expect(await page.evaluate(() => (window as unknown as { views: number }).views)).toBe(0);
    await radio.scrollIntoViewIfNeeded();
    await expect.poll(() => page.evaluate(() => (window as unknown as { views: number }).views)).toBe(1);
  });
});
