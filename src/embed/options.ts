import type { RetryPolicy } from '../delivery/index.ts';

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
   * (for receivers that cannot answer one); the lead id is then only in the body.
   * @default "cors"
   */
  transport?: 'cors' | 'simple';
  /** Hidden fields for the lead and for conditions, e.g. `{ plan: "pro" }`. */
  hidden?: Record<string, string>;
  /** Retry timing for the webhook. @default DEFAULT_RETRY */
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
}

/** A mounted widget. */
export interface LeadFlowHandle {
  /** Settles once the flow is shown or its error is; never rejects. */
  readonly ready: Promise<void>;
  /** Removes the widget and everything it listens to; a lead being sent is still delivered. */
  unmount(): void;
}

const attribute = (element: Element, name: string) => element.getAttribute(`data-leadflow-${name}`) ?? undefined;

/**
 * Options from the element's data attributes: `data-leadflow` (the flow), `-webhook`,
 * `-locale`, `-transport`, `-hidden` (`plan=pro&team=sales`), `-bots` and `-min-fill-ms`.
 */
export function readDataOptions(element: Element): LeadFlowOptions {
  const hidden = attribute(element, 'hidden');
  const transport = attribute(element, 'transport');
  const minFill = Number(attribute(element, 'min-fill-ms'));
  return {
    flow: element.getAttribute('data-leadflow') ?? '',
    webhook: attribute(element, 'webhook'),
    locale: attribute(element, 'locale'),
    transport: transport === 'simple' ? 'simple' : 'cors',
    hidden: hidden ? Object.fromEntries(new URLSearchParams(hidden)) : undefined,
    bots: attribute(element, 'bots') === 'flag' ? 'flag' : 'drop',
    minFillMs: Number.isFinite(minFill) && attribute(element, 'min-fill-ms') ? minFill : DEFAULT_MIN_FILL_MS,
  };
}
