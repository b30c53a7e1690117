/**
 * Review of 96fe1f5 ("Leftovers"): `leadId` and `event` on the errors about one lead (and the
 * redirect reading them), a link whose answers give a `..` or `.` path segment left out
 * (`model.url`, src/ui/model/flow-model.ts `sameSite`), and the popup's name given by a hidden
 * element that says its language (src/ui/overlay.tsx). Tests under a `// Was:` comment failed
 * before their fix.
 */
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFlowModel, Widget, type FlowModel } from '../../src/ui/index.ts';
import { cleanupMounted, host, mountWidget, pageOutbox, shadowOf, SLOW_RETRY, WEBHOOK } from '../embed/support/harness.ts';
import { heldNetwork, stubLocation } from '../embed/support/held-network.ts';
import { flowFrom, type Queries } from './fixtures.tsx';

type Json = Record<string, unknown>;

/** A model at the ending after one text answer `x` (and an optional `y`), for `model.url`. */
function answered(x: string, y?: string, cta?: string): { model: FlowModel } {
  const flow = flowFrom({
    id: 'links',
    version: 1,
    locales: ['de'],
    webhook: '/hook',
    steps: [
      { id: 'x', type: 'short_text', title: 'X?', required: false },
      { id: 'y', type: 'short_text', title: 'Y?', required: false },
      { id: 'done', type: 'end', title: 'Danke', ...(cta && { cta: { label: 'Weiter', url: cta } }) },
    ],
  });
  const model = createFlowModel({ flow, locale: 'de' });
  model.setAnswer('x', x || undefined);
  expect(model.next()).toBe(true);
  model.setAnswer('y', y || undefined);
  expect(model.next()).toBe(true);
  expect(model.isComplete.value).toBe(true);
  return { model };
}

/** Where a link goes from a page deep in a site, as the browser resolves it. */
const from = (link: string, page = 'https://shop.example/de/produkte/demo.html') => new URL(link, page).href;

describe('answers in a link: `..` and `.` path segments (model.url)', () => {
  it('keeps a `..` or `.` answer in the query or the fragment, where it is only text', () => {
    for (const x of ['..', '.']) {
      const { model } = answered(x);
      expect(model.url(`/plans/book?n={{answers.x}}#{{answers.x}}`)).toBe(`/plans/book?n=${x}#${x}`);
      expect(model.url(`https://cal.example/book?n={{answers.x}}`)).toBe(`https://cal.example/book?n=${x}`);
    }
  });

  it('a typed `%2e%2e` (or `..%2f`) is encoded, so it stays one segment of its own', () => {
    for (const x of ['%2e%2e', '%2E%2E', '..%2f..', '.%2e']) {
      const { model } = answered(x);
      const link = model.url('/plans/{{answers.x}}/book');
      expect(link, x).not.toBe('');
      expect(new URL(link, 'https://shop.example/').pathname.split('/'), x).toHaveLength(4);
    }
  });

  it("a template's own `..` is the flow's choice: kept with an ordinary answer, left out when an answer adds another", () => {
    expect(answered('pro').model.url('https://shop.example/a/../plans/{{answers.x}}/book')).toBe('https://shop.example/a/../plans/pro/book');
    expect(answered('..').model.url('https://shop.example/a/../plans/{{answers.x}}/book')).toBe('');
    // Two answers: one `..` cannot be made up for by the other.
    expect(answered('..', 'z').model.url('/plans/{{answers.x}}/{{answers.y}}/book')).toBe('');
    expect(answered('', '..').model.url('/plans/{{answers.x}}/{{answers.y}}/book')).toBe('');
  });

  // Was: src/ui/model/flow-model.ts:112 (sameSite) resolves both links against
  // `https://base.invalid/`, a root, where `..` has no folder to climb: `./{{answers.x}}` with
  // `..` resolves to `/` there, as many segments as `./a` (`/a`), so the link is kept — but the
  // browser resolves it against the page the form is on, and from
  // https://shop.example/de/produkte/demo.html `./..` is https://shop.example/de/, a folder up.
  // ("Relative links resolve alike against any base" holds for scheme and host, not for dot
  // segments.) The docs promise such a link is left out (docs/flow-format.md:131-134), and the
  // same goes for the ending's `redirect`, which the page follows. Fix: compare against a base
  // with more folders than the link has segments (e.g. `https://base.invalid/` + 'f/'.repeat(n)),
  // or refuse a piped value that is `.` or `..` where it lands in the path.
  it('leaves out a relative link whose last segment an answer `..` makes a climb (the CTA, and the redirect alike)', () => {
    const page = 'https://shop.example/de/produkte/demo.html';
    const { model } = answered('..', undefined, './{{answers.x}}');
    for (const template of ['./{{answers.x}}', '{{answers.x}}', '../{{answers.x}}']) {
      const link = model.url(template);
      // Left out, or at least still where the template points with an answer that is no dot segment.
      expect(link === '' || from(link, page).startsWith(from(template.replace('{{answers.x}}', ''), page)), `${template} → ${link}`).toBe(true);
    }
    render(<Widget model={model} />);
    expect(screen.queryByRole('link', { name: 'Weiter' })).toBeNull();
  });
});

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 50));

