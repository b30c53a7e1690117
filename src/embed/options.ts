import type { RetryPolicy } from '../delivery/index.ts';
import type { LeadFlowEvents } from './events.ts';

/** @default 1500: a person needs longer than this for even the shortest path (one click and a submit). */
export const DEFAULT_MIN_FILL_MS = 1500;

/** Options of one widget; each has a `data-leadflow-*` attribute twin (see `readDataOptions`). */
export interface LeadFlowOptions {
  /**
   * The flow: a URL of its JSON file, `#id` of an inline `<script type="application/json">`,
   * or the flow object itself.
   * @example "/flows/demo.json"
   */
  flow: string | object;
  /** Where leads are posted; overrides the flow's `webhook`. */
  webhook?: string;
  /**
   * The visitor's language; else the browser's languages matched against the flow's locales.
   * @example "de"
   */
  locale?: string;
  /**
   * `simple` posts `text/plain` without custom headers, so the browser sends no CORS preflight
   * (for receivers that cannot answer one); the lead id is then only in the body. The answer
   * still needs `Access-Control-Allow-Origin`, or the lead is taken as unanswered and sent again.
   * @default "cors"
   */
  transport?: 'cors' | 'simple';
  /** Hidden fields for the lead and for conditions, e.g. `{ plan: "pro" }`. */
  hidden?: Record<string, string>;
  /** Retry timing for the webhook (backoff; `attempts` bounds analytics batches only). @default DEFAULT_RETRY */
  retry?: RetryPolicy;
  /** The fetch used for the flow file and the webhook. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * A suspected bot (the hidden honeypot field filled in, or the form sent faster than
   * `minFillMs`): `drop` sends nothing, `flag` sends the lead with `meta.suspectedBot`. Either
   * way it sees the normal end screen.
   * @default "drop"
   */
  bots?: 'drop' | 'flag';
  /**
   * Sent sooner than this after the first step was shown, a lead counts as a bot's.
   * @default 1500
   */
  minFillMs?: number;
  /**
   * `inline` in the page; `popup` (a centred modal dialog), `slider` (a side panel) or
   * `bubble` (a floating button that opens a panel) open on a `[data-leadflow-open]` click,
   * `LeadFlow.open()` or a trigger.
   * @default "inline"
   */
  mode?: Mode;
  /**
   * When a popup, slider or bubble opens by itself: `timer:10` (seconds), `scroll:50` (percent
   * of the page), `exit` (the pointer leaves the page at the top; desktop), comma-separated.
   * Not again for a visitor who closed it once.
   * @example "timer:20,exit"
   */
  trigger?: string;
  /**
   * An inline widget loads its flow only when it comes near the viewport.
   * @default true
   */
  lazy?: boolean;
  /**
   * Keep the visitor's progress in sessionStorage, so a reload returns to the same step.
   * @default true
   */
  resume?: boolean;
  /**
   * Where funnel events are posted in batches; overrides the flow's `analytics`. Ids, steps
   * and times only, never answers (see README, "Conversion insights").
   * @example "https://stats.example.com/leadflow"
   */
  analytics?: string;
  /**
   * An A/B test set on the page instead of in the flow: variants by id with weights, each the
   * flow as it is (the control) or another flow file. Replaces the flow's `variants`. Also
   * the attribute's text: `"control 1, short=/flows/short.json 1"`.
   * @example [{ id: "control", weight: 1 }, { id: "short", weight: 1, flow: "/flows/short.json" }]
   */
  variants?: Array<{ id: string; weight: number; flow?: string }> | string;
  /** Also push every event to Google Tag Manager's `window.dataLayer` (if the page has one). @default false */
  dataLayer?: boolean;
  /** Called with each event's detail, like the `leadflow:*` DOM events. */
  onReady?: (detail: LeadFlowEvents['ready']) => void;
  onStep?: (detail: LeadFlowEvents['step']) => void;
  onSubmit?: (detail: LeadFlowEvents['submit']) => void;
  onQualified?: (detail: LeadFlowEvents['qualified']) => void;
  onDelivered?: (detail: LeadFlowEvents['delivered']) => void;
  onClose?: (detail: LeadFlowEvents['close']) => void;
  onError?: (detail: LeadFlowEvents['error']) => void;
  onView?: (detail: LeadFlowEvents['view']) => void;
  onStart?: (detail: LeadFlowEvents['start']) => void;
  onStepView?: (detail: LeadFlowEvents['step_view']) => void;
  onStepComplete?: (detail: LeadFlowEvents['step_complete']) => void;
  onAbandon?: (detail: LeadFlowEvents['abandon']) => void;
}

export const modes = ['inline', 'popup', 'slider', 'bubble'] as const;
export type Mode = (typeof modes)[number];

/** The widget's mode; one it does not know (`"modal"`, a typo) shows it inline. */
export const modeOf = (options: LeadFlowOptions): Mode => (modes.includes(options.mode!) ? options.mode! : 'inline');

