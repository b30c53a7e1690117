import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredLead } from '../../demo/receiver/lead-store.ts';
import { renderLeadsMain } from '../../demo/receiver/leads-page.ts';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import type { LeadFlowOptions } from '../../src/embed/index.ts';
import { createPageOutbox, type PageOutbox } from '../../src/embed/page-outbox.ts';
import { CONSENT_LABEL, answerUpToConsent, demoJsonCopy } from '../ui/fixtures.tsx';
import { STUDENT_END_DE, WEBHOOK, chooseStudent, cleanupMounted, host, mountWidget, shadowOf } from './support/harness.ts';

/**
 * Privacy as a German (GDPR, TTDSG §25) site owner and their visitors see it: what the widget
 * keeps in the browser, and what reaches the webhook, the page's events and the analytics
 * endpoint, against README ("Attribution, hidden fields, prefill and resume", "Conversion
 * insights", "Receiving leads") and the demo's own pages.
 */

const ANALYTICS = 'https://stats.example.test/collect';
const HOT_END_DE = 'Danke! Lassen Sie uns sprechen.';

/** A fetch for the webhook and the analytics endpoint that records every body it took (answering 204). */
function network() {
  const taken: Array<{ url: string; body: string }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    taken.push({ url: String(input), body: String(init.body) });
    return new Response(null, { status: 204 });
  }) as unknown as typeof globalThis.fetch;
  const leads = () => taken.filter((post) => post.url === WEBHOOK).map((post) => JSON.parse(post.body) as LeadEnvelope);
  const analytics = () => taken.filter((post) => post.url === ANALYTICS).map((post) => post.body);
  return { fetch, leads, analytics };
}

/** Everything the origin holds in Web Storage, as one string to search. */
const storedText = () =>
  JSON.stringify({
    local: Object.fromEntries(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)])),
    session: Object.fromEntries(Object.keys(sessionStorage).map((key) => [key, sessionStorage.getItem(key)])),
  });

/** The page's outbox over the real localStorage (the harness's default is an in-memory one). */
let outboxes: PageOutbox[] = [];
function browserOutbox(fetch: typeof globalThis.fetch): PageOutbox {
  const outbox = createPageOutbox(window, { fetch });
  outboxes.push(outbox);
  return outbox;
}

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  cleanupMounted();
  outboxes.forEach((outbox) => outbox.dispose());
  outboxes = [];
  vi.restoreAllMocks();
  history.replaceState(null, '', '/');
  localStorage.clear();
  sessionStorage.clear();
});

describe('privacy: what stays in the browser', () => {
  // README: a lead is "removed only after a 2xx"; progress is kept "so a reload returns to the
  // same step … a finished flow starts afresh". On a shared computer nothing of the visitor's
  // may be left once their lead (partial and final) went out.
  it('keeps no e-mail, name or answer in localStorage or sessionStorage once the partial and the final lead were delivered', async () => {
    const net = network();
    const flow = demoJsonCopy();
    flow.partialLeads = true;
    const { element } = host();
    await mountWidget(element, { flow, fetch: net.fetch }, browserOutbox(net.fetch)).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await answerUpToConsent(user, q, { email: 'ada.private@example.com' });
    // Stored while on its way, and the visitor's progress while they answer.
    expect(storedText()).toContain('ada.private@example.com');
    await vi.waitFor(() => expect(net.leads().map((lead) => lead.type)).toEqual(['lead.partial']), { timeout: 3000 });
    await user.click(q.getByRole('checkbox', { name: CONSENT_LABEL }));
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await q.findByRole('heading', { level: 2, name: HOT_END_DE });
    await vi.waitFor(() => expect(net.leads().map((lead) => lead.type)).toEqual(['lead.partial', 'lead.submitted']), { timeout: 3000 });
    await vi.waitFor(() => expect(Object.keys(localStorage).filter((key) => key.startsWith('leadflow:outbox:lead:'))).toEqual([]), { timeout: 3000 });

    const left = storedText();
    for (const personal of ['ada.private', 'Ada Lovelace', 'sign_off', 'lead_routing', 'this_quarter']) expect(left, personal).not.toContain(personal);
  });
});

