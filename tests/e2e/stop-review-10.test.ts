/**
 * Stop review 10, in Chromium against dist/leadflow.js: the accent-coloured text on a dark
 * background (`--lf-ink`, src/embed/start-widget.tsx `applyTheme`) and the keepalive budget
 * (src/delivery/send-webhook.ts `postBody`) beside the page's own keepalive traffic.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { a11yPage, everyQuestionFlow, type FlowJson } from './support/a11y-pages.ts';
import { sleep, until } from './support/browser.ts';
import { landingPage, snippet } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';
import { contrast } from './support/visual-adaptability.ts';
import { corsHeaders, readBody } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');
const OUTBOX_PREFIX = 'leadflow:outbox:lead:';
const DAY_MS = 24 * 3600 * 1000;

const fixture = everyQuestionFlow();
const BG = [29, 33, 48] as const; // #1d2130

describe.skipIf(!chromiumPath)('stop review 10 (Chromium, dist/leadflow.js)', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  /** An inline form of the fixture with `theme`, on its second step (so Back shows). */
  async function secondStep(theme: Record<string, string>): Promise<Page> {
    const { page } = await suite.sessions.open({ viewport: { width: 480, height: 800 } });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const flow: FlowJson = { ...fixture, theme } as FlowJson;
    await page.goto(suite.site.page(`/review10-${++pages}.html`, a11yPage({ flow, webhook: suite.receiver.url })));
    await page.locator('[data-leadflow] h2').waitFor();
    // Dark native controls: the widget has read its colours.
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('.lf-root')!).colorScheme)).toBe('dark');
    const title = await page.locator('[data-leadflow] h2').textContent();
    await page.locator('[data-leadflow] .lf-option input').first().check();
    const text = page.locator('[data-leadflow] .lf-option input[type="text"]');
    if (await text.count()) await text.first().fill('Einkauf');
    await page.locator('[data-leadflow] button[type="submit"]').click();
    await expect.poll(() => page.locator('[data-leadflow] h2').textContent()).not.toBe(title);
    await page.locator('[data-leadflow] .lf-back').waitFor();
    return page;
  }

  /** A computed colour (rgb(), color(srgb …), color-mix) as 0–255 sRGB, painted on a canvas. */
  const rgbOf = (page: Page, selector: string, property: 'color' | 'outlineColor', active = false) =>
    page.evaluate(
      ({ selector, property, active }) => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        const el = active ? root.activeElement! : root.querySelector(selector)!;
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        const g = canvas.getContext('2d')!;
        g.fillStyle = getComputedStyle(el)[property];
        g.fillRect(0, 0, 1, 1);
        return [...g.getImageData(0, 0, 1, 1).data.slice(0, 3)];
      },
      { selector, property, active },
    );

  it('dark background, default accent: Back reads 4.5:1 or more (the mixed ink)', async () => {
    const page = await secondStep({ background: '#1d2130', text: '#f4f5f7' });
    const back = await rgbOf(page, '.lf-back', 'color');
    expect(contrast(back, BG)).toBeGreaterThanOrEqual(4.5);
  });

  // Was: a site owner whose dark theme sets a brand colour with ample contrast (#7aa2ff, 6:1 on
  // #1d2130, the docs' own dark example) sees Back and the slider's − / + in a washed-out blend
  // of it with the text colour, not the brand colour every other accent (focus rings, the checked
  // option, the progress bar) shows. Cause: src/embed/start-widget.tsx `applyTheme` sets
  // `--lf-ink: color-mix(accent, text)` on every dark background, whatever the accent's contrast.
  // Fixed: applyTheme works out the accent's contrast on the background and sets --lf-ink only
  // when it is under 4.5:1.
  it('dark theme with a brand primary of 6:1: Back keeps the brand colour', async () => {
    const page = await secondStep({ background: '#1d2130', text: '#f4f5f7', primary: '#7aa2ff' });
    expect(contrast([122, 162, 255], BG)).toBeGreaterThan(4.5);
    expect(await rgbOf(page, '.lf-back', 'color')).toEqual([122, 162, 255]);
  });

  // Was: on a dark background with the default accent (a page or flow that sets only the
  // background and text), keyboard users get focus rings (and the checked option's frame, the
  // progress bar) in #2f5bea: 2.9:1 on #1d2130, under the 3:1 of WCAG 1.4.11 / 2.4.13 — the very
  // contrast the change fixed for Back's text is left for every ring. Cause: src/ui/styles.css
  // `:focus-visible { outline: 3px solid var(--lf-accent) }` and src/embed/start-widget.tsx
  // `applyTheme`, which mixes muted/border/ink for a dark background but not the accent of rings.
  // Fixed: outlines, `.lf-option:has(:checked)` and `.lf-progress-fill` use
  // `var(--lf-ink, var(--lf-accent))`.
  it('dark background, default accent: a keyboard focus ring has 3:1 against the background', async () => {
    const page = await secondStep({ background: '#1d2130', text: '#f4f5f7' });
    await page.locator('[data-leadflow] h2').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.querySelector('[data-leadflow]')!.shadowRoot!.activeElement?.matches(':focus-visible') ?? false)).toBe(true);
    const ring = await rgbOf(page, '', 'outlineColor', true);
    expect(contrast(ring, BG)).toBeGreaterThanOrEqual(3);
  });

  describe("beside the page's own keepalive traffic", () => {
    let server: Server;
    let origin = '';
    const hits: Array<{ path: string; id: string }> = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        void (async () => {
          const raw = await readBody(req);
          if (req.method === 'OPTIONS') return res.writeHead(204, corsHeaders(req)).end();
          let id = '';
          try {
            id = (JSON.parse(raw) as { data?: { id?: string } }).data?.id ?? '';
          } catch {
            // the page's own beacon
          }
          hits.push({ path: req.url ?? '/', id });
          if (req.url === '/slow') await sleep(4_000);
          res.writeHead(200, corsHeaders(req)).end();
        })().catch(() => res.destroy());
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server?.closeAllConnections();
      return new Promise<void>((resolve) => server?.close(() => resolve()));
    });

    // Was: a lead resumed on its last try (a visitor offline for a week) while the page's own
    // analytics has a keepalive request out (40 KB: a session-replay or analytics flush on load)
    // is refused by Chromium (64 KiB shared by the page), taken as a network failure and dropped
    // as lead_expired: the site owner never gets it, although it was never put on the wire.
    // Cause: src/delivery/send-webhook.ts `postBody` counts only LeadFlow's own keepalive bytes
    // (the page's, and another LeadFlow bundle's, are unknown to it), and a refusal still looks
    // like a NetworkError to src/delivery/outbox.ts `send` (entry.last → removed).
    // Fixed: a last try is sent without keepalive (src/delivery/outbox.ts `send`): it is made by
    // an open page resuming leads, which needs none.
    it('a lead on its last try still arrives when the page has 40 KB of keepalive traffic of its own out', async () => {
      hits.length = 0;
      const { page } = await suite.sessions.open();
      const webhook = `${origin}/webhook`;
      const pageScript = `<script>fetch(${JSON.stringify(`${origin}/slow`)}, { method: 'POST', mode: 'no-cors', keepalive: true, body: 'p'.repeat(40000) });</script>`;
      const pageUrl = suite.site.page('/review10-keepalive.html', landingPage(pageScript + snippet({ flow: '/flows/saas-bant.json', webhook })));
      await page.goto(suite.site.page('/review10-seed.html', landingPage('')));
      const weekAgo = Date.now() - 8 * DAY_MS;
      const big = 'n'.repeat(14_000);
      const entry = {
        url: webhook,
        mode: 'cors',
        envelope: {
          type: 'lead.submitted',
          timestamp: new Date(weekAgo).toISOString(),
          data: {
            id: 'last-try-lead',
            flow: { id: 'saas-bant', version: 1 },
            locale: 'de',
            answers: { notes: { value: big, label: big } },
            contact: { email: 'anna@example.com' },
            score: { total: 50, tier: 'warm' },
            attribution: {},
            hidden: {},
            meta: { page: pageUrl },
          },
        },
        createdAt: weekAgo,
        attempts: 0,
        nextAt: weekAgo,
      };
      await page.evaluate(({ key, entry }) => localStorage.setItem(key, JSON.stringify(entry)), { key: `${OUTBOX_PREFIX}last-try-lead|${webhook}`, entry });
      await page.goto(pageUrl);
      const stored = () => page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).length, OUTBOX_PREFIX);
      // Settled: sent and answered, or dropped.
      await until(async () => (await stored()) === 0, 8_000);
      expect(hits.filter((h) => h.path === '/slow')).toHaveLength(1);
      expect(hits.filter((h) => h.path === '/webhook').map((h) => h.id)).toEqual(['last-try-lead']);
    });
  });
});
