import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import type { VisitorAnswers } from './demo-flow.ts';

/** The script tag as a landing page pastes it. */
export const SCRIPT_TAG = '<script src="/leadflow.js" async></script>';

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * A mount element with any `data-leadflow-*` attributes: `{ '': flow, webhook, lazy: 'false' }`
 * gives `data-leadflow="…" data-leadflow-webhook="…" data-leadflow-lazy="false"`; other keys
 * (`id`, `style`) are written as they are when they start with `=`: `{ '=id': 'w1' }`.
 */
export function widgetElement(attributes: Record<string, string | number>): string {
  const written = Object.entries(attributes).map(([name, value]) => {
    const attribute = name.startsWith('=') ? name.slice(1) : name ? `data-leadflow-${name}` : 'data-leadflow';
    return `${attribute}="${escapeAttribute(String(value))}"`;
  });
  return `<div ${written.join(' ')}></div>`;
}

/** A fresh deep copy of demo/flows/saas-bant.json, raw, to change for an inline flow. */
export function demoFlowJson(): DemoFlowJson {
  return JSON.parse(readFileSync(new URL('../../../demo/flows/saas-bant.json', import.meta.url), 'utf8')) as DemoFlowJson;
}

export interface DemoFlowJson {
  id: string;
  version: number;
  hidden?: string[];
  theme?: Record<string, string>;
  steps: Array<{ id: string; type: string; prefill?: string; fields?: Array<{ id: string; kind: string; prefill?: string }> }>;
  [key: string]: unknown;
}

export interface PageEvent {
  type: string;
  /** `id` of `event.target` as the listener sees it (retargeted out of shadow roots); `#document` for the document. */
  target: string;
  detail: unknown;
}

export const EVENT_TYPES = ['ready', 'step', 'submit', 'qualified', 'delivered', 'close', 'error'].map((name) => `leadflow:${name}`);

/** Records every `leadflow:*` event reaching `document` or `window`, from before the page's scripts run. */
export async function recordEventsOn(page: Page, where: 'document' | 'window'): Promise<void> {
  await page.addInitScript(
    ({ names, where }: { names: string[]; where: string }) => {
      const events: Array<{ type: string; target: string; detail: unknown }> = [];
      Object.assign(window, { __embedEvents: events });
      const target = where === 'window' ? window : document;
      for (const name of names)
        target.addEventListener(name, (e) => {
          const t = e.target as Element | Document | null;
          const id = t instanceof Element ? t.id || t.localName : '#document';
          // A copy, so later changes to the object cannot hide what was sent.
          events.push({ type: e.type, target: id, detail: JSON.parse(JSON.stringify((e as CustomEvent).detail)) });
        });
    },
    { names: EVENT_TYPES, where },
  );
}

export const pageEvents = (page: Page): Promise<PageEvent[]> =>
  page.evaluate(() => (window as unknown as { __embedEvents: PageEvent[] }).__embedEvents);

type Scope = Page | Locator;

/** `answerDemoFlow` of demo-flow.ts, inside one widget (`scope`), for pages with several. */
export async function answerDemoFlowIn(scope: Scope, answers: VisitorAnswers): Promise<void> {
  const s = scope as Locator;
  const next = () => s.getByRole('button', { name: 'Weiter' }).click();
  await s.getByRole('radio', { name: answers.role }).check();
  await next();
  await s.getByRole('heading', { name: 'Was möchten Sie verbessern?' }).waitFor();
  for (const need of answers.needs) await s.getByRole('checkbox', { name: need }).check();
  await next();
  await s.getByRole('textbox', { name: 'Wie viele Personen arbeiten in Ihrem Vertrieb?' }).fill(answers.teamSize);
  await next();
  await s.getByRole('radio', { name: answers.budget }).check();
  await next();
  await s.getByRole('radio', { name: answers.timeline }).check();
  await next();
  await s.getByLabel('Name', { exact: true }).fill(answers.name);
  await s.getByLabel('E-Mail-Adresse').fill(answers.email);
  await next();
  await s.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
  await s.getByRole('button', { name: 'Absenden' }).click();
}