describe('privacy: prefill and campaign parameters', () => {
  // README: "Prefill: … the visitor sees it and confirms it"; "Only answers on the path the
  // visitor actually took are sent"; funnel events carry "Never answers, contact details".
  it('sends neither a prefilled ?email= the visitor never confirmed nor an e-mail in utm_content to analytics, events or the dataLayer', async () => {
    history.replaceState(null, '', '/angebot?email=erika%40example.com&utm_source=newsletter&utm_content=max%40example.org');
    const net = network();
    const flow = demoJsonCopy();
    const contact = flow.steps.find((step) => step.id === 'contact') as { fields: Array<Record<string, unknown>> };
    contact.fields.find((field) => field.id === 'email')!.prefill = 'email';
    const layer: Array<{ event: string; leadflow: unknown }> = [];
    (globalThis as { dataLayer?: unknown }).dataLayer = layer;
    const callbacks: unknown[] = [];
    const on = Object.fromEntries(
      ['onReady', 'onStep', 'onSubmit', 'onQualified', 'onDelivered', 'onError', 'onView', 'onStart', 'onStepView', 'onStepComplete', 'onAbandon'].map((name) => [name, (detail: unknown) => void callbacks.push(detail)]),
    ) as Partial<LeadFlowOptions>;
    try {
      const { element, events } = host();
      await mountWidget(element, { flow, fetch: net.fetch, analytics: ANALYTICS, dataLayer: true, ...on }, browserOutbox(net.fetch)).ready;
      const q = await chooseStudent(element);
      await q.findByText(STUDENT_END_DE);
      window.dispatchEvent(new Event('pagehide'));
      await vi.waitFor(() => expect(net.leads()).toHaveLength(1));
      await vi.waitFor(() => expect(net.analytics().join()).toContain('"submit"'));

      // The student ending comes before the contact step: the address from the link is no answer of theirs.
      const [lead] = net.leads();
      expect(lead!.data.contact).toEqual({});
      expect(JSON.stringify(lead)).not.toContain('erika@example.com');
      // utm_content is allow-listed attribution (README): the CRM gets it, analytics never.
      expect(lead!.data.attribution).toMatchObject({ utm_source: 'newsletter', utm_content: 'max@example.org' });
      const everything = JSON.stringify({ events, callbacks, layer, analytics: net.analytics() });
      for (const personal of ['erika', 'max@', 'example.org', 'newsletter', '?email']) expect(everything, personal).not.toContain(personal);
    } finally {
      delete (globalThis as { dataLayer?: unknown }).dataLayer;
    }
  });

  // Was: a popup the visitor never opens wrote the address from a newsletter link (`?email=…`,
  // a contact field with `"prefill": "email"`) into sessionStorage at page load: the untouched
  // first state was saved with its prefilled answers. Progress keeps no answers until the
  // visitor gives some now (a reload reads the link's prefill again).
  it('keeps a prefilled e-mail out of storage while the popup was never opened', async () => {
    history.replaceState(null, '', '/angebot?email=erika%40example.com');
    const net = network();
    const flow = demoJsonCopy();
    const contact = flow.steps.find((step) => step.id === 'contact') as { fields: Array<Record<string, unknown>> };
    contact.fields.find((field) => field.id === 'email')!.prefill = 'email';
    const { element } = host();
    await mountWidget(element, { flow, fetch: net.fetch, mode: 'popup' }, browserOutbox(net.fetch)).ready;
    window.dispatchEvent(new Event('pagehide'));

    expect(storedText()).not.toContain('erika');
  });

  // With no answers kept before the visitor did anything, a reload reads the link's prefill again.
  it('shows the prefill again after a reload before the visitor did anything', async () => {
    history.replaceState(null, '', '/angebot?role=sign_off');
    const net = network();
    const flow = demoJsonCopy();
    flow.steps[0]!.prefill = 'role';
    const { element } = host();
    const first = mountWidget(element, { flow, fetch: net.fetch }, browserOutbox(net.fetch));
    await first.ready;
    expect(storedText()).toContain('leadflow:progress');
    expect(storedText()).not.toContain('sign_off');
    first.unmount();
    await mountWidget(element, { flow, fetch: net.fetch }, browserOutbox(net.fetch)).ready;
    const again = await shadowOf(element).findByRole('radio', { name: 'Ich entscheide' });
    expect((again as HTMLInputElement).checked).toBe(true);
  });

  // flow-format.md: a consent is "`true` when ticked"; prefill "Never consent: a visitor gives it themselves, a link cannot".
  it('records no consent for an optional consent ticked and unticked again, nor for ?privacy=true in the link', async () => {
    history.replaceState(null, '', '/?privacy=true');
    const net = network();
    const flow = demoJsonCopy();
    const consent = flow.steps.find((step) => step.id === 'privacy')!;
    consent.required = false;
    consent.prefill = 'privacy';
    const { element } = host();
    await mountWidget(element, { flow, fetch: net.fetch }, browserOutbox(net.fetch)).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await answerUpToConsent(user, q);
    const box = q.getByRole('checkbox', { name: CONSENT_LABEL }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await user.click(box);
    await user.click(box);
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await q.findByRole('heading', { level: 2, name: HOT_END_DE });
    await vi.waitFor(() => expect(net.leads()).toHaveLength(1));

    expect(net.leads()[0]!.data.answers).not.toHaveProperty('privacy');
  });
});

describe('privacy: the demo receiver and the demo privacy page', () => {
  // Was: /leads says "Names are not shown and e-mail addresses show their domain only", but the
  // Answers column printed every non-contact answer in full: an `email`, `phone` or free-text
  // step showed the visitor's whole address (or number). Typed answers are masked now (an
  // e-mail-shaped one by its domain), choices shown by label.
  it('shows an e-mail address answered in an `email` step by its domain only on /leads', () => {
    const envelope: StoredLead['envelope'] = {
      type: 'lead.submitted',
      timestamp: '2026-11-27T10:00:00Z',
      data: {
        id: '01936f4e-8a5b-7c3d-9e2f-1a2b3c4d5e6f',
        flow: { id: 'newsletter', version: 1 },
        answers: { role: { value: 'sign_off', label: 'Ich entscheide' }, work_email: { value: 'erika.muster@acme.example' } },
        contact: {},
        score: { total: 40, tier: 'warm', route: 'follow_up' },
      },
    };
    const html = renderLeadsMain([{ receivedAt: '2026-11-27T10:00:01.000Z', id: envelope.data.id, envelope }]);
    expect(html).toContain('Ich entscheide');
    expect(html).toContain('acme.example');
    expect(html).not.toContain('erika.muster');
  });

  // Was: demo/privacy.html (DE and EN) listed answers, name, e-mail, company, the page, the
  // browser and campaign parameters, and said the data lands only in demo/.data/leads.jsonl; it
  // did not name the referrer sent in `data.attribution`, the funnel statistics (analytics.jsonl)
  // or what the widget keeps in the browser — information Art. 13 GDPR and TTDSG §25 ask for,
  // which a site owner copying the demo would miss. Both languages name them now.
  it('the demo privacy page names the referrer, the usage statistics and what is kept in the browser', () => {
    const text = readFileSync(join(process.cwd(), 'demo/privacy.html'), 'utf8')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    const german = text.slice(0, text.indexOf('Privacy policy'));
    const english = text.slice(text.indexOf('Privacy policy'));
    expect(german).toMatch(/Referrer|Herkunftsseite|zuvor besucht/i);
    expect(german).toMatch(/Nutzungsstatistik|Reichweitenmessung|Analyse/i);
    expect(german).toMatch(/localStorage|sessionStorage|in Ihrem Browser gespeichert|lokale[rn]? Speicher/i);
    expect(english).toMatch(/referr?er|the page you came from/i);
    expect(english).toMatch(/usage statistics|analytics/i);
    expect(english).toMatch(/localStorage|sessionStorage|stored in your browser/i);
  });
});
