import { fireEvent, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import type { LeadFlowOptions } from '../../src/embed/index.ts';
import { CONSENT_LABEL, answerUpToConsent, demoJsonCopy, next, renderWidget, type Queries, type User } from '../ui/fixtures.tsx';
import { STUDENT_END_DE, WEBHOOK, chooseStudent, cleanupMounted, host, mountWidget, shadowOf, sleep } from './support/harness.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => cleanupMounted());

interface Received {
  webhookId: string | null;
  body: LeadEnvelope;
}

/** A webhook receiver on msw: records every POST and answers 204. */
function receiver() {
  const received: Received[] = [];
  server.use(
    http.post(WEBHOOK, async ({ request }) => {
      received.push({ webhookId: request.headers.get('webhook-id'), body: (await request.json()) as LeadEnvelope });
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return received;
}

/** Resolves once msw has answered `count` more requests. */
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

/**
 * For "nothing was posted": nothing happens, so there is no event to wait for. The send lock
 * alone holds a lead back for 50 ms before its request; 100 ms lets a wrongly sent one arrive.
 */
const settle = () => sleep(100);

/** The demo flow with partial leads switched on. */
function partialFlow() {
  const flow = demoJsonCopy();
  flow.partialLeads = true;
  return flow;
}

const HOT_END_DE = 'Danke! Lassen Sie uns sprechen.';

async function consentAndSubmit(user: User, q: Queries) {
  await user.click(q.getByRole('checkbox', { name: CONSENT_LABEL }));
  await user.click(q.getByRole('button', { name: 'Absenden' }));
  return q.findByRole('heading', { level: 2, name: HOT_END_DE });
}

describe('partial leads', () => {
  it('sends lead.partial after the contact step, then lead.submitted with the same data.id', async () => {
    const received = receiver();
    const partialSent = responsesSent(1);
    const { element, of } = host();
    await mountWidget(element, { flow: partialFlow() }).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await answerUpToConsent(user, q);
    await partialSent;

    expect(received).toHaveLength(1);
    const [partial] = received;
    const id = partial!.body.data.id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(partial!.webhookId).toBe(`${id}.partial.1`);
    expect(partial!.body.type).toBe('lead.partial');
    // The answers so far, the contact details apart; no consent yet.
    expect(partial!.body.data.answers).toEqual({
      role: { value: 'sign_off', label: 'Ich entscheide' },
      need: { value: ['lead_routing', 'forecasting'], label: ['Lead-Verteilung', 'Umsatzprognosen'] },
      team_size: { value: 40 },
      budget: { value: 'approved', label: 'Ja, freigegeben' },
      timeline: { value: 'this_quarter', label: 'In diesem Quartal' },
    });
    expect(partial!.body.data.contact).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(partial!.body.data.meta).toEqual({
      page: expect.any(String),
      startedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(partial!.body.data.meta).not.toHaveProperty('ending');
    expect(partial!.body.data.meta).not.toHaveProperty('completedAt');
    // The visitor has not finished: no submit event yet.
    expect(of('submit')).toEqual([]);

    const submittedSent = responsesSent(1);
    await consentAndSubmit(user, q);
    await submittedSent;

    expect(received).toHaveLength(2);
    const submitted = received[1]!;
    expect(submitted.body.type).toBe('lead.submitted');
    expect(submitted.body.data.id).toBe(id);
    expect(submitted.webhookId).toBe(id);
    expect(submitted.body.data.contact).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(submitted.body.data.meta).toMatchObject({ ending: 'end_hot', completedAt: expect.any(String), startedAt: partial!.body.data.meta.startedAt });
    expect(of('submit')).toEqual([{ flow: { id: 'saas-bant', version: 1 }, variant: null, leadId: id, tier: expect.any(String), route: expect.any(String) }]);
    await vi.waitFor(() =>
      expect(of('delivered')).toEqual([
        { leadId: id, event: 'lead.partial' },
        { leadId: id, event: 'lead.submitted' },
      ]),
    );
    expect(of('error')).toEqual([]);
  });

  it('sends no partial lead when the flow does not ask for it', async () => {
    const received = receiver();
    const { element } = host();
    await mountWidget(element).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await answerUpToConsent(user, q);
    await settle();
    expect(received).toEqual([]);

    const sent = responsesSent(1);
    await consentAndSubmit(user, q);
    await sent;
    await settle();
    expect(received.map((r) => [r.body.type, r.webhookId])).toEqual([['lead.submitted', received[0]!.body.data.id]]);
  });

  it('still delivers the partial lead of a visitor who leaves after the contact step', async () => {
    const received = receiver();
    const sent = responsesSent(1);
    const { element, of } = host();
    const handle = mountWidget(element, { flow: partialFlow() });
    await handle.ready;
    const user = userEvent.setup();
    await answerUpToConsent(user, shadowOf(element));
    // The visitor is gone: the widget is removed at once, while the partial may still wait for the send lock.
    handle.unmount();
    await sent;
    await settle();

    expect(received).toHaveLength(1);
    expect(received[0]!.body.type).toBe('lead.partial');
    expect(received[0]!.webhookId).toBe(`${received[0]!.body.data.id}.partial.1`);
    expect(received[0]!.body.data.contact.email).toBe('ada@example.com');
    expect(received[0]!.body.data.meta).not.toHaveProperty('ending');
    expect(of('submit')).toEqual([]);
  });
});

describe('partial leads: a corrected contact step', () => {
  // Was a bug: every lead.partial of a visit carried the webhook-id "<id>.partial", so a
  // visitor who went back and fixed a typo sent a second, different body under the same id:
  // a receiver de-duplicating by webhook-id kept the typo. Each completion is now a revision.
  it('a receiver de-duplicating by webhook-id gets the corrected contact details', async () => {
    const received = receiver();
    const firstSent = responsesSent(1);
    const { element } = host();
    await mountWidget(element, { flow: partialFlow() }).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await answerUpToConsent(user, q, { email: 'ada@exmaple.com' });
    await firstSent;
    await user.click(q.getByRole('button', { name: 'Zurück' }));
    const email = await q.findByRole('textbox', { name: 'E-Mail-Adresse' });
    // user-event cannot clear a field inside a shadow root (it checks document.activeElement).
    fireEvent.input(email, { target: { value: 'ada@example.com' } });
    const secondSent = responsesSent(1);
    await next(user, q);
    await secondSent;

    expect(received.map((r) => r.body.data.contact.email)).toEqual(['ada@exmaple.com', 'ada@example.com']);
    const kept = new Map<string | null, LeadEnvelope>();
    for (const { webhookId, body } of received) if (!kept.has(webhookId)) kept.set(webhookId, body);
    expect([...kept.values()].map((body) => body.data.contact.email)).toContain('ada@example.com');
    expect(received.map((r) => [r.webhookId, r.body.data.revision])).toEqual([
      [`${received[0]!.body.data.id}.partial.1`, 1],
      [`${received[0]!.body.data.id}.partial.2`, 2],
    ]);
  });
});

describe('partial leads: a tab opened from another', () => {
  // Was: the copy of the first tab's sessionStorage took a new lead id (its Web Lock was taken)
  // but kept the first tab's revision count, so its first partial lead was revision 2.
  it('starts the revisions of its new lead id at 1', async () => {
    const received = receiver();
    const firstSent = responsesSent(1);
    const first = host();
    first.element.id = 'form';
    await mountWidget(first.element, { flow: partialFlow() }).ready;
    await answerUpToConsent(userEvent.setup(), shadowOf(first.element));
    await firstSent;
    cleanupMounted();

    // The copy: same sessionStorage, and the first tab still holds the lead id's lock.
    const requested: string[] = [];
    Object.defineProperty(navigator, 'locks', {
      configurable: true,
      value: {
        request: (name: string, _options: unknown, callback: (lock: object | null) => unknown) => {
          requested.push(name);
          return Promise.resolve(callback(requested.length === 1 ? null : {}));
        },
      },
    });
    try {
      const copy = host();
      copy.element.id = 'form';
      await mountWidget(copy.element, { flow: partialFlow() }).ready;
      await vi.waitFor(() => expect(requested).toHaveLength(2));
      const user = userEvent.setup();
      const q = shadowOf(copy.element);
      await user.click(await q.findByRole('button', { name: 'Zurück' }));
      const secondSent = responsesSent(1);
      await next(user, q);
      await secondSent;
    } finally {
      delete (navigator as { locks?: unknown }).locks;
    }
    const [original, copied] = received.map((r) => r.body.data);
    expect(copied!.id).not.toBe(original!.id);
    expect([original!.revision, copied!.revision]).toEqual([1, 1]);
  });
});

describe('bots: the honeypot', () => {
  const trapOf = (element: HTMLElement) => {
    const trap = element.shadowRoot!.querySelector<HTMLInputElement>('input[name=website]');
    expect(trap).not.toBeNull();
    return trap!;
  };

  /** What a form bot does: it fills in every field it finds, the hidden one included. */
  const fillTrap = (user: User, element: HTMLElement) => user.type(trapOf(element), 'https://spam.example');

  it('is hidden from people: aria-hidden, tabindex -1, invisible to role queries', async () => {
    const { element } = host();
    await mountWidget(element).ready;
    const q = shadowOf(element);
    const trap = trapOf(element);
    expect(trap.getAttribute('aria-hidden')).toBe('true');
    expect(trap.tabIndex).toBe(-1);
    expect(trap.getAttribute('autocomplete')).toBe('off');
    // Password managers' own opt-outs (1Password, LastPass, Bitwarden, Dashlane): some fill a
    // hidden field of a kind a visible one has, and the visitor's lead would be dropped as a bot's.
    for (const name of ['data-1p-ignore', 'data-lpignore', 'data-bwignore', 'data-form-type']) expect(trap.hasAttribute(name), name).toBe(true);
    expect(trap.getAttribute('data-form-type')).toBe('other');
    expect(q.queryAllByRole('textbox')).toEqual([]);
    // It is there for a query that includes hidden elements: aria-hidden is what keeps it out.
    expect(q.getAllByRole('textbox', { hidden: true })).toEqual([trap]);
  });

  it('is never reached with the Tab key', async () => {
    // user-event's Tab does not walk into shadow roots, so the same widget is rendered into the
    // page itself here: the trap's tabindex is what keeps it out of the Tab order either way.
    const { user, container } = renderWidget();
    const trap = container.querySelector('input[name=website]');
    expect(trap).not.toBeNull();
    const stops: Array<Element | null> = [];
    for (let i = 0; i < 12; i++) {
      await user.tab();
      stops.push(document.activeElement);
    }
    // The radios are one stop (arrow keys move within a group), then "Weiter", then round again.
    expect(stops).toContain(screen.getByRole('button', { name: 'Weiter' }));
    expect(stops).toContain(screen.getByRole('radio', { name: 'Ich entscheide' }));
    expect(stops).not.toContain(trap);
    expect(stops.every((stop) => stop === document.body || stop?.localName === 'button' || stop?.getAttribute('type') === 'radio')).toBe(true);
  });

  it('is not exposed on the contact step either, next to the real text fields', async () => {
    const { element } = host();
    await mountWidget(element).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await answerUpToConsent(user, q);
    await user.click(q.getByRole('button', { name: 'Zurück' }));
    await q.findByRole('heading', { level: 2, name: 'Wohin dürfen wir Ihre Auswertung schicken?' });
    const boxes = q.getAllByRole('textbox');
    expect(boxes.map((box: HTMLElement) => box.getAttribute('autocomplete'))).toEqual(['name', 'email', 'organization']);
    expect(boxes).not.toContain(trapOf(element));
    expect(q.getAllByRole('textbox', { hidden: true })).toContain(trapOf(element));
  });

  it('drops a lead whose honeypot was filled (bots: "drop", the default); the bot still sees the ending', async () => {
    const received = receiver();
    const { element, of } = host();
    await mountWidget(element).ready;
    const user = userEvent.setup();
    await fillTrap(user, element);
    const q = await chooseStudent(element, user);
    expect(await q.findByRole('heading', { level: 2, name: STUDENT_END_DE })).toBeTruthy();
    await settle();
    expect(received).toEqual([]);
    expect(of('delivered')).toEqual([]);
    expect(of('error')).toEqual([]);
  });

  it('sends the lead marked as a suspected bot with bots: "flag"', async () => {
    const received = receiver();
    const sent = responsesSent(1);
    const { element } = host();
    const mountedAt = Date.now();
    await mountWidget(element, { bots: 'flag' }).ready;
    const user = userEvent.setup();
    await fillTrap(user, element);
    await chooseStudent(element, user);
    await sent;

    expect(received).toHaveLength(1);
    const { meta } = received[0]!.body.data;
    expect(meta.suspectedBot).toEqual({ honeypot: true, tooFast: false, fillMs: expect.any(Number) });
    const { fillMs } = meta.suspectedBot as { fillMs: number };
    expect(fillMs).toBeGreaterThanOrEqual(0);
    expect(fillMs).toBeLessThanOrEqual(Date.now() - mountedAt);
    expect(meta.ending).toBe('end_student');
  });

  it('drops the partial and the final lead alike on a flow with partial leads', async () => {
    const received = receiver();
    const { element } = host();
    await mountWidget(element, { flow: partialFlow() }).ready;
    const user = userEvent.setup();
    const q = shadowOf(element);
    await fillTrap(user, element);
    await answerUpToConsent(user, q);
    await consentAndSubmit(user, q);
    await settle();
    expect(received).toEqual([]);
  });
});

describe('bots: the minimum fill time', () => {
  async function finishFast(options: Partial<LeadFlowOptions>) {
    const received = receiver();
    const { element, of } = host();
    await mountWidget(element, options).ready;
    const q = await chooseStudent(element);
    expect(await q.findByRole('heading', { level: 2, name: STUDENT_END_DE })).toBeTruthy();
    return { received, of };
  }

  it('drops a lead sent faster than minFillMs', async () => {
    const { received } = await finishFast({ minFillMs: 60_000 });
    await settle();
    expect(received).toEqual([]);
  });

  it('applies the default of 1500 ms when minFillMs is not set', async () => {
    const { received } = await finishFast({ minFillMs: undefined });
    await settle();
    expect(received).toEqual([]);
  });

  it('flags a lead sent faster than minFillMs with bots: "flag"', async () => {
    const sent = responsesSent(1);
    const { received } = await finishFast({ minFillMs: 60_000, bots: 'flag' });
    await sent;
    expect(received).toHaveLength(1);
    expect(received[0]!.body.data.meta.suspectedBot).toEqual({ honeypot: false, tooFast: true, fillMs: expect.any(Number) });
    expect((received[0]!.body.data.meta.suspectedBot as { fillMs: number }).fillMs).toBeLessThan(60_000);
  });

  it('sends a lead normally, without suspectedBot, with minFillMs 0 and an empty honeypot', async () => {
    const sent = responsesSent(1);
    const { received, of } = await finishFast({ minFillMs: 0 });
    await sent;
    expect(received).toHaveLength(1);
    expect(received[0]!.body.type).toBe('lead.submitted');
    expect(received[0]!.body.data.meta).not.toHaveProperty('suspectedBot');
    expect(of('submit')).toHaveLength(1);
  });
});