const contactStep = { id: 'contact', type: 'contact', title: 'Your contact', fields: [{ id: 'email', kind: 'email' }] };
const note = { id: 'note', type: 'short_text', title: 'Anything else?', required: false };
const partialFlow = (id: string, redirect: string): Json => ({
  id,
  version: 1,
  locales: ['en'],
  webhook: WEBHOOK,
  partialLeads: true,
  steps: [contactStep, note, { id: 'done', type: 'end', title: 'Thanks!', redirect }],
});

async function mountFlow(flow: Json, net: ReturnType<typeof heldNetwork>, outbox = pageOutbox({ fetch: net.fetch, retry: SLOW_RETRY })) {
  const { element, of } = host();
  const handle = mountWidget(element, { flow: flow as never, locale: 'en', lazy: false, webhook: undefined } as never, outbox);
  await handle.ready;
  return { element, of, handle, q: shadowOf(element), outbox };
}

async function giveEmail(q: Queries, button: string, email = 'ada@example.com') {
  fireEvent.input(await q.findByRole('textbox', { name: /Email/ }), { target: { value: email } });
  fireEvent.click(q.getByRole('button', { name: button }));
}

describe('errors about one lead carry its leadId and event (through mount)', () => {
  let assign: ReturnType<typeof stubLocation>;
  beforeEach(() => {
    assign = stubLocation();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    cleanupMounted();
    vi.unstubAllGlobals();
  });

  it("a partial's refusal says lead.partial and the visit's lead id; the submitted lead's says lead.submitted, and only that one sends the page on", async () => {
    const net = heldNetwork();
    const { q, of } = await mountFlow(partialFlow('partials', '/danke.html'), net);
    await giveEmail(q, 'Next');
    const partial = await net.request('lead.partial');
    fireEvent.click(await q.findByRole('button', { name: 'Submit' }));
    await q.findByRole('heading', { name: 'Thanks!' });
    const leadId = of('submit')[0]!.leadId;
    expect(partial.id).toBe(leadId);
    partial.answer(400);
    await vi.waitFor(() => expect(of('error')).toHaveLength(1));
    expect(of('error')[0]).toEqual({ code: 'delivery_failed', message: expect.stringContaining(`${leadId}.partial.1`), leadId, event: 'lead.partial' });
    await settle();
    expect(assign).not.toHaveBeenCalled();
    (await net.request('lead.submitted')).answer(422);
    await vi.waitFor(() => expect(of('error')).toHaveLength(2));
    expect(of('error')[1]).toEqual({ code: 'delivery_failed', message: expect.stringContaining('HTTP 422'), leadId, event: 'lead.submitted' });
    await vi.waitFor(() => expect(assign.mock.calls).toEqual([['/danke.html']]));
  });

  it('two widgets on a page, one outbox: each hears only its own lead’s refusal, and only its redirect goes', async () => {
    const net = heldNetwork();
    const outbox = pageOutbox({ fetch: net.fetch, retry: SLOW_RETRY });
    const first = await mountFlow(partialFlow('first', '/first.html'), net, outbox);
    const second = await mountFlow(partialFlow('second', '/second.html'), net, outbox);
    await giveEmail(first.q, 'Next', 'ada@first.example');
    await giveEmail(second.q, 'Next', 'bob@second.example');
    fireEvent.click(await first.q.findByRole('button', { name: 'Submit' }));
    await first.q.findByRole('heading', { name: 'Thanks!' });
    const firstId = first.of('submit')[0]!.leadId;
    await vi.waitFor(() => expect(net.requests.find((r) => r.type === 'lead.submitted')).toBeDefined());
    net.requests.find((r) => r.type === 'lead.submitted' && r.id === firstId)!.answer(400);
    await vi.waitFor(() => expect(first.of('error')).toHaveLength(1));
    expect(first.of('error')[0]).toMatchObject({ leadId: firstId, event: 'lead.submitted' });
    expect(second.of('error')).toEqual([]);
    await vi.waitFor(() => expect(assign.mock.calls).toEqual([['/first.html']]));
    expect(second.of('submit')).toEqual([]);
  });
});

