/**
 * Review of `businessOnly` (43382ce) as visitors meet it: a personal address typed, pasted,
 * carried over from an earlier step, prefilled from the page's link or restored after a
 * reload never reaches the lead; the flow's changes to the list and its own messages apply.
 * Mounted widgets go through tests/embed/support/harness.ts, with a network whose requests
 * the test sees.
 */
import { fireEvent, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanupMounted, host, mountWidget, pageOutbox, shadowOf, SLOW_RETRY, WEBHOOK } from '../embed/support/harness.ts';
import { heldNetwork } from '../embed/support/held-network.ts';
import { uiMessages } from '../../src/ui/i18n/messages.ts';
import { expectStep, flowFrom, next, renderWidget } from './fixtures.tsx';

type Json = Record<string, unknown>;

const PERSONAL = { de: 'Bitte geben Sie Ihre geschäftliche E-Mail-Adresse ein.', en: 'Enter your work email address.' };
const DONE = 'Geschafft';

const flowJson = (steps: Json[], extra: Json = {}): Json => ({
  id: 'b2b-ui',
  version: 1,
  locales: ['de', 'en'],
  ...extra,
  steps: [...steps, { id: 'done', type: 'end', title: DONE }],
});

const MAIL_TITLE = 'Ihre geschäftliche E-Mail-Adresse?';
const mail = { id: 'mail', type: 'email', title: MAIL_TITLE, businessOnly: true, prefill: 'email' };
const CONTACT_TITLE = 'Wie erreichen wir Sie?';
const contact = (field: Json = {}) => ({
  id: 'contact',
  type: 'contact',
  title: CONTACT_TITLE,
  fields: [{ id: 'name', kind: 'name' }, { id: 'work', kind: 'email', businessOnly: true, prefill: 'email', ...field }],
});