/** A mounted widget. */
export interface LeadFlowHandle {
  /** Settles once the flow is shown or its error is; never rejects. */
  readonly ready: Promise<void>;
  /** Opens a popup, slider or bubble panel; an inline widget is scrolled into view. */
  open(): void;
  close(): void;
  /** Removes the widget and every listener, timer and node it added; a lead being sent is still delivered. */
  unmount(): void;
}

const attribute = (element: Element, name: string) => element.getAttribute(`data-leadflow-${name}`) ?? undefined;

/** Milliseconds as written: a number from 0, not blank (`Number(" ")` is 0: the bot check off). */
const millis = (text = '') => (text.trim() && Number(text) >= 0 && Number(text) < Infinity ? Number(text) : undefined);

// Written without a value (`data-leadflow-datalayer`), as HTML's own boolean attributes are: true.
const BOOLEAN = ['true', 'false', ''];
/** The values of the attributes that take a few, the default first: anything else is reported. */
const VALUES: Record<string, string[]> = { transport: ['cors', 'simple'], bots: ['drop', 'flag'], lazy: BOOLEAN, resume: BOOLEAN, datalayer: ['false', 'true', ''] };
/** Every `data-leadflow-*` name a widget's element may carry, besides `-hidden-<name>` (`-state` is set by the widget). */
const NAMES = ['webhook', 'locale', 'hidden', 'min-fill-ms', 'mode', 'trigger', 'analytics', 'variants', ...Object.keys(VALUES), 'state'];

/**
 * Says in the console what the element's attributes get wrong, as the site owner wrote them: a
 * name LeadFlow does not read (`-webook`: the flow's own webhook would get the leads), a value it
 * does not know (`bots="flagged"`: suspected bots' leads dropped). A mode is checked by mount().
 */
function checkAttributes(element: Element): void {
  for (const { name, value } of element.attributes) {
    const own = name.slice(14);
    if (!name.startsWith('data-leadflow-') || own.startsWith('hidden-')) continue;
    const values = VALUES[own];
    if (!NAMES.includes(own)) {
      // The known name sharing the longest start with it: typos are rarely in the first letters.
      let like = '';
      for (let best = 1, i = 0; i < NAMES.length; i++) {
        let n = 0;
        while (own[n] && own[n] === NAMES[i]![n]) n++;
        if (n > best) (best = n), (like = NAMES[i]!);
      }
      console.warn(`LeadFlow: unknown ${name}${like && ` (data-leadflow-${like}?)`}`);
    } else if (values ? !values.includes(value) : own === 'min-fill-ms' && millis(value) === undefined)
      console.warn(`LeadFlow: ${name}="${value}" is not ${values?.filter(String) || 'a number ≥ 0'}, the default is used`);
  }
}

/**
 * Options from the element's data attributes: `data-leadflow` (the flow), `-webhook`,
 * `-locale`, `-transport`, `-hidden` (`plan=pro&team=sales`) and `-hidden-<name>`, `-bots`,
 * `-min-fill-ms`, `-mode`, `-trigger`, `-lazy`, `-resume`, `-datalayer`, `-analytics` and
 * `-variants` (`control 1, short=/flows/short.json 1`).
 */
export function readDataOptions(element: Element): LeadFlowOptions {
  checkAttributes(element);
  const hidden = attribute(element, 'hidden');
  const transport = attribute(element, 'transport');
  const mode = attribute(element, 'mode') as Mode;
  // `data-leadflow-hidden-plan="pro"`: one attribute per field, next to the `a=1&b=2` form.
  const named = [...element.attributes].flatMap((a) =>
    a.name.startsWith('data-leadflow-hidden-') ? [[a.name.slice(21), a.value] as const] : [],
  );
  return {
    flow: element.getAttribute('data-leadflow') ?? '',
    webhook: attribute(element, 'webhook'),
    locale: attribute(element, 'locale'),
    transport: transport === 'simple' ? 'simple' : 'cors',
    hidden: hidden || named.length ? { ...Object.fromEntries(new URLSearchParams(hidden)), ...Object.fromEntries(named) } : undefined,
    bots: attribute(element, 'bots') === 'flag' ? 'flag' : 'drop',
    minFillMs: millis(attribute(element, 'min-fill-ms')) ?? DEFAULT_MIN_FILL_MS,
    // As written: mount() says so when it is no mode it knows.
    ...(mode && { mode }),
    trigger: attribute(element, 'trigger'),
    lazy: attribute(element, 'lazy') !== 'false',
    resume: attribute(element, 'resume') !== 'false',
    dataLayer: /^(true|)$/.test(attribute(element, 'datalayer') ?? 'false'),
    analytics: attribute(element, 'analytics'),
    variants: attribute(element, 'variants'),
  };
}
