import { within } from '@testing-library/preact';
import { expect, vi } from 'vitest';
import type { LeadEnvelope } from '../../../src/delivery/index.ts';
import { host, mountWidget } from '../../embed/support/harness.ts';

/** Input a visitor may type or paste, that a widget must keep, show and send as plain text. */
export const EMOJI = '👩‍💻🚀';
export const ARABIC = 'مرحبا بالعالم';
export const HEBREW = 'שלום';
export const MARKUP = '<img src=x onerror=alert(1)><script>alert(1)</script>';
/** Left-to-right and right-to-left in one answer, with digits and an emoji. */
export const MIXED = `Team ${HEBREW} 2026 ${ARABIC} ${EMOJI}`;
/** A pasted novel: 10,000 characters of ordinary text (no space at the end, which e-mail fields strip). */
export const TEN_THOUSAND = `${'Dies ist ein sehr langer Text. '.repeat(400).slice(0, 9_999)}!`;

/**
 * A widget mounted the way a page gets it: in an open shadow root, with a fetch that records
 * every webhook call (and answers 204), `window.alert` spied on, and the page's events recorded.
 */
export async function mountFlow(flow: object) {
  const alert = vi.spyOn(window, 'alert').mockImplementation(() => {});
  const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 204 }));
  const page = host();
  const handle = mountWidget(page.element, { flow, fetch });
  await handle.ready;
  const root = page.element.shadowRoot!;
  // Queries within the widget's container element inside the shadow root: with the shadow root
  // itself as container, a failing query throws "Expected an element or document" instead of
  // its message.
  const q = within(root.lastElementChild as HTMLElement);
  /** Leads the webhook received, in order. */
  const sent = () => fetch.mock.calls.map(([, init]) => JSON.parse(String(init?.body)) as LeadEnvelope);
  /**
   * Nothing ran, and no element was made from flow or visitor text, in the widget or the page.
   * (This jsdom runs no scripts at all, so the element check is the one that bites here; the
   * alert spy guards the same in an environment that does.)
   */
  const expectNothingRan = () => {
    expect(root.querySelector('img, script')).toBeNull();
    expect(document.querySelector('img, script')).toBeNull();
    expect(alert).not.toHaveBeenCalled();
  };
  return { ...page, root, q, fetch, alert, sent, expectNothingRan };
}

export type Mounted = Awaited<ReturnType<typeof mountFlow>>;