afterEach(() => {
  cleanupMounted();
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

describe('in the widget', () => {
  it('a pasted mailto: link or invisible marks around a personal address are refused like the address', async () => {
    const { user, onComplete } = renderWidget({ flow: flowFrom(flowJson([mail])) });
    const field = await screen.findByRole('textbox', { name: MAIL_TITLE });
    for (const pasted of ['mailto:ada@gmail.com?subject=Angebot', '\u200bada@gmx.de\u200e']) {
      await user.clear(field);
      await user.click(field);
      await user.paste(pasted);
      await user.click(screen.getByRole('button', { name: 'Absenden' }));
      expect(await screen.findByText(PERSONAL.de), pasted).toBeTruthy();
      expect(field.getAttribute('aria-invalid')).toBe('true');
    }
    await user.clear(field);
    await user.click(field);
    await user.paste('mailto:ada@acme.example');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(DONE);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ mail: 'ada@acme.example' });
  });

  it("follows the flow's personalDomains: a removed provider is taken, an added domain refused", async () => {
    const flow = flowFrom(flowJson([mail], { scoring: { personalDomains: { remove: ['gmx.net'], add: ['Rival.Example'] } } }));
    const { user, onComplete } = renderWidget({ flow, locale: 'en' });
    const field = await screen.findByRole('textbox', { name: MAIL_TITLE });
    await user.type(field, 'ada@rival.example');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText(PERSONAL.en)).toBeTruthy();
    // The message follows the input: a removed provider clears it at once.
    await user.clear(field);
    await user.type(field, 'ada@gmx.net');
    expect(screen.queryByText(PERSONAL.en)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await expectStep(DONE);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ mail: 'ada@gmx.net' });
  });

  it("a contact field shows the flow-wide messages.issues.personal_email, in the visitor's language", async () => {
    const own = { de: 'Nur Firmenadressen.', en: 'Company addresses only.', fr: 'Adresses professionnelles uniquement.' };
    const flow = flowFrom(flowJson([contact()], { locales: ['fr', 'de', 'en'], messages: { issues: { personal_email: own } } }));
    const { user } = renderWidget({ flow, locale: 'fr' });
    await expectStep(CONTACT_TITLE);
    const email = screen.getAllByRole('textbox')[1]!;
    await user.type(screen.getAllByRole('textbox')[0]!, 'Ada');
    await user.type(email, 'ada@orange.fr');
    await user.click(screen.getByRole('button', { name: /Submit|Envoyer/ }));
    expect(await screen.findByText(own.fr)).toBeTruthy();
    expect(screen.queryByText(PERSONAL.en)).toBeNull();
    expect(email.getAttribute('aria-invalid')).toBe('true');
  });

  it('Back, then Next again: a personal address typed on the way back is refused, the lead keeps the work one', async () => {
    const company = { id: 'company', type: 'short_text', title: 'Ihre Firma?' };
    const { user, onComplete } = renderWidget({ flow: flowFrom(flowJson([mail, company])) });
    const field = await screen.findByRole('textbox', { name: MAIL_TITLE });
    await user.type(field, 'ada@acme.example');
    await next(user);
    await expectStep('Ihre Firma?');
    await user.type(screen.getByRole('textbox', { name: 'Ihre Firma?' }), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Zurück' }));
    const again = await screen.findByRole('textbox', { name: MAIL_TITLE });
    await user.clear(again);
    await user.type(again, 'ada@hotmail.de');
    await next(user);
    expect(await screen.findByText(PERSONAL.de)).toBeTruthy();
    await expectStep(MAIL_TITLE);
    await user.clear(again);
    await user.type(again, 'ada@acme.example');
    await next(user);
    await user.click(await screen.findByRole('button', { name: 'Absenden' }));
    await expectStep(DONE);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ mail: 'ada@acme.example', company: 'Acme' });
  });

  it('an address given on an earlier step fills the contact step (WCAG 3.3.7), and a personal one is refused there', async () => {
    const newsletter = { id: 'news', type: 'email', title: 'Newsletter an?' };
    const { user, onComplete } = renderWidget({ flow: flowFrom(flowJson([newsletter, contact({ prefill: undefined })])) });
    await user.type(await screen.findByRole('textbox', { name: 'Newsletter an?' }), 'ada@gmail.com');
    await next(user);
    await expectStep(CONTACT_TITLE);
    const email = screen.getByRole('textbox', { name: 'E-Mail-Adresse' }) as HTMLInputElement;
    expect(email.value).toBe('ada@gmail.com');
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Ada');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    expect(await screen.findByText(PERSONAL.de)).toBeTruthy();
    expect(onComplete).not.toHaveBeenCalled();
    await user.clear(email);
    await user.type(email, 'ada@acme.example');
    await user.click(screen.getByRole('button', { name: 'Absenden' }));
    await expectStep(DONE);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ news: 'ada@gmail.com', name: 'Ada', work: 'ada@acme.example' });
  });
});

