import type { Locator, Page } from 'playwright-core';

/** Helpers for the popup / slider / bubble tests (tests/e2e/modes.test.ts). */

export type OverlayMode = 'popup' | 'slider' | 'bubble';

export interface OverlayOptions {
  /** The mount element's id, so tests and openers can name it. */
  id: string;
  mode: OverlayMode;
  webhook: string;
  /** @default "/flows/saas-bant.json" */
  flow?: string;
  /** `data-leadflow-trigger`, e.g. `timer:1`. */
  trigger?: string;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * The mount element of a popup, slider or bubble as a landing-page owner writes it: German,
 * and with the bot check off (a test answers faster than any person).
 */
export function overlayElement({ id, mode, webhook, flow = '/flows/saas-bant.json', trigger }: OverlayOptions): string {
  return (
    `<div id="${id}" data-leadflow="${escapeAttribute(flow)}" data-leadflow-mode="${mode}" ` +
    `data-leadflow-webhook="${escapeAttribute(webhook)}" data-leadflow-locale="de" data-leadflow-min-fill-ms="0"` +
    (trigger ? ` data-leadflow-trigger="${escapeAttribute(trigger)}"` : '') +
    `></div>`
  );
}

export const SCRIPT_TAG = '<script src="/leadflow.js" async></script>';

/** The title of the demo flow: the accessible name of its dialog (and of its bubble). */
export const DEMO_TITLE = 'Passt PipeLight zu Ihrem Team?';
/** The title of demo/flows/bant.json, a second flow with a name of its own. */
export const BANT_FLOW_URL = '/flows/bant.json';
export const BANT_TITLE = 'Passt Relatio CRM zu Ihrem Vertrieb?';

const EVENT_NAMES = ['ready', 'close', 'submit', 'delivered', 'error'].map((name) => `leadflow:${name}`);

export interface ModeEvent {
  type: string;
  /** The id of the element the event was fired on (events bubble and are composed). */
  target: string;
  detail: unknown;
  /** `performance.now()` on the page when it fired. */
  at: number;
}

/** Records `leadflow:*` events (close included), and when dialogs open, from before the page's scripts run. */
export async function recordModeEvents(page: Page): Promise<void> {
  await page.addInitScript((names: string[]) => {
    const events: Array<{ type: string; target: string; detail: unknown; at: number }> = [];
    const opens: number[] = [];
    Object.assign(window, { __modeEvents: events, __dialogOpens: opens });
    // When a dialog opened, on the page's clock (for triggers: a timer never fires early).
    for (const method of ['show', 'showModal'] as const) {
      const native = HTMLDialogElement.prototype[method];
      HTMLDialogElement.prototype[method] = function (this: HTMLDialogElement) {
        opens.push(performance.now());
        return native.call(this);
      };
    }
    for (const name of names)
      document.addEventListener(name, (e) =>
        events.push({ type: e.type, target: (e.target as Element | null)?.id ?? '', detail: (e as CustomEvent).detail, at: performance.now() }),
      );
  }, EVENT_NAMES);
}

/**
 * Resolves once the page has run its timers due up to page time `at` (`performance.now()`), and
 * the frame and effects after them. A page's timers run in the order they fall due, so any timer
 * the widget armed for an earlier time has fired by then, however busy the machine is: "nothing
 * happened by then" holds without a guess at how long the page needs.
 */
export async function pageTimeReached(page: Page, at: number): Promise<void> {
  await page.evaluate((at) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - performance.now()))), at);
  await settled(page);
}

/**
 * Resolves after the page's next two frames and a task after them: the scroll and pointer events
 * of that frame have been handled, and what Preact renders and runs as effects after it is done.
 * What "a moment later" means on the page itself, not in wall-clock time.
 */
export function settled(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
}

/** Page times (`performance.now()`) at which a widget's `<dialog>` was opened, in order. */
export function dialogOpenedAt(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __dialogOpens: number[] }).__dialogOpens);
}

