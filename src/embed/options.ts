import type { RetryPolicy } from '../delivery/index.ts';

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
 * `-locale`, `-transport` and `-hidden` (`plan=pro&team=sales`).
 */
export function readDataOptions(element: Element): LeadFlowOptions {
  const hidden = attribute(element, 'hidden');
  const transport = attribute(element, 'transport');
  return {
    flow: element.getAttribute('data-leadflow') ?? '',
    webhook: attribute(element, 'webhook'),
    locale: attribute(element, 'locale'),
    transport: transport === 'simple' ? 'simple' : 'cors',
    hidden: hidden ? Object.fromEntries(new URLSearchParams(hidden)) : undefined,
  };
}
