import { collectAttribution } from '../delivery/index.ts';
import { storedValue } from './session-store.ts';

/**
 * The first touch of this visit: campaign parameters, referrer and landing page of the first
 * page that carried the widget, kept in sessionStorage so a lead sent three pages later still
 * says where the visitor came from. A later page with its own campaign parameters does not
 * replace it (first touch); a new tab or visit starts afresh.
 */
export function firstTouch(win: Window): Record<string, string> {
  const stored = storedValue<Record<string, string>>(() => win.sessionStorage, 'leadflow:touch');
  const known = stored.load();
  // sessionStorage is the page's: only what this function writes is sent as attribution.
  if (known && typeof known === 'object' && Object.values(known).every((value) => typeof value === 'string')) return known;
  const touch = {
    ...collectAttribution(openedAddress(win), win.document.referrer),
    landingPage: pageAddress(win),
  };
  stored.save(touch);
  return touch;
}

/**
 * The address the page was opened with. A page may tidy its query away before LeadFlow reads it
 * (`history.replaceState`, a router), and behind a cookie banner the script runs only once the
 * visitor consents: the navigation entry keeps the original (the current one where it has none).
 */
const openedAddress = (win: Window): string => win.performance?.getEntriesByType?.('navigation')[0]?.name || win.location.href;

/**
 * The query for prefill, hidden fields and a QA variant: the page's own, or, where the page has
 * tidied it away since it was opened, the one it was opened with.
 */
export const pageQuery = (win: Window) => new URLSearchParams(win.location.search || new URL(openedAddress(win)).search);

/**
 * The page's address for a lead, without its query and fragment (they can carry personal data:
 * a prefilled e-mail). A frame without an address of its own (`about:srcdoc`) gives the page it
 * is embedded in, and a `data:` page no more than that, as its address is its whole source:
 * origin and path gave "nullsrcdoc" there, and a `blob:` page's origin twice.
 */
export function pageAddress(win: Window): string {
  const { protocol, href } = win.location;
  return (protocol === 'about:' ? win.document.baseURI : protocol === 'data:' ? protocol : href).replace(/[?#].*/, '');
}