describe('the popup named by a hidden element that says its language', () => {
  afterEach(() => cleanupMounted());

  /** The element the dialog's aria-labelledby names, in the widget's own shadow root. */
  const namer = (dialog: HTMLElement) => {
    const id = dialog.getAttribute('aria-labelledby');
    expect(id).toBeTruthy();
    const root = dialog.getRootNode() as ShadowRoot;
    expect(root.querySelectorAll(`[id="${id}"]`)).toHaveLength(1);
    return root.getElementById(id!)!;
  };
  /** The language a screen reader speaks the name in: the nearest `lang` (an empty one is "unknown"). */
  const langAt = (element: Element) => element.closest('[lang]')?.getAttribute('lang') ?? null;
  const dialogOf = (q: Queries) => q.getByRole('dialog', { hidden: true });

  it('a French flow fetched slowly: named "Open the form" in English while it loads and once it is there without a title; by its French title with one', async () => {
    for (const [title, name, lang] of [
      [undefined, 'Open the form', 'en'],
      ['Contactez-nous', 'Contactez-nous', 'fr'],
    ] as const) {
      let arrive = (_: Response) => {};
      const flowJson = { id: 'fr', version: 1, locales: ['fr'], webhook: WEBHOOK, ...(title && { title }), steps: [{ id: 'q', type: 'short_text', title: 'Votre entreprise ?' }, { id: 'done', type: 'end', title: 'Merci !' }] };
      const fetch = vi.fn((url: RequestInfo | URL) => (String(url).endsWith('/flow.json') ? new Promise<Response>((resolve) => (arrive = resolve)) : Promise.resolve(new Response(null, { status: 204 }))));
      const { element } = host();
      const handle = mountWidget(element, { flow: 'https://cdn.example/flow.json', locale: 'fr', mode: 'popup', fetch } as never, pageOutbox());
      const q = shadowOf(element);
      await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
      handle.open();
      await vi.waitFor(() => expect(element.shadowRoot!.querySelector('dialog')).not.toBeNull());
      const loading = namer(dialogOf(q));
      expect(loading.textContent).toBe('Open the form');
      expect(langAt(loading)).toBe('en');
      arrive(new Response(JSON.stringify(flowJson), { status: 200, headers: { 'content-type': 'application/json' } }));
      await handle.ready;
      await q.findByRole('heading', { name: 'Votre entreprise ?', hidden: true });
      const named = namer(dialogOf(q));
      expect(named.textContent).toBe(name);
      expect(langAt(named)).toBe(lang);
      expect(named.getAttribute('lang')).not.toBe('');
      cleanupMounted();
    }
  });

  it('two popups on a page each name their own dialog (the id is looked up in each shadow root)', async () => {
    const json = (id: string, title: string) => ({ id, version: 1, locales: ['en'], webhook: WEBHOOK, title, steps: [{ id: 'q', type: 'short_text', title: 'Company?' }, { id: 'done', type: 'end', title: 'Thanks' }] });
    const widgets = await Promise.all(
      ['Book a demo', 'Get the guide'].map(async (title, i) => {
        const { element } = host();
        await mountWidget(element, { flow: json(`w${i}`, title), locale: 'en', mode: 'popup' } as never, pageOutbox()).ready;
        return { title, q: shadowOf(element) };
      }),
    );
    for (const { title, q } of widgets) expect(namer(dialogOf(q)).textContent).toBe(title);
  });
});
