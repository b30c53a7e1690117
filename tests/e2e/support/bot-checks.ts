import type { Page } from 'playwright-core';
import type { PageSession } from './browser.ts';
import { SCRIPT_TAG, widgetElement } from './embed-pages.ts';
import { inlineFlow, landingPage } from './pages.ts';
import type { BrowserSuite } from './suite.ts';

/** 2026-05-04T08:00:00Z: the visitor's wall clock when a test's page opens. */
export const T = Date.UTC(2026, 4, 4, 8, 0, 0);

export interface Lead {
  type: string;
  data: { id: string; answers: Record<string, { value: unknown }>; contact: Record<string, string>; meta: Record<string, unknown> };
}

/** The `leadflow:*` events a site owner can listen to, with their funnel events. */
export const OWNER_EVENTS = ['ready', 'step', 'submit', 'qualified', 'delivered', 'error', 'view', 'start', 'step_view', 'step_complete', 'abandon'];

/** One e-mail (prefilled from `?email=` when the link carries it), then the end: a newsletter sign-up. */
export const EMAIL_ONLY = {
  id: 'newsletter',
  version: 1,
  title: 'Newsletter abonnieren',
  locales: ['de'],
  steps: [
    { id: 'contact', type: 'contact', title: 'Wohin dürfen wir den Newsletter schicken?', fields: [{ id: 'email', kind: 'email', prefill: 'email' }] },
    { id: 'end', type: 'end', title: 'Danke für Ihre Anmeldung' },
  ],
};

/** A consent alone, then the end: a callback request under a page that already knows the visitor. */
export const CONSENT_ONLY = {
  id: 'callback',
  version: 1,
  locales: ['de'],
  steps: [
    { id: 'ok', type: 'consent', title: 'Rückruf anfordern', label: 'Ja, bitte rufen Sie mich zurück.' },
    { id: 'end', type: 'end', title: 'Wir rufen Sie an' },
  ],
};

/** Two one-tap choices with auto-advance, then a consent that sends: a quick quiz. */
export const QUICK_QUIZ = {
  id: 'quiz',
  version: 1,
  locales: ['de'],
  autoAdvance: true,
  steps: [
    { id: 'size', type: 'single_choice', title: 'Wie groß ist Ihr Team?', options: [{ id: 'small', label: 'Bis 10' }, { id: 'big', label: 'Mehr als 10' }] },
    { id: 'when', type: 'single_choice', title: 'Wann wollen Sie starten?', options: [{ id: 'now', label: 'Sofort' }, { id: 'later', label: 'Später' }] },
    { id: 'email', type: 'contact', title: 'Ihre E-Mail', fields: [{ id: 'email', kind: 'email', prefill: 'email' }] },
    { id: 'end', type: 'end', title: 'Danke' },
  ],
};

export interface FormPage {
  flow: unknown;
  /** `data-leadflow-*` attributes besides the flow, webhook and locale (no min-fill-ms: the default). */
  attributes?: Record<string, string>;
  /** Page content before the widget, e.g. a screenful of text that puts it below the fold. */
  before?: string;
  /** Page content after the widget (openers, links). */
  after?: string;
  /** Response headers, e.g. `cache-control: no-cache` so the page may enter the back/forward cache. */
  headers?: Record<string, string>;
}

/** A landing page with one widget of `flow`, under the default bot checks (1.5 s, honeypot, drop). */
export function formPage(suite: BrowserSuite, path: string, { flow, attributes = {}, before = '', after = '', headers }: FormPage): string {
  const element = widgetElement({ '': '#flow', '=id': 'form', webhook: suite.receiver.url, locale: 'de', ...attributes });
  return suite.site.page(path, landingPage(inlineFlow('flow', flow) + before + element + after + SCRIPT_TAG), headers);
}

/**
 * Records every `leadflow:*` event a site owner could listen to on `document`, and what the
 * page logs, from before the page's scripts run; read with `ownerEvents`.
 */
export async function recordOwnerView(page: Page): Promise<void> {
  await page.addInitScript((names: string[]) => {
    const events: Array<{ type: string; detail: unknown }> = [];
    Object.assign(window, { __ownerEvents: events });
    for (const name of names)
      document.addEventListener(`leadflow:${name}`, (e) => events.push({ type: e.type.slice(9), detail: JSON.parse(JSON.stringify((e as CustomEvent).detail)) }));
  }, OWNER_EVENTS);
}

export const ownerEvents = (page: Page): Promise<Array<{ type: string; detail: Record<string, unknown> }>> =>
  page.evaluate(() => (window as unknown as { __ownerEvents: Array<{ type: string; detail: Record<string, unknown> }> }).__ownerEvents);

/**
 * Opens `url` with the page's clock (wall clock, `performance.now()`, timers) under the test's
 * control: paused at `T` before the page loads, so only `page.clock.runFor` moves it and the
 * test's own work (clicks, waits) takes no time on it: a visitor's seconds are exact. `later`
 * opens it that much after `T` (a tab the browser restores after a crash).
 */
export async function openPaused(suite: BrowserSuite, url: string, session?: PageSession, later = 0): Promise<PageSession> {
  const opened = session ?? (await suite.sessions.open());
  await recordOwnerView(opened.page);
  await opened.page.clock.install({ time: T + later - 1000 });
  await opened.page.clock.pauseAt(T + later);
  await opened.page.goto(url);
  return opened;
}

/** The page clock's wall time, as `meta.startedAt` writes it. */
export const at = (ms: number) => new Date(T + ms).toISOString();

/** The widget's honeypot as a form filler finds it (by its name; people never see it). */
export const honeypot = (page: Page) => page.locator('input[name="website"]');
