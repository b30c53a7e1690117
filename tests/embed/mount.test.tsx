import { within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { memoryStorage, type LeadEnvelope } from '../../src/delivery/index.ts';
import { createPageOutbox, type PageOutbox } from '../../src/embed/page-outbox.ts';
import { mount } from '../../src/embed/mount.tsx';
import type { LeadFlowEvents, LeadFlowOptions } from '../../src/embed/index.ts';
import { CONSENT_LABEL, answerUpToConsent, demoJsonCopy, expectStep, type Queries } from '../ui/fixtures.tsx';

const WEBHOOK = 'https://hooks.example.test/lead';
const ROLE_DE = 'Welche Rolle haben Sie bei der Auswahl?';
const NOTICE_DE = 'Dieses Formular kann gerade nicht geladen werden. Bitte versuchen Sie es später erneut.';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const handles: Array<{ unmount(): void }> = [];
let consoleError: MockInstance<typeof console.error>;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  history.replaceState(null, '', '/');
});
afterEach(() => {
  for (const handle of handles.splice(0)) handle.unmount();
});

type EventName = keyof LeadFlowEvents;
interface Seen {
  name: EventName;
  detail: LeadFlowEvents[EventName];
}

/** An element on the page, with every `leadflow:*` event it fires recorded in order. */
function host() {
  const element = document.createElement('div');
  document.body.append(element);
  const events: Seen[] = [];
  for (const name of ['ready', 'step', 'submit', 'qualified', 'error'] as const)
    element.addEventListener(`leadflow:${name}`, (event) => events.push({ name, detail: (event as CustomEvent).detail }));
  const of = <K extends EventName>(name: K) =>
    events.filter((e) => e.name === name).map((e) => e.detail as LeadFlowEvents[K]);
  return { element, events, of };
}

/** Queries into the widget's shadow root: `screen` cannot see inside it. */
function shadowOf(element: HTMLElement): Queries {
  expect(element.shadowRoot).not.toBeNull();
  return within(element.shadowRoot as unknown as HTMLElement);
}

/** Outboxes of one test: in memory, so no lead of one test is resent in the next. */
const outboxes: PageOutbox[] = [];
afterEach(() => outboxes.splice(0).forEach((outbox) => outbox.dispose()));

/**
 * Mounts the demo flow (`minFillMs: 0`: a test fills the form faster than any person), with
 * an outbox using the options' fetch and retry timing, as the script tag's would.
 */
function mountWidget(element: HTMLElement, options: Partial<LeadFlowOptions> = {}) {
  const outbox = createPageOutbox(window, {
    storage: memoryStorage(),
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.retry && { retry: options.retry }),
  });
  outboxes.push(outbox);
  const handle = mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', minFillMs: 0, ...options }, outbox);
  handles.push(handle);
  return handle;
}

interface Received {
  webhookId: string | null;
  webhookTimestamp: string | null;
  contentType: string | null;
  body: LeadEnvelope;
}

/** A webhook receiver on msw: records every POST and answers with `respond`. */
function receiver(respond: () => Response | Promise<Response> = () => new HttpResponse(null, { status: 204 })) {
  const received: Received[] = [];
  server.use(
    http.post(WEBHOOK, async ({ request }) => {
      received.push({
        webhookId: request.headers.get('webhook-id'),
        webhookTimestamp: request.headers.get('webhook-timestamp'),
        contentType: request.headers.get('content-type'),
        body: (await request.json()) as LeadEnvelope,
      });
      return respond();
    }),
  );
  return received;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves once msw has answered `count` requests in total. */
function responsesSent(count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const listener = () => {
      if (++seen < count) return;
      server.events.removeListener('response:mocked', listener);
      resolve();
    };
    server.events.on('response:mocked', listener);
  });
}

