import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { a11yPage, DE, OPENER, type FlowJson, type PageOptions, type StepJson } from './support/a11y-pages.ts';
import { browserSuite } from './support/suite.ts';
import { corsHeaders, readBody } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/** One lead POST as it reached the receiver. */
interface LeadPost {
  id: string;
  type: string;
  webhookId: string | undefined;
}

/**
 * A lead receiver on 127.0.0.1 whose answers a test can hold back (a slow CRM) until it
 * releases them: the timing is the test's, not a delay's. Every POST is recorded on arrival.
 */
async function startHeldReceiver() {
  const posts: LeadPost[] = [];
  let held: Promise<void> | undefined;
  let release = () => {};
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (req.method === 'OPTIONS') return res.writeHead(204, corsHeaders(req)).end();
      const body = JSON.parse(raw) as { type: string; data: { id: string } };
      posts.push({ id: body.data.id, type: body.type, webhookId: req.headers['webhook-id'] as string | undefined });
      if (held) await held;
      if (!res.destroyed) res.writeHead(200, corsHeaders(req)).end();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/webhook`,
    posts,
    /** Answers no POST until `release()`. */
    hold() {
      held = new Promise<void>((resolve) => (release = resolve));
    },
    release() {
      release();
      held = undefined;
    },
    reset() {
      this.release();
      posts.length = 0;
    },
    close() {
      release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const ROLE: StepJson = {
  id: 'role',
  type: 'single_choice',
  title: 'Welche Rolle haben Sie?',
  options: [
    { id: 'decide', label: 'Ich entscheide' },
    { id: 'recommend', label: 'Ich empfehle' },
  ],
};
const SUMMARY: StepJson = { id: 'summary', type: 'statement', title: 'Fast geschafft', description: 'Mit „Absenden“ schicken Sie uns Ihre Anfrage.' };
const PROJECT: StepJson = { id: 'project', type: 'short_text', title: 'Wie heißt Ihr Projekt?' };
const END: StepJson = { id: 'end', type: 'end', title: 'Danke für Ihre Anfrage!' };

const flowOf = (steps: StepJson[], extra: Partial<FlowJson> = {}): FlowJson => ({
  id: 'races',
  version: 1,
  title: 'Projektanfrage',
  locales: ['de'],
  webhook: '/webhook',
  steps: [...steps, END],
  ...extra,
});

/** How long a chosen option waits before it moves on (src/ui/questions/choice-question.tsx AUTO_ADVANCE_MS). */
const AUTO_ADVANCE_MS = 350;

/**
 * Rapid input, input while a step is being left, and visitor actions while the lead is on its
 * way, driven as a keyboard or pointer user would, against the built dist/leadflow.js. Double
 * taps and clicks are in phone-edges.test.ts and stop-review-4.test.ts; a reload during a slow
 * webhook in lifecycle-edges.test.ts.
 */
describe.skipIf(!chromiumPath)('races and timing in the visitor UI, in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  let receiver: Awaited<ReturnType<typeof startHeldReceiver>>;
  beforeAll(async () => {
    receiver = await startHeldReceiver();
  });
  afterEach(() => receiver.reset());
  afterAll(() => receiver?.close());

  let pages = 0;
  /** A page with one widget, recording the widget's events (`leadflow:*`) by type. */
  async function openWidget(options: Partial<PageOptions> & { flow: FlowJson | string }, html = (page: string) => page): Promise<Page> {
    const { page } = await sessions.open();
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { __races: seen });
      for (const name of ['ready', 'step', 'submit', 'close', 'delivered', 'view', 'error']) document.addEventListener(`leadflow:${name}`, () => seen.push(name));
    });
    await page.goto(suite.site.page(`/races-${++pages}.html`, html(a11yPage({ webhook: receiver.url, ...options }))));
    return page;
  }
  const events = (page: Page, type: string) => page.evaluate((t) => (window as unknown as { __races: string[] }).__races.filter((e) => e === t).length, type);
  const heading = (page: Page) => page.locator('[data-leadflow] h2');
  const headingText = async (page: Page) => (await heading(page).textContent())?.trim();
  /** Waits in the page: its timers set before this one (the widget's auto-advance) have run by then. */
  const afterPageTimers = (page: Page, ms: number) => page.evaluate((wait) => new Promise((resolve) => setTimeout(resolve, wait)), ms);

  /**
   * Presses Enter `times` times while the page is busy for a moment (a slow phone, or a fast
   * double press): every key event waits in the renderer's input queue and they are handled one
   * after the other, with no frame in between.
   */
  async function enterBurst(page: Page, times: number): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
    // The page busy for a moment (a slow phone): the key events wait in its input queue.
    const busy = page.evaluate(() => {
      const until = performance.now() + 400;
      while (performance.now() < until);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sent: Array<Promise<unknown>> = [];
    for (let i = 0; i < times; i++) sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', text: '\r', ...key }), cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key }));
    await Promise.all([busy, ...sent]);
    await cdp.detach();
  }

  /** Single clicks (click count 1 each) on the centres of `targets`, all queued at once. */
  async function clickBurst(page: Page, targets: Array<ReturnType<Page['getByRole']>>): Promise<void> {
    const boxes = await Promise.all(targets.map(async (target) => (await target.boundingBox())!));
    const cdp = await page.context().newCDPSession(page);
    const sent: Array<Promise<unknown>> = [];
    for (const box of boxes) {
      const at = { x: box.x + box.width / 2, y: box.y + box.height / 2, button: 'left' as const, clickCount: 1 };
      sent.push(cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at }), cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at }));
    }
    await Promise.all(sent);
    await cdp.detach();
  }

  describe('rapid and overlapping input', () => {
    // Was: a keyboard user who presses Enter twice on "Weiter" (a quick double press, or one
    // press of a visitor on a busy phone, where the next frame comes late) passes the next step
    // unseen: here the "Fast geschafft" summary, whose Next is "Absenden" — the second Enter
    // sends the lead before the visitor read the step (on a required step instead, its errors
    // show before the visitor saw it). A double click or tap moves one step (phone-edges,
    // stop-review-4), the keyboard does not. Cause: src/ui/widget.tsx `Widget`: the Next
    // button is outside the keyed step view, so it keeps focus after the step changes, and
    // focus moves to the new heading only in a `useEffect` (after the next paint); `repeats()`
    // only guards clicks with `detail > 1`, and keyboard clicks have detail 0. Fixed: focus moves
    // to the new heading in a `useLayoutEffect` (right after the render, before the next key
    // event is handled).
    it('Enter pressed twice on Next moves one step: the summary before Absenden is shown, no lead sent', async () => {
      const page = await openWidget({ flow: flowOf([ROLE, SUMMARY]) });
      await page.getByRole('radio', { name: 'Ich entscheide' }).check();
      await page.getByRole('button', { name: DE.next }).focus();
      await enterBurst(page, 2);
      await heading(page).filter({ hasText: /Fast geschafft|Danke/ }).waitFor();
      // Two tasks more: a second step change would have rendered by then.
      await afterPageTimers(page, 50);
      expect(await headingText(page), 'the step after the one Enter was pressed on').toBe('Fast geschafft');
      expect(await events(page, 'submit'), 'leads sent').toBe(0);
    });

    // Was: with auto-advance on, a visitor who clicks an option and corrects it at once to
    // "Sonstiges" (an `other` option, whose text must come first) is carried on to the next step
    // while typing that text: the rest of what they type goes nowhere, and the lead holds the
    // first letters only. Cause: src/ui/questions/choice-question.tsx `ChoiceQuestion`, the
    // radio's onClick: a click on an `other` option schedules no advance but does not cancel the
    // one the earlier click scheduled (`clearTimeout(advance.current)` runs only inside the
    // `!option.other` branch). Fixed: every click clears the pending advance (arrow keys
    // click too), and only a single click on an option that is not `other` schedules a new one.
    it('auto-advance: an option corrected at once to "Sonstiges" waits for its text, the visitor is not carried on while typing', async () => {
      const role = { ...ROLE, options: [...ROLE.options!, { id: 'other', label: 'Sonstiges', other: true }] } as StepJson;
      const page = await openWidget({ flow: flowOf([role, SUMMARY], { autoAdvance: true }) });
      await heading(page).filter({ hasText: ROLE.title as string }).waitFor();
      await clickBurst(page, [page.getByRole('radio', { name: 'Ich entscheide' }), page.getByRole('radio', { name: 'Sonstiges' })]);
      await expect.poll(() => page.getByRole('radio', { name: 'Sonstiges' }).isChecked()).toBe(true);
      await page.getByRole('textbox', { name: 'Sonstiges' }).pressSequentially('Ber');
      // Past the moment the first click's advance was due.
      await afterPageTimers(page, AUTO_ADVANCE_MS + 100);
      await page.keyboard.type('ater');
      expect(await headingText(page), 'the step the visitor is typing on').toBe(ROLE.title);
      expect(await page.getByRole('textbox', { name: 'Sonstiges' }).inputValue()).toBe('Berater');
    });

    it('auto-advance: an option chosen and Back pressed before it moves on stays on the step gone back to', async () => {
      const hello: StepJson = { id: 'hello', type: 'statement', title: 'Hallo' };
      const page = await openWidget({ flow: flowOf([hello, ROLE, PROJECT], { autoAdvance: true }) });
      await page.getByRole('button', { name: DE.next }).click();
      await heading(page).filter({ hasText: ROLE.title as string }).waitFor();
      await clickBurst(page, [page.getByRole('radio', { name: 'Ich empfehle' }), page.getByRole('button', { name: DE.back })]);
      await heading(page).filter({ hasText: 'Hallo' }).waitFor();
      await afterPageTimers(page, AUTO_ADVANCE_MS + 100);
      expect(await headingText(page)).toBe('Hallo');
      // Forward again: the answer is kept, and this showing moves on only when asked.
      await page.getByRole('button', { name: DE.next }).click();
      await heading(page).filter({ hasText: ROLE.title as string }).waitFor();
      expect(await page.getByRole('radio', { name: 'Ich empfehle' }).isChecked()).toBe(true);
      await afterPageTimers(page, AUTO_ADVANCE_MS + 100);
      expect(await headingText(page)).toBe(ROLE.title);
    });

    it('Enter pressed three times on Absenden sends one lead, under one id, and shows the ending', async () => {
      const page = await openWidget({ flow: flowOf([ROLE]) });
      await page.getByRole('radio', { name: 'Ich entscheide' }).check();
      await page.getByRole('button', { name: DE.submit }).focus();
      await enterBurst(page, 3);
      await page.getByRole('heading', { name: END.title as string }).waitFor();
      await expect.poll(() => events(page, 'delivered')).toBe(1);
      expect(await events(page, 'submit')).toBe(1);
      expect(receiver.posts).toHaveLength(1);
      expect(receiver.posts[0]!.webhookId).toBe(receiver.posts[0]!.id);
    });
  });

  describe('while the lead is on its way to a slow webhook', () => {
    for (const [what, act] of [
      ['closed with Escape', (page: Page) => page.keyboard.press('Escape')],
      ['closed with its close button', (page: Page) => page.getByRole('button', { name: DE.close }).click()],
      ['unmounted', (page: Page) => page.evaluate(() => (window as unknown as { LeadFlow: { unmount(t: string): void } }).LeadFlow.unmount('[data-leadflow]'))],
    ] as const)
      it(`a popup ${what} while its lead is sent: the lead arrives once, delivered, nothing left stored`, async () => {
        const page = await openWidget({ flow: flowOf([ROLE]), mode: 'popup' });
        await page.getByRole('button', { name: OPENER }).click();
        await page.getByRole('radio', { name: 'Ich entscheide' }).check();
        receiver.hold();
        await page.getByRole('button', { name: DE.submit }).click();
        await page.getByRole('dialog').getByRole('heading', { name: END.title as string }).waitFor();
        await expect.poll(() => receiver.posts.length).toBe(1);
        await act(page);
        await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
        receiver.release();
        await expect.poll(() => events(page, 'delivered')).toBe(1);
        await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('leadflow:outbox:')))).toEqual([]);
        expect(receiver.posts.map((p) => p.type)).toEqual(['lead.submitted']);
        expect(receiver.posts[0]!.webhookId).toBe(receiver.posts[0]!.id);
      });
  });

  describe('popups opened and closed quickly', () => {
    it('opened, closed and opened twice in one task while its flow loads: one open dialog, focus on the question once it comes, one view', async () => {
      suite.site.route('/races-slow-flow.json', { body: JSON.stringify(flowOf([ROLE, PROJECT])), contentType: 'application/json', delayMs: 400 });
      const page = await openWidget({ flow: '/races-slow-flow.json', mode: 'popup' });
      await page.waitForFunction(() => 'LeadFlow' in window);
      await page.evaluate(() => {
        const api = (window as unknown as { LeadFlow: { open(): void; close(): void } }).LeadFlow;
        api.open();
        api.close();
        api.open();
        api.open();
      });
      await page.getByRole('dialog').getByRole('heading', { name: ROLE.title as string }).waitFor();
      expect(await page.locator('dialog[open]').count()).toBe(1);
      await expect.poll(() => heading(page).evaluate((h) => h.getRootNode() instanceof ShadowRoot && (h.getRootNode() as ShadowRoot).activeElement === h)).toBe(true);
      await expect.poll(() => events(page, 'view')).toBe(1);
      expect(await events(page, 'close')).toBe(1);
      // Still a working form.
      await page.getByRole('radio', { name: 'Ich entscheide' }).check();
      await page.getByRole('button', { name: DE.next }).click();
      await page.getByRole('heading', { name: PROJECT.title as string }).waitFor();
    });
  });
});
