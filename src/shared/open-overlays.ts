const OPEN = Symbol.for('leadflow.open');

/**
 * The page's open popups, sliders and bubble panels (their host elements), whichever copy of
 * LeadFlow opened them. A selector cannot find those inside a web component's shadow root, so
 * a trigger opened a popup over such a one, and a bubble went into the top layer above it.
 */
export const openOverlays = (doc: Document): Set<Element> => ((doc as Document & { [OPEN]?: Set<Element> })[OPEN] ??= new Set());

/** The attribute an open widget's element carries, for the page's styles and older copies of LeadFlow. */
export const OPEN_STATE = 'data-leadflow-state';

/** Marks `element`'s widget open or closed: its attribute, and the document's list. */
export function markOpen(element: Element, open: boolean): void {
  if (open) element.setAttribute(OPEN_STATE, 'open');
  else element.removeAttribute(OPEN_STATE);
  openOverlays(element.ownerDocument)[open ? 'add' : 'delete'](element);
}

/** The page's open popups, sliders and bubble panels: listed, or marked by an older copy of LeadFlow. */
export const openHosts = (doc: Document): Set<Element> => new Set([...openOverlays(doc), ...doc.querySelectorAll(`[${OPEN_STATE}]`)]);

/** Whether one is open on the page (a host removed without unmount() is not). */
export const anyOpen = (doc: Document): boolean => [...openHosts(doc)].some((open) => open.isConnected);

/**
 * Whether the page shows a modal of its own script (`aria-modal`: Bootstrap, focus-trap, Alpine's
 * x-trap, a consent dialog), whose trap would take every key and click of a popup opened over
 * it. Seen, not only laid out: a shop theme's closed cart drawer is `visibility: hidden`.
 */
export const pageModalShown = (doc: Document): boolean =>
  [...doc.querySelectorAll('[aria-modal="true"]')].some((modal) => modal.checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) ?? modal.getClientRects().length > 0);

/**
 * A modal dialog as a selector. Where `:modal` is unknown (Chrome before 105, Firefox before 103,
 * Safari before 15.6: they have `<dialog>`) it would throw, so there it matches nothing: no dialog
 * is taken for modal, and a popup a single-page app moved is shown modal again.
 */
export const MODAL_DIALOG = globalThis.CSS?.supports?.('selector(:modal)') === false ? 'dialog:not(*)' : 'dialog:modal';

/** A modal dialog open on the page: the page's own, or a LeadFlow popup or slider in any shadow root. */
export const openModal = (doc: Document): Element | null | undefined =>
  doc.querySelector(MODAL_DIALOG) ?? [...openOverlays(doc)].map((host) => host.shadowRoot?.querySelector(MODAL_DIALOG)).find(Boolean);