async function chooseStudent(element: HTMLElement) {
  const user = userEvent.setup();
  const q = shadowOf(element);
  await user.click(await q.findByRole('radio', { name: 'Ich bin Student:in' }));
  await user.click(q.getByRole('button', { name: 'Absenden' }));
  return q;
}

describe('mount: showing a flow', () => {
  it('renders an inline flow object into an open shadow root', async () => {
    const { element } = host();
    const handle = mountWidget(element);
    await handle.ready;

    expect(element.shadowRoot?.mode).toBe('open');
    // The page's own tree stays untouched: everything lives in the shadow root.
    expect(element.children).toHaveLength(0);
    const q = shadowOf(element);
    expect(q.getByRole('heading', { level: 2, name: ROLE_DE })).toBeTruthy();
    expect(q.getByRole('radio', { name: 'Ich entscheide' })).toBeTruthy();
    expect(q.getByRole('button', { name: 'Weiter' })).toBeTruthy();
  });

  it('reads a flow from an inline JSON script named by "#id"', async () => {
    const script = document.createElement('script');
    script.type = 'application/json';
    script.id = 'saas-flow';
    script.textContent = JSON.stringify(demoJsonCopy());
    document.body.append(script);
    const { element, of } = host();
    await mountWidget(element, { flow: '#saas-flow' }).ready;

    expect(await shadowOf(element).findByRole('radio', { name: 'Ich entscheide' })).toBeTruthy();
    expect(of('error')).toEqual([]);
  });

  it('fetches a flow from a URL relative to the page, with the injected fetch', async () => {
    const fetchFlow = vi.fn<typeof fetch>(async () => new Response(JSON.stringify(demoJsonCopy())));
    const { element } = host();
    await mountWidget(element, { flow: '/flows/saas-bant.json', fetch: fetchFlow }).ready;

    expect(await shadowOf(element).findByRole('radio', { name: 'Ich entscheide' })).toBeTruthy();
    expect(fetchFlow).toHaveBeenCalledTimes(1);
    expect(fetchFlow.mock.calls[0]![0]).toBe(new URL('/flows/saas-bant.json', document.baseURI).href);
  });

  it('picks the flow locale from the requested one by language', async () => {
    const { element, of } = host();
    await mountWidget(element, { locale: 'de-AT' }).ready;
    expect(shadowOf(element).getByRole('heading', { level: 2, name: ROLE_DE })).toBeTruthy();
    expect(of('ready')).toEqual([{ flow: { id: 'saas-bant', version: 1 }, locale: 'de', variant: null }]);
  });

  it("falls back to the visitor's browser language without a requested locale", async () => {
    // jsdom's browser speaks en-US.
    const { element } = host();
    await mountWidget(element, { locale: undefined }).ready;
    expect(shadowOf(element).getByRole('heading', { level: 2, name: 'What is your role in choosing a tool?' })).toBeTruthy();
  });

  it("shows the flow in a German visitor's browser language", async () => {
    vi.spyOn(Navigator.prototype, 'languages', 'get').mockReturnValue(['de-DE', 'de', 'en']);
    const { element, of } = host();
    await mountWidget(element, { locale: undefined }).ready;
    expect(shadowOf(element).getByRole('heading', { level: 2, name: ROLE_DE })).toBeTruthy();
    expect(of('ready')[0]?.locale).toBe('de');
  });

  it('keeps several widgets on one page apart', async () => {
    const first = host();
    const second = host();
    await Promise.all([mountWidget(first.element).ready, mountWidget(second.element, { locale: 'en' }).ready]);
    const user = userEvent.setup();

    await user.click(shadowOf(first.element).getByRole('radio', { name: 'Ich entscheide' }));
    expect((shadowOf(second.element).getByRole('radio', { name: 'I make the decision' }) as HTMLInputElement).checked).toBe(false);
    // A label's `for` resolves inside its own shadow root, so the same ids cannot collide.
    await user.click(shadowOf(second.element).getByText("I'm a student"));
    expect((shadowOf(first.element).getByRole('radio', { name: 'Ich entscheide' }) as HTMLInputElement).checked).toBe(true);
    expect((shadowOf(second.element).getByRole('radio', { name: "I'm a student" }) as HTMLInputElement).checked).toBe(true);
  });

  it('does not take focus from the page when it appears', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    const { element } = host();
    await mountWidget(element).ready;
    expect(document.activeElement).toBe(input);
  });
});