/**
 * Counts, in the page's main world, what a widget could leave behind: event listeners still
 * registered (per target type; listeners on nodes no longer in the document do not count, as
 * those nodes are gone with them) and pending setTimeout/setInterval timers. `once` and
 * `signal` listeners are followed too. Read with `leakCounts`.
 */
export async function instrumentListenersAndTimers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Listener = EventListenerOrEventListenerObject;
    interface Registration {
      target: EventTarget;
      type: string;
      listener: Listener;
      registered: Listener;
      capture: boolean;
    }
    const registrations = new Set<Registration>();
    const proto = EventTarget.prototype;
    const add = proto.addEventListener;
    const remove = proto.removeEventListener;
    const captureOf = (options: boolean | EventListenerOptions | undefined) => (typeof options === 'boolean' ? options : !!options?.capture);
    const find = (target: EventTarget, type: string, listener: Listener, capture: boolean) => {
      for (const r of registrations) if (r.target === target && r.type === type && r.listener === listener && r.capture === capture) return r;
      return undefined;
    };
    proto.addEventListener = function (this: EventTarget, type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions) {
      if (!listener) return add.call(this, type, listener, options);
      const capture = captureOf(options);
      if (find(this, type, listener, capture)) return;
      const signal = typeof options === 'object' ? options.signal : undefined;
      if (signal?.aborted) return;
      const once = typeof options === 'object' && !!options.once;
      const registration: Registration = { target: this, type, listener, registered: listener, capture };
      if (once)
        registration.registered = function (this: unknown, event: Event) {
          registrations.delete(registration);
          return typeof listener === 'function' ? listener.call(this, event) : listener.handleEvent(event);
        };
      registrations.add(registration);
      signal && add.call(signal, 'abort', () => registrations.delete(registration), { once: true });
      add.call(this, type, registration.registered, options);
    };
    proto.removeEventListener = function (this: EventTarget, type: string, listener: Listener | null, options?: boolean | EventListenerOptions) {
      const registration = listener ? find(this, type, listener, captureOf(options)) : undefined;
      if (registration) registrations.delete(registration);
      remove.call(this, type, registration?.registered ?? listener, options);
    };

    const pending = new Set<number>();
    const { setTimeout: setT, clearTimeout: clearT, setInterval: setI, clearInterval: clearI } = window;
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      const id: number = setT(
        (...a: unknown[]) => {
          pending.delete(id);
          if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
        },
        ms,
        ...args,
      );
      pending.add(id);
      return id;
    }) as typeof setTimeout;
    window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      const id: number = setI(handler, ms, ...args);
      pending.add(id);
      return id;
    }) as typeof setInterval;
    window.clearTimeout = ((id?: number) => {
      if (id !== undefined) pending.delete(id);
      clearT(id);
    }) as typeof clearTimeout;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) pending.delete(id);
      clearI(id);
    }) as typeof clearInterval;

    const typeName = (target: EventTarget) =>
      target === window ? 'Window' : target === document ? 'Document' : (Object.getPrototypeOf(target) as object).constructor.name;
    Object.assign(window, {
      __leaks: () => {
        const listeners: Record<string, number> = {};
        for (const r of registrations) {
          if (r.target instanceof Node && !r.target.isConnected) continue;
          const key = typeName(r.target);
          listeners[key] = (listeners[key] ?? 0) + 1;
        }
        return { listeners, timers: pending.size };
      },
    });
  });
}

export interface LeakCounts {
  listeners: Record<string, number>;
  timers: number;
}

export const leakCounts = (page: Page): Promise<LeakCounts> => page.evaluate(() => (window as unknown as { __leaks: () => LeakCounts }).__leaks());