describe('a mounted widget', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  async function mountFlow(flow: Json, net = heldNetwork(204), id?: string) {
    const { element } = host();
    if (id) element.id = id;
    const handle = mountWidget(element, { flow: flow as never, locale: 'de', lazy: false }, pageOutbox({ fetch: net.fetch, retry: SLOW_RETRY }));
    await handle.ready;
    return { q: shadowOf(element), net };
  }

  it("?email=ada@gmail.com in the page's link fills a businessOnly field, which is refused at Submit: no lead goes", async () => {
    history.replaceState(null, '', '/?email=ada%40gmail.com');
    const { q, net } = await mountFlow(flowJson([contact()], { partialLeads: true }));
    const user = userEvent.setup();
    const email = (await q.findByRole('textbox', { name: 'E-Mail-Adresse' })) as HTMLInputElement;
    expect(email.value).toBe('ada@gmail.com');
    await user.type(q.getByRole('textbox', { name: 'Name' }), 'Ada');
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    expect(await q.findByText(PERSONAL.de)).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(net.requests).toEqual([]);
    fireEvent.input(email, { target: { value: 'ada@acme.example' } });
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await q.findByRole('heading', { level: 2, name: DONE });
    const lead = await net.request('lead.submitted', WEBHOOK);
    expect(lead.type).toBe('lead.submitted');
    expect(net.requests.every((request) => request.type !== 'lead.partial' || request.id === lead.id)).toBe(true);
  });

  // Was: src/engine/prefill.ts:17 (`emailText`) keeps what the field itself drops of a typed or
  // pasted address (typed-text.ts typedAnswer: invisible marks, a `mailto:`): a link's
  // `?email=ada@gmail.com%E2%80%8E` (a direction mark, as chat apps and some mail tools add)
  // shows "ada@gmail.com" yet is refused with the invalid-address message ("z. B.
  // name@firma.de"), never the work-address one. Fix: emailText strips format marks and a
  // leading `mailto:` as typedAnswer does (the shared part in src/shared, as format-marks.ts is).
  it('?email=ada@gmail.com with a direction mark after it: the visitor is asked for a work address, not told it is invalid', async () => {
    history.replaceState(null, '', '/?email=ada%40gmail.com%E2%80%8E');
    const { q } = await mountFlow(flowJson([contact()]));
    const user = userEvent.setup();
    const email = (await q.findByRole('textbox', { name: 'E-Mail-Adresse' })) as HTMLInputElement;
    await user.type(q.getByRole('textbox', { name: 'Name' }), 'Ada');
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await vi.waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const shown = (email.getRootNode() as ShadowRoot).textContent!;
    expect(shown).not.toContain(uiMessages['de']!.issues.invalid_email);
    expect(shown).toContain(PERSONAL.de);
  });

  // Was: the same src/engine/prefill.ts:17 (`emailText`): `?email=mailto:ada@acme.example` passes
  // (isEmail takes "mailto:ada" as the local part) and the lead's contact.work is
  // "mailto:ada@acme.example"; a pasted one loses its scheme (typedAnswer). Fix as above.
  it('?email=mailto:ada@acme.example: the lead gets the address without its scheme, as a pasted one', async () => {
    const bodies: Array<{ type: string; data: { contact: Record<string, string> } }> = [];
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return new Response(null, { status: 204 });
    });
    history.replaceState(null, '', '/?email=mailto:ada%40acme.example');
    const { element } = host();
    await mountWidget(element, { flow: flowJson([contact()]) as never, locale: 'de', lazy: false }, pageOutbox({ fetch: fetch as typeof globalThis.fetch, retry: SLOW_RETRY })).ready;
    const q = shadowOf(element);
    const user = userEvent.setup();
    await user.type(await q.findByRole('textbox', { name: 'Name' }), 'Ada');
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await q.findByRole('heading', { level: 2, name: DONE });
    await vi.waitFor(() => expect(bodies.some((body) => body.type === 'lead.submitted')).toBe(true));
    expect(bodies.find((body) => body.type === 'lead.submitted')!.data.contact.work).toBe('ada@acme.example');
  });

  it('a reload whose saved progress holds a personal address (the flow turned businessOnly on since) resumes at that step', async () => {
    const flow = flowJson([mail, { id: 'company', type: 'short_text', title: 'Ihre Firma?' }]);
    sessionStorage.setItem(
      'leadflow:progress:b2b-ui@1:form',
      JSON.stringify({ history: ['mail', 'company'], answers: { mail: 'ada@gmail.com', company: 'Acme' }, leadId: '01936f4e-8a5b-7c3d-9e2f-1a2b3c4d5e6f', startedAt: new Date().toISOString(), partials: 0 }),
    );
    const { q, net } = await mountFlow(flow, undefined, 'form');
    const field = (await q.findByRole('textbox', { name: MAIL_TITLE })) as HTMLInputElement;
    expect(field.value).toBe('ada@gmail.com');
    const user = userEvent.setup();
    await user.click(q.getByRole('button', { name: 'Weiter' }));
    expect(await q.findByText(PERSONAL.de)).toBeTruthy();
    expect(net.requests).toEqual([]);
  });
});