describe('mount: a flow that cannot be shown', () => {
  it('shows a polite notice, names the JSON path and a fix in the console, and fires invalid_flow', async () => {
    const json = demoJsonCopy();
    (json.steps[0]!.next as Array<{ goto: string }>)[0]!.goto = 'end_studnt';
    const { element, of } = host();
    await mountWidget(element, { flow: json }).ready;

    const q = shadowOf(element);
    expect(q.getByRole('alert').textContent).toBe(NOTICE_DE);
    expect(q.queryByRole('radio')).toBeNull();
    expect(consoleError).toHaveBeenCalledTimes(1);
    const logged = String(consoleError.mock.calls[0]![0]);
    expect(logged).toContain('steps[0].next[0].goto');
    expect(logged).toContain('did you mean "end_student"');
    expect(of('error')).toEqual([{ code: 'invalid_flow', message: expect.stringContaining('steps[0].next[0].goto') }]);
    expect(of('ready')).toEqual([]);
  });

  it('reports mount_failed for an element that cannot hold a shadow root, without throwing', async () => {
    const list = document.createElement('ul');
    const item = document.createElement('li');
    list.append(item);
    document.body.append(list);
    const errors: Array<LeadFlowEvents['error']> = [];
    item.addEventListener('leadflow:error', (event) => errors.push((event as CustomEvent).detail));

    const handle = mountWidget(item);
    await handle.ready;
    expect(errors).toEqual([{ code: 'mount_failed', message: expect.stringContaining('<li>') }]);
    expect(String(consoleError.mock.calls[0]![0])).toContain('use a <div>');
    expect(() => handle.unmount()).not.toThrow();
  });

  it('reports malformed inline JSON as invalid_flow', async () => {
    const script = document.createElement('script');
    script.type = 'application/json';
    script.id = 'broken-flow';
    script.textContent = '{ "id": "saas-bant", "version": 1, }';
    document.body.append(script);
    const { element, of } = host();
    await mountWidget(element, { flow: '#broken-flow' }).ready;

    expect(shadowOf(element).getByRole('alert').textContent).toBe(NOTICE_DE);
    const [error] = of('error');
    expect(error?.code).toBe('invalid_flow');
    expect(error?.message).toContain('not valid JSON');
    expect(String(consoleError.mock.calls[0]![0])).toContain('not valid JSON');
  });

  it('reports an "#id" that names no element as load_failed', async () => {
    const { element, of } = host();
    await mountWidget(element, { flow: '#nowhere' }).ready;
    expect(of('error')).toEqual([{ code: 'load_failed', message: expect.stringContaining('"nowhere"') }]);
    expect(shadowOf(element).getByRole('alert')).toBeTruthy();
  });

  it('refuses a flow with a javascript: link, so it never renders', async () => {
    const json = demoJsonCopy();
    (json.steps.find((s) => s.id === 'end_hot')!.cta as { url: string }).url = 'javascript:alert(1)';
    const { element, of } = host();
    await mountWidget(element, { flow: json }).ready;
    expect(of('error').map((e) => e.code)).toEqual(['invalid_flow']);
    expect(shadowOf(element).queryByRole('radio')).toBeNull();
  });

  it('reports missing_webhook when neither the flow nor the element names a webhook', async () => {
    const json = demoJsonCopy();
    delete json.webhook;
    const { element, of } = host();
    await mountWidget(element, { flow: json, webhook: undefined }).ready;

    expect(shadowOf(element).getByRole('alert').textContent).toBe(NOTICE_DE);
    expect(of('error').map((e) => e.code)).toEqual(['missing_webhook']);
    expect(String(consoleError.mock.calls[0]![0])).toContain('data-leadflow-webhook');
  });

  it('reports load_failed when the flow URL answers 404', async () => {
    const fetchFlow = vi.fn<typeof fetch>(async () => new Response('Not found', { status: 404 }));
    const { element, of } = host();
    await mountWidget(element, { flow: '/flows/missing.json', fetch: fetchFlow }).ready;

    expect(shadowOf(element).getByRole('alert').textContent).toBe(NOTICE_DE);
    expect(of('error')).toEqual([{ code: 'load_failed', message: expect.stringContaining('HTTP 404') }]);
    expect(String(consoleError.mock.calls[0]![0])).toContain('/flows/missing.json');
  });

  it('reports load_failed when the flow cannot be fetched at all', async () => {
    const fetchFlow = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    const { element, of } = host();
    const handle = mountWidget(element, { flow: '/flows/saas-bant.json', fetch: fetchFlow });
    await expect(handle.ready).resolves.toBeUndefined();
    expect(of('error').map((e) => e.code)).toEqual(['load_failed']);
  });

  it("shows the notice in a German visitor's browser language when no locale is set", async () => {
    vi.spyOn(Navigator.prototype, 'languages', 'get').mockReturnValue(['de-AT', 'de']);
    const { element } = host();
    await mountWidget(element, { flow: '#nowhere', locale: undefined }).ready;
    expect(shadowOf(element).getByRole('alert').textContent).toBe(NOTICE_DE);
  });

  it('shows the notice in English when asked for English', async () => {
    const { element } = host();
    await mountWidget(element, { flow: '#nowhere', locale: 'en' }).ready;
    expect(shadowOf(element).getByRole('alert').textContent).toBe("This form can't be loaded right now. Please try again later.");
  });
});