export function modeEvents(page: Page): Promise<ModeEvent[]> {
  return page.evaluate(() => (window as unknown as { __modeEvents: ModeEvent[] }).__modeEvents);
}

/** Page time of the first `leadflow:ready`: a widget's triggers start counting then. */
export async function readyAt(page: Page): Promise<number> {
  return (await modeEvents(page)).find((e) => e.type === 'leadflow:ready')!.at;
}

/** Resolves once `count` widgets fired `leadflow:ready` (their flow is shown). */
export async function waitForReady(page: Page, count = 1): Promise<void> {
  await page.waitForFunction(
    (n) => (window as unknown as { __modeEvents?: ModeEvent[] }).__modeEvents?.filter((e) => e.type === 'leadflow:ready').length === n,
    count,
  );
}

/** Where focus is, looking through shadow roots, as a screen reader would name it. */
export interface FocusInfo {
  /** `widget`: inside a widget's shadow root; `page`: a page element; `none`: body or nothing. */
  where: 'widget' | 'page' | 'none';
  /** The id of the shadow host (for `widget`) or of the element (for `page`). */
  id: string;
  tag: string;
  /** aria-label, else the text of its labels, else its text. */
  name: string;
  type: string;
  /** Inside the widget's <dialog>. */
  inDialog: boolean;
  className: string;
}

export function focusInfo(page: Page): Promise<FocusInfo> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    let host: Element | null = null;
    while (active?.shadowRoot?.activeElement) {
      host = active;
      active = active.shadowRoot.activeElement;
    }
    if (!active || active === document.body || active === document.documentElement)
      return { where: 'none', id: '', tag: '', name: '', type: '', inDialog: false, className: '' } as const;
    const input = active as HTMLInputElement;
    const labels = input.labels ? [...input.labels].map((l) => l.textContent ?? '').join(' ') : '';
    const name = (active.getAttribute('aria-label') || labels || active.textContent || '').replace(/\s+/g, ' ').trim();
    return {
      where: host ? 'widget' : 'page',
      id: (host ?? active).id,
      tag: active.tagName.toLowerCase(),
      name,
      type: input.type ?? '',
      inDialog: Boolean(active.closest('dialog')),
      className: typeof active.className === 'string' ? active.className : '',
    } as const;
  });
}

/** Presses Tab until the focused element's name matches (at most `max` times); returns every stop. */
export async function tabTo(page: Page, name: RegExp, max = 25): Promise<FocusInfo[]> {
  const stops: FocusInfo[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focus = await focusInfo(page);
    stops.push(focus);
    if (name.test(focus.name)) return stops;
  }
  throw new Error(`Tab never reached ${name}; focus went: ${stops.map((s) => `${s.where}:${s.tag}"${s.name}"`).join(' → ')}`);
}

/** Keyboard only: Tab into the radio group, arrow to the option named `name`, Space. */
export async function chooseRadio(page: Page, name: RegExp): Promise<void> {
  let focus = await focusInfo(page);
  for (let i = 0; i < 25 && focus.type !== 'radio'; i++) {
    await page.keyboard.press('Tab');
    focus = await focusInfo(page);
  }
  for (let i = 0; i < 10 && !name.test(focus.name); i++) {
    await page.keyboard.press('ArrowDown');
    focus = await focusInfo(page);
  }
  if (focus.type !== 'radio' || !name.test(focus.name)) throw new Error(`no radio ${name} reached by keyboard (at ${focus.tag} "${focus.name}")`);
  await page.keyboard.press('Space');
}

/** The `<dialog>` inside a widget's shadow root (Playwright pierces open shadow roots). */
export const dialogOf = (page: Page, hostId: string): Locator => page.locator(`#${hostId} dialog`);

export const isModal = (dialog: Locator): Promise<boolean> => dialog.evaluate((el) => el.matches(':modal'));
