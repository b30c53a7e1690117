import type { Page } from 'playwright-core';

export interface SnippetOptions {
  /** `data-leadflow`: a flow URL or `#id` of an inline flow. */
  flow: string;
  webhook: string;
  locale?: string;
  /**
   * The script tag's bundle: `/leadflow.js` (production) or `/leadflow.dev.js`, which
   * explains a broken flow in words instead of issue codes.
   * @default "/leadflow.js"
   */
  script?: string;
  /**
   * `data-leadflow-min-fill-ms`: a test fills the form faster than any person, so the bot
   * check is off unless a test is about it.
   * @default 0
   */
  minFillMs?: number;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The snippet a landing-page owner pastes: a mount element and the async script tag. */
export function snippet({ flow, webhook, locale = 'de', script = '/leadflow.js', minFillMs = 0 }: SnippetOptions): string {
  return (
    `<div data-leadflow="${escapeAttribute(flow)}" data-leadflow-webhook="${escapeAttribute(webhook)}" ` +
    `data-leadflow-locale="${escapeAttribute(locale)}" data-leadflow-min-fill-ms="${minFillMs}"></div>\n` +
    `<script src="${escapeAttribute(script)}" async></script>`
  );
}

/** A plain landing page around `body`. */
export function landingPage(body: string, head = ''): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PipeLight – Vertrieb ohne Blindflug</title>
${head}
</head>
<body>
<h1>PipeLight</h1>
<p>Die Pipeline-Software für kleine Vertriebsteams.</p>
${body}
</body>
</html>`;
}

/**
 * JSON for an inline `<script type="application/json">`: `<` escaped as `\u003c`, which is
 * still the same JSON, so a `</script>` inside a string cannot end the element early.
 */
export function inlineFlow(id: string, flow: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(flow).replace(/</g, '\\u003c')}</script>`;
}

export interface RecordedEvent {
  type: string;
  detail: unknown;
}

const EVENT_NAMES = ['ready', 'step', 'submit', 'qualified', 'error'].map((name) => `leadflow:${name}`);

/**
 * Records every `leadflow:*` event (they bubble to the document) from before the page's
 * own scripts run; read them with `recordedEvents`.
 */
export async function recordLeadFlowEvents(page: Page): Promise<void> {
  await page.addInitScript((names: string[]) => {
    const events: Array<{ type: string; detail: unknown }> = [];
    Object.assign(window, { __leadflowEvents: events });
    for (const name of names) document.addEventListener(name, (e) => events.push({ type: e.type, detail: (e as CustomEvent).detail }));
  }, EVENT_NAMES);
}

/** The demo flow's first option that ends it at once (the student ending). */
export const STUDENT = 'Ich bin Student:in';

/**
 * Chooses "student" and submits, on a page recording its events (`recordLeadFlowEvents`);
 * returns the lead id from the widget's `leadflow:submit` event.
 */
export async function submitStudentLead(page: Page): Promise<string> {
  await page.getByRole('radio', { name: STUDENT }).check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  const id = await page.waitForFunction(() => {
    const events = (window as unknown as { __leadflowEvents: Array<{ type: string; detail: { leadId?: string } }> }).__leadflowEvents;
    return events.find((e) => e.type === 'leadflow:submit')?.detail.leadId;
  });
  return (await id.jsonValue()) as string;
}

export function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { __leadflowEvents: RecordedEvent[] }).__leadflowEvents);
}

/**
 * What has focus inside the widget's shadow root (`document.activeElement` is only the host):
 * the tag and text of `shadowRoot.activeElement`, or null when focus is elsewhere.
 */
export function focusInWidget(page: Page): Promise<{ tag: string; text: string } | null> {
  return page.evaluate(() => {
    const host = document.querySelector('[data-leadflow]');
    const active = host?.shadowRoot?.activeElement;
    if (!host || document.activeElement !== host || !active) return null;
    return { tag: active.tagName, text: (active.textContent ?? '').trim() };
  });
}