describe('mount: events', () => {
  it('fires ready and step with the flow id and no answers in their details', async () => {
    const { element, of } = host();
    const handle = mountWidget(element);
    await handle.ready;
    expect(of('ready')).toEqual([{ flow: { id: 'saas-bant', version: 1 }, locale: 'de', variant: null }]);

    const user = userEvent.setup();
    const q = shadowOf(element);
    await user.click(q.getByRole('radio', { name: 'Ich entscheide' }));
    await user.click(q.getByRole('button', { name: 'Weiter' }));
    await expectStep('Was möchten Sie verbessern?', q);
    await user.click(q.getByRole('button', { name: 'Zurück' }));
    await expectStep(ROLE_DE, q);

    expect(of('step')).toEqual([
      // The demo flow has 7 steps before its ending on every path but the student's.
      { flow: { id: 'saas-bant', version: 1 }, stepId: 'need', index: 1, total: 7 },
      { flow: { id: 'saas-bant', version: 1 }, stepId: 'role', index: 0, total: 7 },
    ]);
  });

  it('lets the events bubble to the page, where analytics listen', async () => {
    const seen: string[] = [];
    const listener = (event: Event) => seen.push(event.type);
    document.addEventListener('leadflow:ready', listener);
    try {
      const { element } = host();
      await mountWidget(element).ready;
    } finally {
      document.removeEventListener('leadflow:ready', listener);
    }
    expect(seen).toEqual(['leadflow:ready']);
  });

  it('fires submit and qualified with the lead id and score, never contact details', async () => {
    const received = receiver();
    const sent = responsesSent(1);
    const { element, events, of } = host();
    await mountWidget(element).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await answerUpToConsent(user, q, { email: 'ada@example.com' });
    await user.click(q.getByRole('checkbox', { name: CONSENT_LABEL }));
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await sent;

    const leadId = received[0]!.body.data.id;
    expect(of('submit')).toEqual([{ flow: { id: 'saas-bant', version: 1 }, variant: null, leadId, tier: 'hot', route: 'sales_now' }]);
    // An approved budget and a decision this quarter: strong buying signals, a hot lead for sales now.
    expect(of('qualified')).toEqual([{ flow: { id: 'saas-bant', version: 1 }, leadId, tier: 'hot', total: 101, route: 'sales_now', qualified: true }]);
    const details = JSON.stringify(events.map((e) => e.detail));
    for (const personal of ['ada@example.com', 'Ada Lovelace', 'sign_off', 'Ich entscheide']) expect(details).not.toContain(personal);
    expect(events.map((e) => e.name)).toEqual(['ready', ...Array<EventName>(7).fill('step'), 'submit', 'qualified']);
  });
});

