import { describe, expect, inject, it } from 'vitest';
import { SCRIPT_TAG, demoFlowJson, widgetElement } from './support/embed-pages.ts';
import { STUDENT, inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const STUDENT_END = 'Danke, dass Sie vorbeischauen!';

describe.skipIf(!chromiumPath)('review of 35dddbd..HEAD, in Chromium', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });

  // Was (a review of this stop's own change): the request-level `referrerPolicy: 'strict-origin'`
  // overrode a stricter page policy (`no-referrer`, or `same-origin` with the webhook on another
  // origin): such a page had its origin sent with every lead and funnel batch. The widget's
  // requests send no referrer at all now, which no page policy is stricter than.
  it('sends no Referer with a lead or a funnel batch from a page whose policy is no-referrer', async () => {
    const flow = demoFlowJson();
    const element = widgetElement({ '': '#flow', webhook: suite.receiver.url, analytics: `${suite.receiver.origin}/analytics`, locale: 'de', 'min-fill-ms': 0, lazy: 'false' });
    const url = suite.site.page('/no-referrer.html', landingPage(inlineFlow('flow', flow) + element + SCRIPT_TAG), { 'referrer-policy': 'no-referrer' });
    const { page } = await suite.sessions.open();
    await page.goto(url + '?utm_source=newsletter');
    await page.getByRole('radio', { name: STUDENT }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: STUDENT_END }).waitFor();
    await expect.poll(() => suite.receiver.posts().filter((r) => r.path === '/webhook' && r.status === 200).length, { timeout: 5000 }).toBe(1);
    const sent = suite.receiver.requests.filter((request) => request.method === 'POST');
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) expect(request.headers.referer, request.path).toBeUndefined();
  });

  /** A contact step asking for a phone number (the field the change normalises as it is typed), then an ending. */
  async function phonePage(path: string) {
    const flow = {
      id: 'phone-review',
      version: 1,
      steps: [
        { id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'phone', kind: 'phone', label: 'Telefon' }] },
        { id: 'done', type: 'end', title: 'Danke' },
      ],
    };
    const element = widgetElement({ '': '#flow', webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, lazy: 'false' });
    const { page } = await suite.sessions.open();
    await page.goto(suite.site.page(path, landingPage(inlineFlow('flow', flow) + element + SCRIPT_TAG)));
    const field = page.getByRole('textbox', { name: 'Telefon' });
    await field.waitFor();
    return { page, field };
  }

  // Was: the contact step's fields showed the cleaned answer: a keystroke the cleaning changes (a
  // Persian or Arabic digit, a direction mark, a dash) rewrote the input's value, and the browser
  // put the caret at the end, so a Persian-keyboard visitor correcting a digit in the middle of
  // their number got the rest typed at the end. The field shows what was typed now (the answer
  // is cleaned: the lead gets 0–9).
  it('keeps the caret where the visitor types a Persian digit into the middle of a phone number', async () => {
    const { page, field } = await phonePage('/phone-caret.html');
    await field.click();
    await page.keyboard.type('+49 30 555');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft'); // after "+49 "
    await page.keyboard.insertText('۱'); // Persian 1
    await page.keyboard.insertText('۲'); // Persian 2
    await expect.poll(() => field.inputValue()).toBe('+49 ۱۲30 555');
  });

  // Was: the same during IME composition: a Japanese or Chinese IME in full-width mode composes
  // "０３０"; each composition update fires `input`, the widget wrote the folded "0…" back into
  // the field mid-composition, which ended the composition, and the IME's commit landed beside
  // it: the number came out with digits doubled.
  it('takes a phone number composed with a full-width IME as typed, digits not doubled', async () => {
    const { page, field } = await phonePage('/phone-ime.html');
    await field.click();
    const cdp = await page.context().newCDPSession(page);
    let composed = '';
    for (const digit of '０３０') {
      composed += digit;
      await cdp.send('Input.imeSetComposition', { text: composed, selectionStart: composed.length, selectionEnd: composed.length });
    }
    await cdp.send('Input.insertText', { text: composed });
    await page.keyboard.press('Tab');
    expect(await field.inputValue()).toMatch(/^(030|０３０)$/);
  });
});
