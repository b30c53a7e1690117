import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { CONSENT_ONLY, EMAIL_ONLY, QUICK_QUIZ, T, at, formPage, honeypot, openPaused, ownerEvents, type Lead } from './support/bot-checks.ts';
import { translatePage } from './support/browser-tools.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const EMAIL = 'erika.mustermann@example.com';
const LINK = `?email=${encodeURIComponent(EMAIL)}`;
/** A screen and a half of text: a widget after it is below the fold. */
const TALL = '<div style="height: 150vh">Lange Produktbeschreibung …</div>';
/** A person a little slower than the default minimum fill time (1.5 s). */
const HUMAN_MS = 1600;

/**
 * False positives of the bot checks, from the visitor's side: real people whose lead the default
 * settings (`data-leadflow-bots="drop"`, 1.5 s minimum fill time, the `website` honeypot) would
 * drop. Chromium with the built `dist/leadflow.js`; the page clock is paused (support/bot-checks.ts),
 * so "1.6 s after the form was first seen" is exact, whatever the machine's speed.
 */
describe.skipIf(!chromiumPath)('bot checks and real visitors in a real browser', () => {
  const suite = browserSuite(chromiumPath);

  const leads = () => suite.receiver.posts().filter((r) => r.path === '/webhook' && r.status === 200).map((r) => r.body as Lead);
  const submitted = (type = 'lead.submitted') => leads().filter((l) => l.type === type);
  /** The visit ended: the lead handed over (`submit`), or dropped as a bot's (`abandon`, `bot`). */
  const ended = (page: Page) => expect.poll(async () => (await ownerEvents(page)).some((e) => e.type === 'submit' || e.detail.bot === true)).toBe(true);
  const emailField = (page: Page) => page.getByRole('textbox', { name: 'E-Mail-Adresse' });
  const send = (page: Page) => page.getByRole('button', { name: 'Absenden' }).click();

  /** Waits `ms` of the visitor's time, presses Absenden and expects the lead to arrive, started at `seenAt`. */
  async function sendsAfter(page: Page, ms: number, seenAt: number): Promise<Lead> {
    await page.clock.runFor(ms);
    await send(page);
    await ended(page);
    await expect.poll(() => submitted().length, { timeout: 5000 }).toBe(1);
    const [lead] = submitted();
    expect(lead!.data.meta.suspectedBot).toBeUndefined();
    expect(lead!.data.meta.startedAt).toBe(at(seenAt));
    return lead!;
  }

  describe('the fill time counts from when a person first sees the form', () => {
    it('sends a prefilled e-mail confirmed 1.6 s after an inline form in view was shown', async () => {
      const { page } = await openPaused(suite, formPage(suite, '/prefill-inline.html', { flow: EMAIL_ONLY }) + LINK);
      await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
      const lead = await sendsAfter(page, HUMAN_MS, 0);
      expect(lead.data.contact.email).toBe(EMAIL);
    });

    it('starts the clock for an inline form below the fold when it is scrolled into view, not at page load', async () => {
      const url = formPage(suite, '/prefill-below.html', { flow: EMAIL_ONLY, before: TALL }) + LINK;
      const { page } = await openPaused(suite, url);
      await page.clock.runFor(30_000);
      await page.locator('#form').scrollIntoViewIfNeeded();
      await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
      await expect.poll(async () => (await ownerEvents(page)).some((e) => e.type === 'view')).toBe(true);
      await sendsAfter(page, HUMAN_MS, 30_000);
    });

    it('starts the clock for a popup when the visitor opens it, 30 s after load', async () => {
      const url = formPage(suite, '/prefill-popup.html', { flow: EMAIL_ONLY, attributes: { mode: 'popup' }, after: '<button data-leadflow-open="#form">Newsletter</button>' }) + LINK;
      const { page } = await openPaused(suite, url);
      await expect.poll(async () => (await ownerEvents(page)).some((e) => e.type === 'ready')).toBe(true);
      await page.clock.runFor(30_000);
      await page.getByRole('button', { name: 'Newsletter' }).click();
      // The dialog is shown on the next frame; the clock started with the click already.
      await page.clock.runFor(20);
      await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
      await sendsAfter(page, HUMAN_MS, 30_000);
    });

    it('starts the clock for a bubble when its panel is opened, not when its button appears', async () => {
      const url = formPage(suite, '/prefill-bubble.html', { flow: EMAIL_ONLY, attributes: { mode: 'bubble' } }) + LINK;
      const { page } = await openPaused(suite, url);
      const bubble = page.getByRole('button', { name: 'Newsletter abonnieren' });
      await bubble.waitFor();
      await page.clock.runFor(30_000);
      await bubble.click();
      await page.clock.runFor(20);
      await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
      await sendsAfter(page, HUMAN_MS, 30_000);
    });

    /** The quick quiz's first step tapped at 1 s (auto-advance moves on 350 ms later). */
    async function firstTap(page: Page): Promise<void> {
      await page.getByRole('radio', { name: 'Bis 10' }).waitFor();
      await page.clock.runFor(1000);
      await page.getByRole('radio', { name: 'Bis 10' }).click();
      await page.clock.runFor(400);
      await page.getByRole('radio', { name: 'Sofort' }).waitFor();
    }

    it('sends a one-tap-per-step quiz answered at a brisk human pace (auto-advance, prefilled e-mail)', async () => {
      const { page } = await openPaused(suite, formPage(suite, '/quiz.html', { flow: QUICK_QUIZ }) + LINK);
      await firstTap(page);
      await page.clock.runFor(500);
      await page.getByRole('radio', { name: 'Sofort' }).click();
      await page.clock.runFor(400);
      await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
      // 2.3 s from the first view to Absenden, 0.4 s of it on the last step.
      await sendsAfter(page, 0, 0);
    });

    it('counts the time before a reload: a visitor resumed at the last step and sending at once is sent', async () => {
      const { page } = await openPaused(suite, formPage(suite, '/quiz-reload.html', { flow: QUICK_QUIZ }) + LINK);
      await firstTap(page);
      await page.clock.runFor(5000);
      await page.getByRole('radio', { name: 'Sofort' }).click();
      await page.clock.runFor(400);
      await emailField(page).waitFor();
      await page.reload();
      await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
      await sendsAfter(page, 300, 0);
    });

    it('counts the time before a crash: a tab the browser restores a minute later, sent at once, is sent', async () => {
      const url = formPage(suite, '/quiz-crash.html', { flow: QUICK_QUIZ }) + LINK;
      const first = await openPaused(suite, url);
      await firstTap(first.page);
      const kept = await first.page.evaluate(() => JSON.stringify(sessionStorage));
      await first.page.close();
      // Session restore: a new tab at the same address with the crashed tab's sessionStorage.
      const restored = await first.context.newPage();
      await restored.addInitScript((saved: string) => {
        if (!sessionStorage.length) for (const [key, value] of Object.entries(JSON.parse(saved) as Record<string, string>)) sessionStorage.setItem(key, value);
      }, kept);
      await openPaused(suite, url, { ...first, page: restored }, 60_000);
      await restored.getByRole('radio', { name: 'Sofort' }).click();
      await restored.clock.runFor(400);
      await expect.poll(() => emailField(restored).inputValue()).toBe(EMAIL);
      await sendsAfter(restored, 300, 0);
    });

    // Was: a resumed visit's earlier fill time came from the wall clock alone
    // (`Date.now() - startedAt`, floored at 0): a device clock corrected back before the reload
    // made it 0, and a last step sent within 1.5 s of the reload was dropped as a bot's. The
    // time filled so far on the monotonic clock is saved with the progress now.
    it('counts the time before a reload also when the device clock was set back in between', async () => {
      const { page } = await openPaused(suite, formPage(suite, '/quiz-reload-clock.html', { flow: QUICK_QUIZ }) + LINK);
      await firstTap(page);
      await page.clock.runFor(20_000);
      await page.getByRole('radio', { name: 'Sofort' }).click();
      await page.clock.runFor(400);
      await emailField(page).waitFor();
      await page.clock.setSystemTime(T - 3600_000);
      await page.reload();
      await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
      await page.clock.runFor(300);
      await send(page);
      await ended(page);
      // Not dropped: no `abandon` marked `bot` ended the visit, and the lead arrives.
      expect((await ownerEvents(page)).filter((e) => e.detail.bot === true)).toEqual([]);
      await expect.poll(() => submitted().length, { timeout: 5000 }).toBe(1);
    });

    it('keeps the clock of a half-filled form restored from the back/forward cache, and sends it at once', async () => {
      const browser = await launchBrowser(chromiumPath, [], { backForwardCache: true });
      try {
        const context = await browser.newContext({ locale: 'de-DE' });
        const page = await context.newPage();
        const url = formPage(suite, '/quiz-bfcache.html', { flow: QUICK_QUIZ, headers: { 'cache-control': 'no-cache' } }) + LINK;
        const elsewhere = suite.site.page('/elsewhere.html', '<!doctype html><title>Preise</title><p>Preise</p>');
        await page.addInitScript(() => addEventListener('pageshow', (e) => Object.assign(window, { __restored: e.persisted })));
        await openPaused(suite, url, { context, page, console: [], pageErrors: [] });
        await firstTap(page);
        await page.clock.runFor(3000);
        await page.goto(elsewhere);
        await page.goBack({ waitUntil: 'commit' });
        await expect.poll(() => page.evaluate(() => (window as unknown as { __restored?: boolean }).__restored)).toBe(true);
        await page.getByRole('radio', { name: 'Sofort' }).click();
        await page.clock.runFor(400);
        await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
        await sendsAfter(page, 300, 0);
      } finally {
        await browser.close();
      }
    });

    it('gives a second lead on the same page (the form mounted again after the first) its own clock, and sends it', async () => {
      const { page } = await openPaused(suite, formPage(suite, '/consent-again.html', { flow: CONSENT_ONLY }));
      const consent = page.getByRole('checkbox', { name: 'Ja, bitte rufen Sie mich zurück.' });
      await consent.waitFor();
      await page.clock.runFor(3000);
      await consent.check();
      await send(page);
      await page.getByRole('heading', { name: 'Wir rufen Sie an' }).waitFor();
      await expect.poll(() => submitted().length, { timeout: 5000 }).toBe(1);
      // The page starts the form again for a colleague 10 s later: the same element, mounted again.
      await page.clock.runFor(10_000);
      await page.evaluate((webhook) => {
        const { LeadFlow } = window as unknown as { LeadFlow: { mount(el: Element, options: object): unknown } };
        LeadFlow.mount(document.querySelector('#form')!, { flow: '#flow', webhook, locale: 'de' });
      }, suite.receiver.url);
      await consent.waitFor();
      // The new form's clock starts when it is seen (an observer's callback, real time, not the
      // page clock's): on a busy machine it came after the 1.6 s and the lead was dropped as fast.
      await expect.poll(async () => (await ownerEvents(page)).filter((e) => e.type === 'view').length).toBe(2);
      await page.clock.runFor(HUMAN_MS);
      await consent.check();
      await send(page);
      await expect.poll(() => submitted().length, { timeout: 5000 }).toBe(2);
      const second = submitted()[1]!;
      expect(second.data.meta.suspectedBot).toBeUndefined();
      expect(second.data.meta.startedAt).toBe(at(13_000));
      expect(second.data.id).not.toBe(submitted()[0]!.data.id);
    });

    // Its `lead.partial`, sent 0.9 s after the first view, is dropped as too fast (the same
    // minimum applies to a partial): a judgement call, see the report; the final lead must come.
    it('sends the final lead of a visitor who confirmed a prefilled e-mail first step at once (partial leads on)', async () => {
      const flow = { ...QUICK_QUIZ, id: 'email-first', partialLeads: true, steps: [QUICK_QUIZ.steps[2], ...QUICK_QUIZ.steps.filter((s) => s.id !== 'email')] };
      const { page } = await openPaused(suite, formPage(suite, '/email-first.html', { flow }) + LINK);
      await expect.poll(() => emailField(page).inputValue()).toBe(EMAIL);
      await page.clock.runFor(900);
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.clock.runFor(2000);
      await page.getByRole('radio', { name: 'Bis 10' }).click();
      await page.clock.runFor(400);
      await page.clock.runFor(2000);
      await page.getByRole('radio', { name: 'Sofort' }).click();
      await send(page);
      await ended(page);
      await expect.poll(() => submitted().length, { timeout: 5000 }).toBe(1);
      expect(submitted()[0]!.data.contact.email).toBe(EMAIL);
    });
  });

  describe('the honeypot and the people it must never catch', () => {
    /** The contact step of the quick quiz straight away, with a name field too. */
    const CONTACT_FIRST = {
      id: 'contact-first',
      version: 1,
      locales: ['de'],
      steps: [
        { id: 'contact', type: 'contact', title: 'Wie erreichen wir Sie?', fields: [{ id: 'name', kind: 'name' }, { id: 'email', kind: 'email' }] },
        { id: 'ok', type: 'consent', title: 'Fast geschafft', label: 'Ich bin einverstanden.' },
        { id: 'end', type: 'end', title: 'Danke' },
      ],
    };

    const inWidget = (page: Page) =>
      page.evaluate(() => {
        const active = document.querySelector('#form')!.shadowRoot!.activeElement as HTMLElement | null;
        return active ? `${active.localName}${active.getAttribute('name') ? `[name=${active.getAttribute('name')}]` : ''}` : 'outside';
      });

    it('is never reached by Tab or Shift+Tab, around the whole form and back', async () => {
      const { page } = await openPaused(suite, formPage(suite, '/trap-keyboard.html', { flow: CONTACT_FIRST, after: '<a href="#after">Impressum</a>' }));
      await page.getByLabel('Name', { exact: true }).focus();
      const visited: string[] = [];
      for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
        await page.keyboard.press(key);
        visited.push(await inWidget(page));
      }
      expect(visited).not.toContain('input[name=website]');
      expect(visited).toContain('button');
      expect(visited).toContain('outside');
    });

    it("is out of Chromium's accessibility tree, so a screen reader's virtual cursor never lands in it", async () => {
      const { page } = await openPaused(suite, formPage(suite, '/trap-a11y.html', { flow: CONTACT_FIRST }));
      await page.getByLabel('Name', { exact: true }).waitFor();
      const cdp = await page.context().newCDPSession(page);
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string } }> };
      const textboxes = nodes.filter((n) => !n.ignored && n.role?.value === 'textbox').map((n) => n.name?.value);
      expect(textboxes).toEqual(['Name', 'E-Mail-Adresse']);
      expect(await page.locator('#form').ariaSnapshot()).not.toMatch(/website/i);
    });

    it('cannot be clicked or tapped into: what sits at its place is something else', async () => {
      const { page } = await openPaused(suite, formPage(suite, '/trap-click.html', { flow: CONTACT_FIRST }));
      await page.getByLabel('Name', { exact: true }).waitFor();
      const box = (await honeypot(page).boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      expect(await inWidget(page)).not.toBe('input[name=website]');
    });

    it("sends the lead of a visitor who had the page translated, typed, pasted and sent at a human pace", async () => {
      const { page } = await openPaused(suite, formPage(suite, '/trap-translated.html', { flow: CONTACT_FIRST }));
      await page.getByLabel('Name', { exact: true }).waitFor();
      expect(await translatePage(page)).toBeGreaterThan(3);
      await page.getByRole('textbox', { name: 'EN: Name' }).pressSequentially('Erika');
      await page.getByRole('textbox', { name: 'EN: E-Mail-Adresse' }).focus();
      await page.keyboard.insertText(EMAIL);
      await page.clock.runFor(4000);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
      await page.getByRole('button', { name: 'Submit' }).click();
      await expect.poll(() => submitted().length, { timeout: 5000 }).toBe(1);
      expect(submitted()[0]!.data.contact).toEqual({ name: 'Erika', email: EMAIL });
    });
  });

  describe('what the site owner learns about a dropped lead', () => {
    it('tells the page only through an `abandon` marked `bot`: no submit, no qualified, nothing in the console, no lead', async () => {
      const session = await openPaused(suite, formPage(suite, '/owner-view.html', { flow: CONSENT_ONLY }));
      const { page } = session;
      const consent = page.getByRole('checkbox', { name: 'Ja, bitte rufen Sie mich zurück.' });
      await consent.waitFor();
      // A form-filling extension that fills every input it finds, the honeypot too.
      await page.evaluate(() => {
        for (const input of document.querySelector('#form')!.shadowRoot!.querySelectorAll<HTMLInputElement>('input:not([type=checkbox])')) {
          input.value = 'https://nordlicht.example';
          input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }));
        }
      });
      await page.clock.runFor(5000);
      await consent.check();
      await send(page);
      await page.getByRole('heading', { name: 'Wir rufen Sie an' }).waitFor();
      await ended(page);
      const events = await ownerEvents(page);
      expect(events.map((e) => e.type)).not.toContain('submit');
      expect(events.map((e) => e.type)).not.toContain('qualified');
      const [dropped] = events.filter((e) => e.type === 'abandon');
      expect({ bot: dropped?.detail.bot, stepId: dropped?.detail.stepId }).toEqual({ bot: true, stepId: 'end' });
      expect(session.console.filter((m) => /bot|honeypot|dropp/i.test(m.text))).toEqual([]);
      expect(suite.receiver.posts()).toEqual([]);
    });
  });
});