describe('mount: delivering the lead', () => {
  it('posts exactly one lead whose webhook-id header is its data.id, and shows the end screen before the webhook answers', async () => {
    const answer = deferred<void>();
    const arrived = deferred<void>();
    const received = receiver(async () => {
      arrived.resolve();
      await answer.promise;
      return new HttpResponse(null, { status: 204 });
    });
    const sent = responsesSent(1);
    const { element, of } = host();
    await mountWidget(element).ready;

    const q = await chooseStudent(element);
    await arrived.promise;
    // The webhook has not answered yet, and the visitor already sees the ending.
    expect(q.getByRole('heading', { level: 2, name: 'Danke, dass Sie vorbeischauen!' })).toBeTruthy();
    expect(q.getByRole('link', { name: 'Zu den Lernmaterialien' }).getAttribute('href')).toBe('/guide.html');

    answer.resolve();
    await sent;
    expect(received).toHaveLength(1);
    const [lead] = received;
    expect(lead!.webhookId).toBe(lead!.body.data.id);
    expect(lead!.webhookTimestamp).toMatch(/^\d{10}$/);
    expect(lead!.contentType).toBe('application/json');
    expect(lead!.body).toMatchObject({
      type: 'lead.submitted',
      data: {
        flow: { id: 'saas-bant', version: 1 },
        locale: 'de',
        answers: { role: { value: 'student', label: 'Ich bin Student:in' } },
        contact: {},
        score: { tier: 'cold' },
        meta: { ending: 'end_student' },
      },
    });
    expect(of('error')).toEqual([]);
  });

  it('sends declared hidden fields from the page URL as attribution, and the page without its query', async () => {
    history.replaceState(null, '', '/pricing?utm_source=newsletter&utm_campaign=spring&email=ada%40example.com');
    const received = receiver();
    const sent = responsesSent(1);
    const { element } = host();
    await mountWidget(element).ready;
    await chooseStudent(element);
    await sent;

    const { data } = received[0]!.body;
    expect(data.attribution).toMatchObject({ utm_source: 'newsletter', utm_campaign: 'spring' });
    // Only the hidden fields the flow declares: an e-mail address in the URL stays out of the lead.
    expect(data.hidden).toEqual({ utm_source: 'newsletter', utm_campaign: 'spring' });
    expect(JSON.stringify(data)).not.toContain('ada@example.com');
    expect(data.meta.page).toBe(`${location.origin}/pricing`);
  });

  it('takes hidden fields from the options over those in the page URL, and bounds their length', async () => {
    history.replaceState(null, '', `/?plan=pro&utm_source=${'a'.repeat(300)}`);
    const json = demoJsonCopy();
    json.hidden = ['utm_source', 'plan', 'team'];
    const received = receiver();
    const sent = responsesSent(1);
    const { element } = host();
    await mountWidget(element, { flow: json, hidden: { plan: 'enterprise', team: 'sales' } }).ready;
    await chooseStudent(element);
    await sent;

    expect(received[0]!.body.data.hidden).toEqual({ utm_source: 'a'.repeat(200), plan: 'enterprise', team: 'sales' });
  });

  it('sends a simple request without custom headers with transport "simple"', async () => {
    const received = receiver();
    const sent = responsesSent(1);
    const { element } = host();
    await mountWidget(element, { transport: 'simple' }).ready;
    await chooseStudent(element);
    await sent;

    expect(received[0]!.webhookId).toBeNull();
    expect(received[0]!.contentType).toMatch(/^text\/plain/);
    expect(received[0]!.body.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('retries a webhook that answers 500 twice, and the receiver stores the lead once', async () => {
    const stored = new Map<string, string>();
    const attempts: Array<{ id: string | undefined; body: string }> = [];
    const statuses = [500, 500, 200];
    const webhook = vi.fn<typeof fetch>(async (_url, init) => {
      const id = new Headers(init?.headers).get('webhook-id') ?? undefined;
      const body = String(init?.body);
      attempts.push({ id, body });
      const status = statuses[attempts.length - 1] ?? 200;
      if (status === 200 && id) stored.set(id, body);
      return new Response(null, { status });
    });
    const { element, of } = host();
    await mountWidget(element, { fetch: webhook, retry: { attempts: 3, baseMs: 1, capMs: 1, maxRetryAfterMs: 1 } }).ready;
    await chooseStudent(element);

    await vi.waitFor(() => expect(stored.size).toBe(1));
    expect(webhook).toHaveBeenCalledTimes(3);
    expect(webhook.mock.calls.every(([url]) => url === WEBHOOK)).toBe(true);
    const ids = attempts.map((a) => a.id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBe((JSON.parse(attempts[0]!.body) as LeadEnvelope).data.id);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(of('error')).toEqual([]);
    expect(of('submit')).toHaveLength(1);
  });

  it('reports delivery_failed, without retrying, when the webhook refuses the lead with 400', async () => {
    const webhook = vi.fn<typeof fetch>(async () => new Response('bad', { status: 400 }));
    const { element, of } = host();
    await mountWidget(element, { fetch: webhook, retry: { attempts: 3, baseMs: 1, capMs: 1, maxRetryAfterMs: 1 } }).ready;
    const q = await chooseStudent(element);

    await vi.waitFor(() => expect(of('error')).toHaveLength(1));
    expect(of('error')[0]).toEqual({ code: 'delivery_failed', message: expect.stringContaining('HTTP 400'), leadId: of('submit')[0]!.leadId, event: 'lead.submitted' });
    expect(webhook).toHaveBeenCalledTimes(1);
    // The visitor is not bothered with it: the ending stays.
    expect(q.getByRole('heading', { level: 2, name: 'Danke, dass Sie vorbeischauen!' })).toBeTruthy();
    expect(q.queryByRole('alert')).toBeNull();
  });
});

describe('mount: routing the lead to webhooks by its score', () => {
  const CRM = 'https://crm.example.test/hook';
  const NURTURE = 'https://nurture.example.test/hook';
  const ARCHIVE = 'https://archive.example.test/hook';

  /** The demo flow posting to a CRM for sales_now, a nurture list for nurture or follow_up, and an archive always. */
  function routedFlow() {
    const flow = demoJsonCopy() as ReturnType<typeof demoJsonCopy> & { scoring: Record<string, unknown> };
    delete flow.webhook;
    flow.webhooks = [
      { url: CRM, when: { score: 'route', is: 'sales_now' } },
      { url: NURTURE, when: { score: 'route', in: ['nurture', 'follow_up'] } },
      { url: ARCHIVE },
    ];
    flow.scoring.knockouts = [{ id: 'student', when: { answer: 'role', is: 'student' } }];
    flow.scoring.signals = [{ id: 'approved_budget', strength: 'strong', when: { answer: 'budget', is: 'approved' } }];
    return flow;
  }

  /** All targets are posted to at once: a short pause lets a wrongly posted one arrive too. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  /** Records which URLs got which lead ids. */
  function receivers() {
    const got: Array<{ url: string; id: string | null; route: string }> = [];
    for (const url of [CRM, NURTURE, ARCHIVE])
      server.use(
        http.post(url, async ({ request }) => {
          const body = (await request.json()) as LeadEnvelope;
          got.push({ url, id: request.headers.get('webhook-id'), route: body.data.score.route });
          return new HttpResponse(null, { status: 204 });
        }),
      );
    return got;
  }

  it('posts a hot lead with strong signals to the CRM and the archive, with one lead id', async () => {
    const got = receivers();
    const sent = responsesSent(2);
    const { element } = host();
    await mountWidget(element, { flow: routedFlow(), webhook: undefined }).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await answerUpToConsent(user, q);
    await user.click(q.getByRole('checkbox', { name: CONSENT_LABEL }));
    await user.click(q.getByRole('button', { name: 'Absenden' }));
    await sent;
    await settle();
    expect(got.map((g) => g.url).sort()).toEqual([ARCHIVE, CRM].sort());
    expect(new Set(got.map((g) => g.id)).size).toBe(1);
    expect(got[0]!.route).toBe('sales_now');
  });

  it('posts a knocked-out student only to the archive, as disqualified', async () => {
    const got = receivers();
    const sent = responsesSent(1);
    const { element } = host();
    await mountWidget(element, { flow: routedFlow(), webhook: undefined }).ready;
    await chooseStudent(element);
    await sent;
    await settle();
    expect(got).toEqual([{ url: ARCHIVE, id: expect.any(String), route: 'disqualified' }]);
  });

  it("posts only to the snippet's webhook when it sets one", async () => {
    const received = receiver();
    const got = receivers();
    const sent = responsesSent(1);
    const { element } = host();
    await mountWidget(element, { flow: routedFlow() }).ready;
    await chooseStudent(element);
    await sent;
    await settle();
    expect(received).toHaveLength(1);
    expect(got).toEqual([]);
  });
});

describe('mount: unmount', () => {
  it('removes the rendered widget', async () => {
    const { element } = host();
    const handle = mountWidget(element);
    await handle.ready;
    expect(shadowOf(element).getByRole('radio', { name: 'Ich entscheide' })).toBeTruthy();

    handle.unmount();
    const q = shadowOf(element);
    expect(q.queryByRole('heading')).toBeNull();
    expect(q.queryByRole('radio')).toBeNull();
    expect(element.shadowRoot!.textContent).not.toContain(ROLE_DE);
    // A plain slot, so the element shows its own content again; not even the stylesheet stays.
    expect([...element.shadowRoot!.children].map((child) => child.outerHTML)).toEqual(['<slot></slot>']);
  });

  it('shows nothing and fires nothing when unmounted before the flow arrived', async () => {
    const response = deferred<Response>();
    const fetchFlow = vi.fn<typeof fetch>(() => response.promise);
    const { element, events } = host();
    const handle = mountWidget(element, { flow: '/flows/saas-bant.json', fetch: fetchFlow });
    handle.unmount();
    response.resolve(new Response(JSON.stringify(demoJsonCopy())));
    await handle.ready;

    expect(events).toEqual([]);
    expect(shadowOf(element).queryByRole('radio')).toBeNull();
  });

  it('replaces an earlier widget when mounted again into the same element', async () => {
    const { element } = host();
    await mountWidget(element).ready;
    await mountWidget(element, { locale: 'en' }).ready;

    const q = shadowOf(element);
    expect(q.getAllByRole('heading', { level: 2 })).toHaveLength(1);
    expect(q.getByRole('radio', { name: 'I make the decision' })).toBeTruthy();
  });

  it('mounts again into the same element after unmount', async () => {
    const { element } = host();
    const first = mountWidget(element);
    await first.ready;
    first.unmount();
    await mountWidget(element, { locale: 'en' }).ready;

    const q = shadowOf(element);
    expect(q.getAllByRole('heading', { level: 2 })).toHaveLength(1);
    expect(q.getByRole('radio', { name: 'I make the decision' })).toBeTruthy();
  });
});
