import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { a11yPage, type FlowJson } from './support/a11y-pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const CONTACT_FLOW: FlowJson = {
  id: 'autofill',
  version: 1,
  title: 'Projektanfrage',
  locales: ['de'],
  steps: [
    {
      id: 'contact',
      type: 'contact',
      title: 'Wie erreichen wir Sie?',
      fields: [
        { id: 'first', kind: 'first_name', label: 'Vorname' },
        { id: 'last', kind: 'last_name', label: 'Nachname' },
        { id: 'email', kind: 'email', label: 'E-Mail' },
        { id: 'phone', kind: 'phone', label: 'Telefon' },
        { id: 'company', kind: 'company', label: 'Firma' },
        // Chrome keeps no job title in an address: this one stays for the visitor.
        { id: 'job', kind: 'job_title', label: 'Position', required: false },
      ],
    },
    { id: 'end', type: 'end', title: 'Danke' },
  ],
};

/** A saved address as Chrome's autofill holds it (its field types), for `Autofill.trigger`. */
const ADDRESS = {
  fields: [
    { name: 'NAME_FULL', value: 'Erika Mustermann' },
    { name: 'NAME_FIRST', value: 'Erika' },
    { name: 'NAME_LAST', value: 'Mustermann' },
    { name: 'EMAIL_ADDRESS', value: 'erika.mustermann@nordlicht.example' },
    { name: 'PHONE_HOME_WHOLE_NUMBER', value: '+49301234567' },
    { name: 'COMPANY_NAME', value: 'Nordlicht GmbH' },
    { name: 'ADDRESS_HOME_COUNTRY', value: 'DE' },
  ],
};

/**
 * The visitor's browser autofill and pastes, in real Chromium against the built dist/leadflow.js:
 * Chrome's own autofill (the DevTools protocol's `Autofill.trigger` runs the same filling as
 * picking a saved address from the drop-down: Chrome's field-type predictions, its events, every
 * field of the form at once, hidden ones left alone as Chrome decides), and pasted text. The
 * attributes each field carries are in tests/ui/phone-keyboards-edges.test.tsx.
 */
describe.skipIf(!chromiumPath)('browser autofill and pastes, in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  let pages = 0;

  /** One widget on the contact step, bots flagged (not dropped) so a filled honeypot shows in the lead. */
  async function openContactStep(): Promise<Page> {
    const { page } = await suite.sessions.open();
    const html = a11yPage({ flow: CONTACT_FLOW, webhook: suite.receiver.url }).replace('data-leadflow-lazy', 'data-leadflow-bots="flag" data-leadflow-lazy');
    await page.goto(suite.site.page(`/autofill-${++pages}.html`, html));
    await page.getByRole('textbox', { name: 'E-Mail' }).waitFor();
    return page;
  }

  /** The widget's text fields (the honeypot too), by class and autocomplete token, with their values. */
  const fieldValues = (page: Page) =>
    page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelector('[data-leadflow]')!.shadowRoot!.querySelectorAll<HTMLInputElement>('form input')].map((i) => [`${i.className} ${i.autocomplete}`, i.value]),
      ),
    );

  const lead = async () => {
    await expect.poll(() => suite.receiver.posts().length, { timeout: 5000 }).toBeGreaterThan(0);
    return (suite.receiver.posts()[0]!.body as { data: { contact: Record<string, string>; meta: { suspectedBot?: unknown } } }).data;
  };

  // Checked and fine: Chrome's real autofill, started from the e-mail field in the middle of the
  // step, fills every field it has a type for (in the shadow root too), the widget takes each
  // of them though only one was focused, leaves the honeypot (name="website", autocomplete=off,
  // no type Chrome knows) empty, and the lead arrives with the values and not marked as a bot's.
  it("Chrome's autofill fills every field of the contact step, not the honeypot, and the lead is sent as a person's", async () => {
    const page = await openContactStep();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { result } = await cdp.send('Runtime.evaluate', { expression: `document.querySelector('[data-leadflow]').shadowRoot.querySelector('input[autocomplete=email]')` });
    const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId! });
    await cdp.send('Autofill.trigger', { fieldId: node.backendNodeId, address: ADDRESS } as never);
    await cdp.detach();
    expect(await fieldValues(page)).toEqual({
      'lf-input given-name': 'Erika',
      'lf-input family-name': 'Mustermann',
      'lf-input email': 'erika.mustermann@nordlicht.example',
      'lf-input tel': '+49301234567',
      'lf-input organization': 'Nordlicht GmbH',
      'lf-input organization-title': '',
      'lf-trap off': '',
    });
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: 'Danke' }).waitFor();
    const { contact, meta } = await lead();
    expect(contact).toEqual({ first: 'Erika', last: 'Mustermann', email: 'erika.mustermann@nordlicht.example', phone: '+49301234567', company: 'Nordlicht GmbH' });
    expect(meta.suspectedBot).toBeUndefined();
  });

  // Checked and fine: text pasted with white space and line breaks around it (copied from an
  // e-mail signature or a table cell) lands on one line, the e-mail field drops the spaces, and
  // the lead carries every value without what surrounded it.
  it('pasted values with spaces and line breaks around them are taken on one line and sent trimmed', async () => {
    const page = await openContactStep();
    const pasted: Record<string, string> = {
      Vorname: '  Erika\n',
      Nachname: 'Mustermann \r\n',
      'E-Mail': '\n erika.mustermann@nordlicht.example \r\n',
      Telefon: '+49 30\n1234567\n',
      Firma: '\tNordlicht GmbH\n\n',
    };
    for (const [label, text] of Object.entries(pasted)) {
      await page.getByRole('textbox', { name: label, exact: true }).focus();
      // What a paste does to a focused field: the text inserted as one edit, with its `input` event.
      await page.evaluate((t) => document.execCommand('insertText', false, t), text);
    }
    const shown = Object.values(await fieldValues(page));
    expect(shown.filter((value) => /[\r\n]/.test(value))).toEqual([]);
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: 'Danke' }).waitFor();
    expect((await lead()).contact).toEqual({ first: 'Erika', last: 'Mustermann', email: 'erika.mustermann@nordlicht.example', phone: '+49 30 1234567', company: 'Nordlicht GmbH' });
  });
});
